package io.agentry.http;

/**
 * What the API writes as its own JSON ({@link JacksonWriter}): resources, pages, envelopes, errors.
 * A writer declared for this type rather than for Object is the nearest match on every JAX-RS
 * runtime, so no server's built-in JSON-B writer (Payara's, say) can take its place.
 */
public interface JsonBody {
}
