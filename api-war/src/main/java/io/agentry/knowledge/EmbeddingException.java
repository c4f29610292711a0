package io.agentry.knowledge;

/** An embedding could not be made; {@link #isTransient()} when trying again later may work. */
public class EmbeddingException extends RuntimeException {

    private final boolean transientFailure;

    public EmbeddingException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public EmbeddingException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
