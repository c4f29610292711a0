package io.agentry.sdk.knowledge;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code POST /api/v1/bases}. Only {@code name} is required. */
public final class BaseCreateParams extends BodyParams {

    private BaseCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends BaseFields<BaseCreateParams, Builder> {
        @Override
        public BaseCreateParams build() {
            if (!has("name")) {
                throw new IllegalStateException("name is required");
            }
            return new BaseCreateParams(this);
        }
    }

    /** The fields create and update share. */
    abstract static class BaseFields<P, B extends BaseFields<P, B>> extends BodyParams.Builder<P, B> {
        public B name(String name) {
            return put("name", name);
        }

        public B description(String description) {
            return put("description", description);
        }

        /** Left out: LOCAL, the server's own model. */
        public B embeddingProvider(EmbeddingProvider provider) {
            return put("embedding_provider", provider);
        }

        /** Left out: the provider's default model. */
        public B embeddingModel(String model) {
            return put("embedding_model", model);
        }

        /** An OpenAI-compatible or Ollama server; left out, the server's configured one. */
        public B embeddingBaseUrl(String baseUrl) {
            return put("embedding_base_url", baseUrl);
        }

        /** Characters per chunk, 100 to 8,000 (default 1,000). */
        public B chunkSize(int chunkSize) {
            return put("chunk_size", chunkSize);
        }

        /** Characters shared by neighbouring chunks, at most half the chunk size. */
        public B chunkOverlap(int chunkOverlap) {
            return put("chunk_overlap", chunkOverlap);
        }
    }
}
