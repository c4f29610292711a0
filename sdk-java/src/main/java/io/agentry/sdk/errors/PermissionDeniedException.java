package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 403: the credential is valid but lacks the scope or role. */
public class PermissionDeniedException extends AgentryApiException {

    public PermissionDeniedException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
