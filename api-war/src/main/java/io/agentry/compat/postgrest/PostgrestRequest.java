package io.agentry.compat.postgrest;

import io.agentry.db.RowQuery;
import io.agentry.db.RowQuery.Operator;
import jakarta.ws.rs.core.MultivaluedMap;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A PostgREST request read from its query string and headers, in the subset the CrewForm legacy
 * API is used with: {@code select}, filters {@code col=[not.]op.value}, {@code order},
 * {@code limit}/{@code offset} and {@code Range}, {@code Prefer} and the single-object
 * {@code Accept}. Everything it cannot honour exactly is refused with PostgREST's code, never
 * ignored: a filter quietly dropped would widen a PATCH or DELETE.
 */
final class PostgrestRequest {

    /** The most rows one response holds (PostgREST's db-max-rows) and one PATCH or DELETE changes. */
    static final int MAX_ROWS = 1000;
    static final String SINGLE_OBJECT = "application/vnd.pgrst.object+json";
    private static final int MAX_VALUE = 10_000;
    private static final int MAX_IN = 500;
    private static final long MAX_OFFSET = 100_000_000L;
    private static final Set<String> UNSUPPORTED_PARAMETERS = Set.of("or", "and", "not.or", "not.and", "on_conflict", "columns");
    private static final Set<String> UNSUPPORTED_OPERATORS = Set.of("cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj", "fts",
            "plfts", "phfts", "wfts", "match", "imatch", "isdistinct", "like(any)", "like(all)", "ilike(any)", "ilike(all)",
            "eq(any)", "eq(all)");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})-(\\d{0,9})");
    private static final Pattern SHORT_OFFSET = Pattern.compile("(.*[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)([+-]\\d{2})");

    /** A column of the response: its key and the column it shows. */
    record Selected(String key, String column) {
    }

    final RowQuery query;
    /** Null: every column ({@code select=*}). */
    final List<Selected> select;
    final boolean single;
    final boolean countExact;
    final String returning;
    final boolean filtered;
    final List<String> applied;

    private PostgrestRequest(RowQuery query, List<Selected> select, boolean single, boolean countExact, String returning,
                             List<String> applied) {
        this.query = query;
        this.select = select;
        this.single = single;
        this.countExact = countExact;
        this.returning = returning;
        this.filtered = !query.conditions().isEmpty();
        this.applied = applied;
    }

    boolean representation() {
        return returning.equals("representation");
    }

    /** Whether the filters ask for published agents only ({@code is_marketplace=eq.true} or {@code is.true}). */
    static boolean asksForPublished(MultivaluedMap<String, String> parameters) {
        List<String> values = parameters.get("is_marketplace");
        return values != null && values.stream().anyMatch(v -> v.equals("eq.true") || v.equals("is.true"));
    }

    static PostgrestRequest read(LegacyTable table, MultivaluedMap<String, String> parameters, List<String> accept,
                                 List<String> prefer, String range) {
        List<RowQuery.Condition> conditions = new ArrayList<>();
        List<RowQuery.Order> order = List.of();
        List<Selected> select = null;
        Long limit = null;
        long offset = 0;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            List<String> values = parameter.getValue();
            if (UNSUPPORTED_PARAMETERS.contains(name)) {
                throw parseError("'" + name + "' is not supported by this server's PostgREST subset",
                        "Combine filters with & (each one must hold)");
            }
            boolean reserved = name.equals("select") || name.equals("order") || name.equals("limit") || name.equals("offset");
            if (reserved && values.size() > 1) {
                throw parseError("'" + name + "' is given " + values.size() + " times", null);
            }
            switch (name) {
                case "select" -> select = select(table, values.get(0));
                case "order" -> order = order(table, values.get(0));
                case "limit" -> limit = Math.min(number("limit", values.get(0), Long.MAX_VALUE), MAX_ROWS);
                case "offset" -> offset = number("offset", values.get(0), MAX_OFFSET);
                default -> {
                    for (String value : values) {
                        conditions.add(filter(table, name, value));
                    }
                }
            }
        }
        long first = offset;
        long last = limit == null ? Long.MAX_VALUE : limit == 0 ? offset - 1 : offset + limit - 1;
        if (range != null && !range.isBlank()) {
            java.util.regex.Matcher m = RANGE.matcher(range.trim().replaceFirst("^items=", ""));
            long from = m.matches() ? Long.parseLong(m.group(1)) : -1;
            long to = m.matches() && !m.group(2).isEmpty() ? Long.parseLong(m.group(2)) : Long.MAX_VALUE;
            if (from < 0 || to < from) {
                throw PostgrestError.exception(416, "PGRST103", "Requested range not satisfiable",
                        "The Range header must be <first>-<last> (or <first>-), got '" + abbreviate(range) + "'", null);
            }
            first = Math.max(first, from);
            last = Math.min(last, to);
        }
        int window = (int) Math.max(0, Math.min(MAX_ROWS, last == Long.MAX_VALUE ? MAX_ROWS : last - first + 1));
        boolean single = single(accept);
        String returning = "minimal";
        boolean count = false;
        List<String> applied = new ArrayList<>();
        for (String header : prefer == null ? List.<String>of() : prefer) {
            for (String preference : header.split(",")) {
                String p = preference.trim().toLowerCase(Locale.ROOT);
                switch (p) {
                    case "return=representation", "return=minimal", "return=headers-only" -> {
                        returning = p.substring("return=".length());
                        applied.add(p);
                    }
                    case "count=exact", "count=planned", "count=estimated" -> {
                        count = true;
                        applied.add(p);
                    }
                    default -> {
                        // PostgREST ignores preferences it does not know (handling=lenient)
                    }
                }
            }
        }
        return new PostgrestRequest(new RowQuery(conditions, order, first, window), select, single, count, returning, applied);
    }

    private static boolean single(List<String> accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        boolean json = false;
        for (String header : accept) {
            for (String type : header.split(",")) {
                String t = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (t.equals(SINGLE_OBJECT) || t.equals("application/vnd.pgrst.object")) {
                    return true;
                }
                json |= t.equals("application/json") || t.equals("application/*") || t.equals("*/*") || t.isEmpty();
            }
        }
        if (!json) {
            throw PostgrestError.exception(406, "PGRST107", "None of these media types are available: " + abbreviate(String.join(", ", accept)),
                    null, "Accept application/json (rows) or " + SINGLE_OBJECT + " (one row)");
        }
        return false;
    }

    private static List<Selected> select(LegacyTable table, String text) {
        if (text.isBlank()) {
            return null;
        }
        List<Selected> columns = new ArrayList<>();
        boolean all = false;
        for (String item : text.split(",", -1)) {
            String part = item.trim();
            if (part.equals("*")) {
                all = true;
                continue;
            }
            if (part.contains("(") || part.contains(")")) {
                throw parseError("failed to parse select parameter (" + abbreviate(text) + ")", "the legacy tables have no embedded resources");
            }
            if (part.contains("::") || part.contains("->")) {
                throw parseError("failed to parse select parameter (" + abbreviate(text) + ")", "casts and JSON paths are not supported");
            }
            String key = part;
            String column = part;
            int colon = part.indexOf(':');
            if (colon >= 0) {
                key = part.substring(0, colon).trim();
                column = part.substring(colon + 1).trim();
            }
            if (!ALIAS.matcher(key).matches()) {
                throw parseError("failed to parse select parameter (" + abbreviate(text) + ")", null);
            }
            if (!table.shown().contains(column)) {
                throw unknownColumn(table, column);
            }
            columns.add(new Selected(key, column));
        }
        return all ? null : columns; // "*,name" is every column (name among them)
    }

    private static List<RowQuery.Order> order(LegacyTable table, String text) {
        List<RowQuery.Order> order = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String[] parts = item.trim().split("\\.", -1);
            String column = queryable(table, parts[0]);
            boolean descending = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc" -> descending = false;
                    case "desc" -> descending = true;
                    case "nullsfirst" -> nullsFirst = true;
                    case "nullslast" -> nullsFirst = false;
                    default -> throw parseError("failed to parse order (" + abbreviate(item) + ")",
                            "order=<column>[.asc|.desc][.nullsfirst|.nullslast], comma-separated");
                }
            }
            // PostgreSQL's default: nulls sort as larger than any value
            order.add(new RowQuery.Order(column, descending, nullsFirst != null ? nullsFirst : descending));
        }
        return order;
    }

    private static RowQuery.Condition filter(LegacyTable table, String name, String text) {
        String column = queryable(table, name);
        Class<?> type = table.columns().type(column);
        boolean negated = text.startsWith("not.");
        String rest = negated ? text.substring(4) : text;
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            throw parseError("failed to parse filter (" + abbreviate(text) + ")", "filters are <column>=[not.]<operator>.<value>");
        }
        String operator = rest.substring(0, dot);
        String raw = rest.substring(dot + 1);
        switch (operator) {
            case "eq", "neq", "gt", "gte", "lt", "lte" -> {
                Operator op = Operator.valueOf(operator.toUpperCase(Locale.ROOT));
                return new RowQuery.Condition(column, op, negated, List.of(value(table, column, type, raw)));
            }
            case "like", "ilike" -> {
                if (type != String.class) {
                    throw PostgrestError.exception(400, "42883", "operator does not exist: " + name + " " + operator
                            + " (the column is not text)", null, null);
                }
                Operator op = operator.equals("like") ? Operator.LIKE : Operator.ILIKE;
                return new RowQuery.Condition(column, op, negated, List.of(value(table, column, type, raw.replace('*', '%'))));
            }
            case "in" -> {
                return new RowQuery.Condition(column, Operator.IN, negated, in(table, column, type, raw));
            }
            case "is" -> {
                Operator op = switch (raw.toLowerCase(Locale.ROOT)) {
                    case "null", "unknown" -> Operator.IS_NULL;
                    case "true" -> Operator.IS_TRUE;
                    case "false" -> Operator.IS_FALSE;
                    default -> throw parseError("failed to parse filter (" + abbreviate(text) + ")", "is takes null, true or false");
                };
                if (op != Operator.IS_NULL && type != Boolean.class) {
                    throw invalidValue("boolean", raw);
                }
                return new RowQuery.Condition(column, op, negated, List.of());
            }
            default -> {
                String hint = UNSUPPORTED_OPERATORS.contains(operator)
                        ? "operator '" + operator + "' is not supported here; use eq, neq, gt, gte, lt, lte, like, ilike, in or is"
                        : "use eq, neq, gt, gte, lt, lte, like, ilike, in or is";
                throw parseError("failed to parse filter (" + abbreviate(text) + ")", hint);
            }
        }
    }

    private static List<Object> in(LegacyTable table, String column, Class<?> type, String raw) {
        if (raw.length() < 2 || raw.charAt(0) != '(' || raw.charAt(raw.length() - 1) != ')') {
            throw parseError("failed to parse filter (in." + abbreviate(raw) + ")", "in takes a list: in.(a,b,\"c,d\")");
        }
        String body = raw.substring(1, raw.length() - 1);
        List<Object> values = new ArrayList<>();
        if (body.isEmpty()) {
            return values;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < body.length()) {
                current.append(body.charAt(++i));
            } else if (c == ',' && !quoted) {
                values.add(value(table, column, type, current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
            if (values.size() > MAX_IN) {
                throw parseError("in lists at most " + MAX_IN + " values", null);
            }
        }
        if (quoted) {
            throw parseError("failed to parse filter (in." + abbreviate(raw) + "): unbalanced quotes", null);
        }
        values.add(value(table, column, type, current.toString()));
        return values;
    }

    /** The column's canonical name, if it can be filtered and ordered on. */
    private static String queryable(LegacyTable table, String name) {
        String column = table.canonical(name);
        if (table.columns().has(column)) {
            return column;
        }
        if (table.shown().contains(name)) {
            throw parseError("column '" + name + "' cannot be filtered or ordered on", "it holds a list, an object or a computed value");
        }
        throw unknownColumn(table, name);
    }

    static Object value(LegacyTable table, String column, Class<?> type, String raw) {
        if (raw.length() > MAX_VALUE) {
            throw parseError("a filter value is longer than " + MAX_VALUE + " characters", null);
        }
        if (raw.indexOf('\0') >= 0) {
            throw PostgrestError.exception(400, "22021", "invalid byte sequence: a filter value contains NUL", null, null);
        }
        String text = LegacyTables.storedValue(table, column, raw);
        try {
            if (type == String.class) {
                return text;
            }
            if (type == UUID.class) {
                if (!UUID_TEXT.matcher(text).matches()) {
                    throw invalidValue("uuid", text);
                }
                return UUID.fromString(text);
            }
            if (type == Integer.class) {
                return Integer.valueOf(text);
            }
            if (type == Long.class) {
                return Long.valueOf(text);
            }
            if (type == Double.class) {
                double d = Double.parseDouble(text);
                if (!Double.isFinite(d) || text.length() > 40) {
                    throw invalidValue("double precision", text);
                }
                return d;
            }
            if (type == BigDecimal.class) {
                if (text.length() > 40) {
                    throw invalidValue("numeric", text);
                }
                return new BigDecimal(text);
            }
            if (type == Boolean.class) {
                return switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "on", "1" -> Boolean.TRUE;
                    case "false", "f", "no", "off", "0" -> Boolean.FALSE;
                    default -> throw invalidValue("boolean", text);
                };
            }
            if (type == OffsetDateTime.class) {
                return timestamp(text);
            }
        } catch (NumberFormatException e) {
            throw invalidValue(type == Integer.class ? "integer" : type == Long.class ? "bigint" : "numeric", text);
        }
        throw new IllegalStateException("no conversion for " + type);
    }

    /** {@code 2026-01-01}, {@code 2026-01-01T10:00:00}, with {@code Z}, {@code +02:00} or {@code +02}; a space for T (or for a + the URL turned into one). */
    private static OffsetDateTime timestamp(String text) {
        String t = text.trim();
        try {
            OffsetDateTime value;
            if (t.length() == 10) {
                value = LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC);
            } else {
                t = t.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
                t = t.replaceFirst("(T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?) (\\d{2}(?::?\\d{2})?)$", "$1+$2");
                java.util.regex.Matcher shortOffset = SHORT_OFFSET.matcher(t);
                if (shortOffset.matches()) {
                    t = shortOffset.group(1) + shortOffset.group(2) + ":00";
                }
                boolean zoned = t.endsWith("Z") || t.endsWith("z") || t.matches(".*T.*[+-]\\d{2}:?\\d{2}$");
                value = zoned ? OffsetDateTime.parse(t.toUpperCase(Locale.ROOT))
                        : LocalDateTime.parse(t).atOffset(ZoneOffset.UTC);
            }
            if (value.getYear() < 1 || value.getYear() > 9999) {
                throw PostgrestError.exception(400, "22008", "date/time field value out of range: \"" + abbreviate(text) + "\"", null, null);
            }
            return value;
        } catch (DateTimeParseException e) {
            throw invalidValue("timestamp with time zone", text);
        }
    }

    private static long number(String name, String text, long max) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw parseError("'" + name + "' must be a non-negative integer, got '" + abbreviate(text) + "'", null);
        }
        if (value < 0 || value > max) {
            throw parseError("'" + name + "' must be between 0 and " + max + ", got " + value, null);
        }
        return value;
    }

    static RuntimeException parseError(String message, String hint) {
        return PostgrestError.exception(400, "PGRST100", message, null, hint);
    }

    private static RuntimeException unknownColumn(LegacyTable table, String column) {
        return PostgrestError.exception(400, "42703", "column " + table.name() + "." + abbreviate(column) + " does not exist",
                null, "Columns: " + String.join(", ", new java.util.TreeSet<>(table.shown())));
    }

    private static RuntimeException invalidValue(String type, String text) {
        return PostgrestError.exception(400, "22P02", "invalid input syntax for type " + type + ": \"" + abbreviate(text) + "\"",
                null, null);
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
