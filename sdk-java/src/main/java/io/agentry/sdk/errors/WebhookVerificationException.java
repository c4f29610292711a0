package io.agentry.sdk.errors;

/**
 * A webhook message failed verification: it must not be trusted. {@link #reason()} says which
 * check failed; a receiver answers such a message with a 4xx (400 or 401), never a 2xx.
 */
public class WebhookVerificationException extends AgentryException {

    /** Which check failed. */
    public enum Reason {
        /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent or blank. */
        MISSING_HEADER,
        /** {@code webhook-timestamp} is not a number of seconds. */
        INVALID_TIMESTAMP,
        /** Signed longer ago than the tolerance: possibly a replay. */
        TIMESTAMP_TOO_OLD,
        /** Signed further in the future than the tolerance: a clock is wrong, or the message forged. */
        TIMESTAMP_TOO_NEW,
        /** No {@code v1} signature matched: another secret, or a changed id, timestamp or body. */
        NO_MATCHING_SIGNATURE,
        /** The signature matched but the body is not a JSON object. */
        INVALID_BODY
    }

    private final Reason reason;

    public WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
