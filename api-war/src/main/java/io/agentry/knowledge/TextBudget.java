package io.agentry.knowledge;

import java.io.Writer;

/**
 * A parser's output, with a ceiling on its length and a deadline: appending past either is a
 * {@link ParseException} naming the limit, so a poison file fails as an item instead of filling
 * the heap or holding a worker (the deadline is checked as text comes out).
 */
final class TextBudget {

    private final StringBuilder out = new StringBuilder();
    private final DocumentParser.Limits limits;
    private final long deadline;

    TextBudget(DocumentParser.Limits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.seconds() * 1_000_000_000L;
    }

    TextBudget append(CharSequence text) {
        check(out.length() + text.length());
        out.append(text);
        return this;
    }

    TextBudget append(char c) {
        check(out.length() + 1);
        out.append(c);
        return this;
    }

    /** Throws when {@code length} characters would be too many, or the time is up. */
    void check(long length) {
        if (length > limits.maxChars()) {
            throw new ParseException("the file's text is longer than the limit of " + limits.maxChars()
                    + " characters (AGENTRY_KNOWLEDGE_MAX_TEXT_CHARS)");
        }
        if (System.nanoTime() - deadline > 0) {
            throw new ParseException("reading the file took longer than the limit of " + limits.seconds()
                    + " s (AGENTRY_KNOWLEDGE_PARSE_SECONDS)");
        }
    }

    /** For parsers that write (PDFBox): the same budget. */
    Writer writer() {
        return new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                TextBudget.this.append(new String(buffer, offset, length));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    String text() {
        return out.toString();
    }
}
