package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 401: the credential is missing, unknown, revoked or expired. */
public class AuthenticationException extends AgentryApiException {

    public AuthenticationException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
