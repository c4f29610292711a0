package io.agentry.http;

/** The X-API-Version: 2 success shape: {@code {"data": ..., "meta": {...}}}. */
public record Envelope(Object data, Meta meta) implements JsonBody {
}
