package io.agentry.sdk.errors;

/** A stream of server-sent events broke off, or carried something the SDK could not read. */
public class AgentryStreamException extends AgentryException {

    public AgentryStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
