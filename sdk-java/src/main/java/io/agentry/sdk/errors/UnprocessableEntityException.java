package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 422: well-formed but semantically invalid. */
public class UnprocessableEntityException extends AgentryApiException {

    public UnprocessableEntityException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
