package io.agentry.sdk.errors;

/** No response arrived: connection refused or reset, timeout, interrupted (after any retries). */
public class AgentryConnectionException extends AgentryException {

    public AgentryConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
