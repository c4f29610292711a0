package io.agentry.sdk.errors;

/** Root of every exception the SDK throws. Unchecked, like the JDK's own client-side failures. */
public class AgentryException extends RuntimeException {

    public AgentryException(String message) {
        super(message);
    }

    public AgentryException(String message, Throwable cause) {
        super(message, cause);
    }
}
