package io.agentry.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Resource ids are UUIDs; anything else is a 400 naming the parameter, never a lookup. */
public final class Ids {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static UUID parse(String name, String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ApiException.invalid(name, "must be a UUID");
        }
        return UUID.fromString(text);
    }
}
