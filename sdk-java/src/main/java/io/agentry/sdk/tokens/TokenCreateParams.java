package io.agentry.sdk.tokens;

import io.agentry.sdk.core.BodyParams;
import java.time.OffsetDateTime;
import java.util.List;

/** The body of {@code POST /api/v1/tokens}. */
public final class TokenCreateParams extends BodyParams {

    private TokenCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<TokenCreateParams, Builder> {
        public Builder name(String name) {
            return put("name", name);
        }

        /**
         * {@code read}, {@code write}, {@code admin}, or per resource family such as
         * {@code bases:read}, {@code agents:write}. Left out: read and write.
         */
        public Builder scopes(List<String> scopes) {
            return put("scopes", List.copyOf(scopes));
        }

        public Builder scopes(String... scopes) {
            return scopes(List.of(scopes));
        }

        /** Must be in the future; left out, the token does not expire. */
        public Builder expiresAt(OffsetDateTime expiresAt) {
            return put("expires_at", expiresAt);
        }

        /** How the secret starts; left out: {@link KeyPrefix#PK} ({@code pk_}). */
        public Builder keyPrefix(KeyPrefix prefix) {
            return put("key_prefix", io.agentry.sdk.core.Json.wire(prefix));
        }

        @Override
        public TokenCreateParams build() {
            if (!has("name")) {
                throw new IllegalStateException("name is required");
            }
            return new TokenCreateParams(this);
        }
    }
}
