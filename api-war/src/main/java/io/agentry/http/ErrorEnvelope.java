package io.agentry.http;

/** The X-API-Version: 2 error shape: {@code {"error": {...}, "meta": {...}}}. */
public record ErrorEnvelope(ErrorBody.ErrorDetail error, Meta meta) implements JsonBody {
}
