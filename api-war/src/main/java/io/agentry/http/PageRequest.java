package io.agentry.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Cursor pagination over rows ordered newest first by (created_at, id). The cursor names the last
 * row of the previous page, so rows with equal timestamps are neither skipped nor repeated.
 * A CrewForm-style bare timestamp cursor is accepted too ("rows older than this").
 */
public record PageRequest(int limit, OffsetDateTime afterCreatedAt, UUID afterId) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    private static final String PREFIX = "c1.";

    /** Parses {@code limit} and {@code cursor}; a limit above the cap is capped, not refused. */
    public static PageRequest of(String limitParam, String cursorParam) {
        int limit = DEFAULT_LIMIT;
        if (limitParam != null && !limitParam.isBlank()) {
            long parsed;
            try {
                parsed = Long.parseLong(limitParam.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("limit", "must be an integer from 1 to " + MAX_LIMIT);
            }
            if (parsed < 1) {
                throw ApiException.invalid("limit", "must be an integer from 1 to " + MAX_LIMIT);
            }
            limit = (int) Math.min(parsed, MAX_LIMIT);
        }
        if (cursorParam == null || cursorParam.isBlank()) {
            return new PageRequest(limit, null, null);
        }
        String cursor = cursorParam.trim();
        if (cursor.startsWith(PREFIX)) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())),
                        StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                long micros = Long.parseLong(decoded.substring(0, bar));
                UUID id = UUID.fromString(decoded.substring(bar + 1));
                Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
                return new PageRequest(limit, storable(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)), id);
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor", "is not a valid cursor (use next_cursor from the previous page)");
            }
        }
        try {
            return new PageRequest(limit, storable(OffsetDateTime.parse(cursor)), null);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "is not a valid cursor (use next_cursor from the previous page)");
        }
    }

    /** Years the databases can store (PostgreSQL's timestamptz ends in 294276). */
    private static OffsetDateTime storable(OffsetDateTime at) {
        if (!Timestamps.isStorable(at)) {
            throw new IllegalArgumentException("out of range");
        }
        return at;
    }

    public static String cursorOf(OffsetDateTime createdAt, UUID id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant());
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** JPQL condition for "after the cursor" on an entity alias, or null on the first page. */
    public String keysetCondition(String alias) {
        return keysetCondition(alias, "id");
    }

    /** The same, for entities whose tie-breaking id attribute has another name. */
    public String keysetCondition(String alias, String idAttribute) {
        if (afterCreatedAt == null) {
            return null;
        }
        if (afterId == null) {
            return alias + ".createdAt < :cursorTs";
        }
        return "(" + alias + ".createdAt < :cursorTs OR (" + alias + ".createdAt = :cursorTs AND "
                + alias + "." + idAttribute + " < :cursorId))";
    }

    /**
     * The same condition in plain SQL, for lists read with JDBC: adds its parameters to
     * {@code values} and returns the condition, or null on the first page.
     */
    public String keysetSql(java.util.List<Object> values) {
        if (afterCreatedAt == null) {
            return null;
        }
        values.add(afterCreatedAt);
        if (afterId == null) {
            return "created_at < ?";
        }
        values.add(afterCreatedAt);
        values.add(afterId);
        return "(created_at < ? or (created_at = ? and id < ?))";
    }

    /** The condition for lists in ascending order (oldest first), where the cursor is the last row shown. */
    public String keysetConditionAscending(String alias) {
        if (afterCreatedAt == null) {
            return null;
        }
        if (afterId == null) {
            return alias + ".createdAt > :cursorTs";
        }
        return "(" + alias + ".createdAt > :cursorTs OR (" + alias + ".createdAt = :cursorTs AND "
                + alias + ".id > :cursorId))";
    }

    public void bind(jakarta.persistence.TypedQuery<?> query) {
        if (afterCreatedAt != null) {
            query.setParameter("cursorTs", afterCreatedAt);
            if (afterId != null) {
                query.setParameter("cursorId", afterId);
            }
        }
    }

    /** Builds the page from up to limit + 1 fetched rows (the extra row only says "there is more"). */
    public <E, R> Page<R> page(List<E> rows, Function<E, OffsetDateTime> createdAt, Function<E, UUID> id,
                               Function<E, R> view) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            E last = shown.get(shown.size() - 1);
            next = cursorOf(createdAt.apply(last), id.apply(last));
        }
        return new Page<>(shown.stream().map(view).toList(), next, more);
    }
}
