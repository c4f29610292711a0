package io.agentry.http;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list. In v2 it is rendered as {@code {"items", "next_cursor", "has_more"}}; in
 * v1 (raw) as the bare array, with the cursor in the {@code X-Next-Cursor} header.
 */
public record Page<T>(List<T> items, String nextCursor, boolean hasMore) implements JsonBody {

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor, hasMore);
    }
}
