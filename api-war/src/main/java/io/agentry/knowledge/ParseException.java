package io.agentry.knowledge;

/** A document cannot be turned into text; the item fails with this message (no retry helps). */
public class ParseException extends RuntimeException {
    public ParseException(String message) {
        super(message);
    }

    public ParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
