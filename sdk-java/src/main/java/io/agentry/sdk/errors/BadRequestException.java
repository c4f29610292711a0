package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 400: the request was malformed or a field is invalid. */
public class BadRequestException extends AgentryApiException {

    public BadRequestException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
