package io.agentry.llm;

import java.io.IOException;

/** A model or embedding server answered more bytes than {@code AGENTRY_LLM_MAX_RESPONSE_BYTES} allows. */
final class ResponseTooLarge extends IOException {

    private final long max;

    ResponseTooLarge(long max) {
        super("the answer exceeded " + max + " bytes");
        this.max = max;
    }

    long max() {
        return max;
    }
}
