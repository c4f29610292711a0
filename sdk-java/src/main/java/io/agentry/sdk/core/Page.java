package io.agentry.sdk.core;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list, newest first, with the means to fetch the next one. {@link #autoPager()}
 * walks every item of every following page, fetching each page only when the previous one has
 * been consumed.
 *
 * @param <T> the item type
 */
public final class Page<T> {

    private final List<T> items;
    private final String nextCursor;
    private final Function<String, Page<T>> fetchAfter;

    public Page(List<T> items, String nextCursor, Function<String, Page<T>> fetchAfter) {
        this.items = List.copyOf(items);
        this.nextCursor = nextCursor;
        this.fetchAfter = fetchAfter;
    }

    /** Reads the version-2 list body {@code {"items", "next_cursor", "has_more"}}. */
    public static <T> Page<T> read(JsonNode data, JavaType itemType, Function<String, Page<T>> fetchAfter) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : data.path("items")) {
            items.add(Json.convert(item, itemType));
        }
        boolean hasMore = data.path("has_more").asBoolean(false);
        String cursor = hasMore && data.path("next_cursor").isTextual() ? data.get("next_cursor").asText() : null;
        return new Page<>(items, cursor, fetchAfter);
    }

    public List<T> items() {
        return items;
    }

    /** True when another page follows (the server knows exactly: it reads one row ahead). */
    public boolean hasNextPage() {
        return nextCursor != null;
    }

    /** The cursor of the next page, to resume a listing later. */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(nextCursor);
    }

    /** Fetches the next page (one request). */
    public Page<T> nextPage() {
        if (nextCursor == null) {
            throw new NoSuchElementException("this is the last page");
        }
        return fetchAfter.apply(nextCursor);
    }

    /** Every item from this page on, fetched lazily. */
    public AutoPager<T> autoPager() {
        return new AutoPager<>(this);
    }
}
