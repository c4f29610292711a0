package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 404: no such resource in the caller's organization. */
public class NotFoundException extends AgentryApiException {

    public NotFoundException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
