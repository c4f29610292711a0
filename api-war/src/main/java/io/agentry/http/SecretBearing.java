package io.agentry.http;

/**
 * A representation that carries a secret shown only once (a new token). Stored copies, such as
 * an idempotent replay, use {@link #withoutSecrets()}.
 */
public interface SecretBearing {

    Object withoutSecrets();

    /** The entity as it may be kept: secrets removed, envelope preserved. */
    static Object redact(Object entity) {
        if (entity instanceof SecretBearing secret) {
            return secret.withoutSecrets();
        }
        if (entity instanceof Envelope envelope && envelope.data() instanceof SecretBearing secret) {
            return new Envelope(secret.withoutSecrets(), envelope.meta());
        }
        return entity;
    }
}
