package io.agentry.http;

/**
 * Marker for the resource representations the API returns, so the response filter knows which
 * bodies to wrap in the v2 envelope.
 */
public interface ApiResult extends JsonBody {
}
