package io.agentry.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum with a lowercase wire spelling; unknown spellings are a 400 listing the allowed ones. */
public interface WireEnum {

    /** The spelling on the wire; by default the constant's name in lower case (ROUND_ROBIN: round_robin). */
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E> & WireEnum> E parse(String field, Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(text)) {
                return e;
            }
        }
        throw ApiException.invalid(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(WireEnum::wire).collect(Collectors.joining(", ")) + " (got '" + truncate(text) + "')");
    }

    /** The constant with this spelling, if any (for configuration values). */
    public static <E extends Enum<E> & WireEnum> java.util.Optional<E> parsePlain(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(text == null ? null : text.trim().toLowerCase())) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    private static String truncate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
