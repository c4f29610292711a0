package io.agentry.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import io.agentry.llm.Provider;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * A model call that failed, classified for the caller: a timeout becomes a 504, anything else the
 * provider did (or failed to do) a 502. {@link #retriable()} says whether another attempt may help.
 */
public final class ProviderFailure extends RuntimeException {

    public enum Kind { TIMEOUT, RATE_LIMITED, SERVER_ERROR, REJECTED, UNREACHABLE, NOT_CONFIGURED, CANCELLED }

    private final Kind kind;
    private final Integer providerStatus;

    public ProviderFailure(Kind kind, Integer providerStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.providerStatus = providerStatus;
    }

    public Kind kind() { return kind; }
    public Integer providerStatus() { return providerStatus; }

    public boolean retriable() {
        return kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR || kind == Kind.UNREACHABLE;
    }

    /** The HTTP status Agentry answers with. */
    public int httpStatus() {
        return kind == Kind.TIMEOUT ? 504 : 502;
    }

    /** The error code of the response body or stream error event. */
    public String code() {
        return switch (kind) {
            case TIMEOUT -> "provider_timeout";
            case RATE_LIMITED -> "provider_rate_limited";
            case NOT_CONFIGURED -> "provider_not_configured";
            case UNREACHABLE -> "provider_unreachable";
            case CANCELLED -> "cancelled";
            default -> "provider_error";
        };
    }

    /**
     * Classifies whatever a LangChain4j model call threw. The message names the provider, the
     * status and at most the error's code from the body (say {@code invalid_api_key}), never the
     * body's text nor an address: the server called may be one a tenant named, and what it says
     * is not for the caller (a provider's message may even quote part of the server's key). The
     * cause keeps the whole story for the log.
     */
    public static ProviderFailure of(Provider provider, Throwable error) {
        if (error instanceof ProviderFailure failure) {
            return failure;
        }
        String name = provider.wire();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ResponseTooLarge tooLarge) {
                return new ProviderFailure(Kind.REJECTED, null, name + " answered more than " + tooLarge.max()
                        + " bytes (AGENTRY_LLM_MAX_RESPONSE_BYTES)", error);
            }
            if (t instanceof HttpException http) {
                int status = http.statusCode();
                Kind kind = status == 429 ? Kind.RATE_LIMITED
                        : status == 408 || status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
                String code = ErrorCodes.of(http.getMessage());
                return new ProviderFailure(kind, status, name + " answered HTTP " + status + (code == null ? "" : " (" + code + ")"), error);
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return new ProviderFailure(Kind.TIMEOUT, null, name + " did not answer in time", error);
            }
            if (t instanceof ConnectException || t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return new ProviderFailure(Kind.UNREACHABLE, null, name + " could not be reached", error);
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (message.toLowerCase(Locale.ROOT).contains("timed out") || message.toLowerCase(Locale.ROOT).contains("timeout")) {
            return new ProviderFailure(Kind.TIMEOUT, null, name + " did not answer in time", error);
        }
        return new ProviderFailure(Kind.SERVER_ERROR, null, name + " call failed", error);
    }
}
