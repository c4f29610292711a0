package io.agentry.sdk.tokens;

import io.agentry.sdk.core.Json;
import io.agentry.sdk.core.ListParams;

/** Filters of {@code GET /api/v1/tokens}. */
public final class TokenListParams extends ListParams {

    private TokenListParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ListParams.Builder<TokenListParams, Builder> {
        /** ACTIVE (which includes expired tokens) or REVOKED. */
        public Builder status(TokenStatus status) {
            if (status != TokenStatus.ACTIVE && status != TokenStatus.REVOKED) {
                throw new IllegalArgumentException("tokens can be listed by status ACTIVE or REVOKED");
            }
            return put("status", Json.wire(status));
        }

        @Override
        public TokenListParams build() {
            return new TokenListParams(this);
        }
    }
}
