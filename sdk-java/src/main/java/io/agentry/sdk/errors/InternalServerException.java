package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 5xx: the server (or a provider behind it) failed. */
public class InternalServerException extends AgentryApiException {

    public InternalServerException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
