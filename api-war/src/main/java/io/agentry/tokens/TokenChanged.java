package io.agentry.tokens;

/** Fired when a token is revoked or deleted; observed after commit to evict it from the auth cache. */
public record TokenChanged(String tokenHash) {
}
