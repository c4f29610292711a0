package io.agentry.sdk.hooks;

import io.agentry.sdk.core.BodyParams;

/** The body of {@code POST /api/v1/hooks}: {@code targetUrl} and {@code event} are required. */
public final class HookCreateParams extends BodyParams {

    private HookCreateParams(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends HookFields<HookCreateParams, Builder> {
        @Override
        public HookCreateParams build() {
            if (!has("target_url")) {
                throw new IllegalStateException("targetUrl is required");
            }
            if (!has("event")) {
                throw new IllegalStateException("event is required");
            }
            return new HookCreateParams(this);
        }
    }

    /** The fields create and update share. */
    abstract static class HookFields<P, B extends HookFields<P, B>> extends BodyParams.Builder<P, B> {
        /**
         * The receiver: an http(s) URL without query or credentials, whose host the server can
         * reach on a public address (unless its operator allows private ones).
         */
        public B targetUrl(String targetUrl) {
            return put("target_url", targetUrl);
        }

        public B event(HookEvent event) {
            if (event == null || event == HookEvent.UNKNOWN) {
                throw new IllegalArgumentException("event must be a known event or ALL; event(String) takes other names");
            }
            return put("event", event.value());
        }

        /** An event by its wire name, for events newer than this SDK ({@code task_completed} works too). */
        public B event(String event) {
            return put("event", event);
        }

        /** Up to 500 characters; null clears it on update. */
        public B description(String description) {
            return put("description", description);
        }
    }
}
