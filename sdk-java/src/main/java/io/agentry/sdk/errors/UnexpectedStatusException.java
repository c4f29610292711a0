package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** Any other error status (405, 413, 415...). */
public class UnexpectedStatusException extends AgentryApiException {

    public UnexpectedStatusException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
