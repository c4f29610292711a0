package io.agentry.sdk.tokens;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code PATCH /api/v1/tokens/{id}}: a new name. (Revoke with {@code revoke}.) */
public final class TokenUpdateParams extends BodyParams {

    private TokenUpdateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BodyParams.Builder<TokenUpdateParams, Builder> {
        public Builder name(String name) {
            return put("name", name);
        }

        @Override
        public TokenUpdateParams build() {
            return new TokenUpdateParams(this);
        }
    }
}
