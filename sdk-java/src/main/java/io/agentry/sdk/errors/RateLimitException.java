package io.agentry.sdk.errors;

import java.util.List;
import java.util.Map;

/** 429: the organization's rate limit is used up (see Retry-After). */
public class RateLimitException extends AgentryApiException {

    public RateLimitException(int status, String code, String message, String field, String requestId, Map<String, List<String>> headers) {
        super(status, code, message, field, requestId, headers);
    }
}
