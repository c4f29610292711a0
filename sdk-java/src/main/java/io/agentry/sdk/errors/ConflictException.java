package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 409: the resource changed, or an idempotency key was reused with another body. */
public class ConflictException extends AgentryApiException {

    public ConflictException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
