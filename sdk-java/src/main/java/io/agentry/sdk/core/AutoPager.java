package io.agentry.sdk.core;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a list across pages. Iterating fetches the next page only when the current one
 * is used up, so {@code stream().limit(3)} costs one request, and a loop that stops early never
 * reads pages it does not need. Each iteration starts again from the first page it was given.
 *
 * @param <T> the item type
 */
public final class AutoPager<T> implements Iterable<T> {

    private final Page<T> first;

    AutoPager(Page<T> first) {
        this.first = first;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Page<T> page = first;
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= page.items().size()) {
                    if (!page.hasNextPage()) {
                        return false;
                    }
                    page = page.nextPage();
                    index = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
    }

    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
