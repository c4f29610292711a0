package io.agentry.http;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request body read as a JSON object, with typed accessors that reject bad input with a 400
 * naming the field. Absent and null are told apart, which PATCH needs: {@link #has} says whether
 * a field was sent at all.
 */
public final class JsonInput {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final JsonObject object;
    /** The path of this object in the body ("" at the top, "config.steps[0]." inside), for error messages. */
    private final String path;

    private JsonInput(JsonObject object, String path) {
        this.object = object;
        this.path = path;
    }

    /** A nested object, its fields named by their path in errors; a field that is not an object is a 400. */
    public JsonInput nested(String name) {
        if (!(value(name) instanceof JsonObject o)) {
            throw ApiException.invalid(path + name, "must be a JSON object");
        }
        return new JsonInput(o, path + name + ".");
    }

    /** The objects of an array field, each named by its path; an empty list when absent. */
    public List<JsonInput> objects(String name, int minItems, int maxItems) {
        if (isNull(name)) {
            if (minItems > 0) {
                throw ApiException.invalid(path + name, "is required");
            }
            return List.of();
        }
        if (!(value(name) instanceof JsonArray array)) {
            throw ApiException.invalid(path + name, "must be an array of objects");
        }
        if (array.size() < minItems || array.size() > maxItems) {
            throw ApiException.invalid(path + name, "must have " + minItems + " to " + maxItems + " entries");
        }
        List<JsonInput> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject o)) {
                throw ApiException.invalid(path + name + "[" + i + "]", "must be a JSON object");
            }
            items.add(new JsonInput(o, path + name + "[" + i + "]."));
        }
        return items;
    }

    /** The field's name as errors give it: its path in the body. */
    public String field(String name) {
        return path + name;
    }

    /** The object as JSON text. */
    @Override
    public String toString() {
        return object.toString();
    }

    /** Reads the whole body; an empty body, malformed JSON or a non-object is a 400. */
    public static JsonInput read(InputStream body) {
        JsonInput input = readOptional(body);
        if (input == null) {
            throw ApiException.badRequest("a JSON object request body is required");
        }
        return input;
    }

    /** A body that may be left out: null when there is none. */
    public static JsonInput readOptional(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readAllBytes();
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read");
        }
        if (isBlank(bytes)) {
            return null;
        }
        JsonObject object;
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(bytes))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                throw ApiException.badRequest("malformed JSON: unexpected content after the JSON object");
            }
        } catch (JsonParsingException e) {
            var location = e.getLocation();
            throw ApiException.badRequest("malformed JSON" + (location == null ? ""
                    : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber()));
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) { // JsonException, and the parser's plain RuntimeException for nesting depth
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
        return new JsonInput(object, "");
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Rejects fields the endpoint does not know, so a typo is not silently ignored. */
    public JsonInput allowOnly(Set<String> known) {
        for (String name : object.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.invalid(path + name, "is not a known field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    public boolean has(String name) {
        return object.containsKey(name);
    }

    private boolean isNull(String name) {
        return !object.containsKey(name) || object.isNull(name);
    }

    private JsonValue value(String name) {
        return object.get(name);
    }

    /** A non-blank string, required. */
    public String requiredText(String name, int maxLength) {
        if (isNull(name)) {
            throw ApiException.invalid(path + name, "is required");
        }
        String text = text(name, maxLength);
        if (text.isBlank()) {
            throw ApiException.invalid(path + name, "must not be blank");
        }
        return text.strip();
    }

    /** A string or null (absent is null too). */
    public String text(String name, int maxLength) {
        if (isNull(name)) {
            return null;
        }
        if (!(value(name) instanceof JsonString s)) {
            throw ApiException.invalid(path + name, "must be a string");
        }
        String text = s.getString();
        if (text.length() > maxLength) {
            throw ApiException.invalid(path + name, "must be at most " + maxLength + " characters");
        }
        checkText(path + name, text);
        return text;
    }

    /** Refuses what databases and UTF-8 cannot hold: NUL characters and unpaired surrogates. */
    private static void checkText(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw ApiException.invalid(name, "must not contain NUL characters");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw ApiException.invalid(name, "must be valid Unicode text (unpaired surrogate)");
                }
                i++;
            }
        }
    }

    public Double number(String name, double min, double max) {
        if (isNull(name)) {
            return null;
        }
        if (!(value(name) instanceof JsonNumber n)) {
            throw ApiException.invalid(path + name, "must be a number");
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            throw ApiException.invalid(path + name, "must be between " + plain(min) + " and " + plain(max));
        }
        return d;
    }

    public Integer integer(String name, long min, long max) {
        if (isNull(name)) {
            return null;
        }
        if (!(value(name) instanceof JsonNumber n)) {
            throw ApiException.invalid(path + name, "must be an integer");
        }
        BigDecimal decimal = n.bigDecimalValue();
        if (decimal.stripTrailingZeros().scale() > 0) {
            throw ApiException.invalid(path + name, "must be an integer");
        }
        if (decimal.compareTo(BigDecimal.valueOf(min)) < 0 || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.invalid(path + name, "must be between " + min + " and " + max);
        }
        return decimal.intValueExact();
    }

    public Boolean bool(String name) {
        if (isNull(name)) {
            return null;
        }
        JsonValue v = value(name);
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw ApiException.invalid(path + name, "must be true or false");
    }

    public <E extends Enum<E> & WireEnum> E enumValue(String name, Class<E> type) {
        String text = text(name, 100);
        return text == null ? null : WireEnum.parse(path + name, type, text);
    }

    /** A list of strings, each trimmed, non-blank, at most {@code maxLength} long and matching {@code allowed}. */
    public List<String> textList(String name, int maxItems, int maxLength, Pattern allowed, String allowedDescription) {
        if (isNull(name)) {
            return null;
        }
        if (!(value(name) instanceof JsonArray array)) {
            throw ApiException.invalid(path + name, "must be an array of strings");
        }
        if (array.size() > maxItems) {
            throw ApiException.invalid(path + name, "must have at most " + maxItems + " entries");
        }
        List<String> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString s)) {
                throw ApiException.invalid(path + name + "[" + i + "]", "must be a string");
            }
            String item = s.getString().strip();
            checkText(path + name + "[" + i + "]", item);
            if (item.isEmpty() || item.length() > maxLength) {
                throw ApiException.invalid(path + name + "[" + i + "]", "must be 1 to " + maxLength + " characters");
            }
            if (allowed != null && !allowed.matcher(item).matches()) {
                throw ApiException.invalid(path + name + "[" + i + "]", "must be " + allowedDescription);
            }
            if (!result.contains(item)) {
                result.add(item);
            }
        }
        return result;
    }

    public List<UUID> uuidList(String name, int maxItems) {
        List<String> texts = textList(name, maxItems, 36, null, null);
        if (texts == null) {
            return null;
        }
        List<UUID> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            ids.add(Ids.parse(path + name + "[" + i + "]", texts.get(i)));
        }
        return ids;
    }

    public OffsetDateTime timestamp(String name) {
        String text = text(name, 64);
        if (text == null) {
            return null;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(path + name, "must be an ISO-8601 timestamp with offset, e.g. 2026-01-15T10:00:00Z");
        }
        if (!Timestamps.isStorable(at)) {
            throw ApiException.invalid(path + name, "must be between the years 1 and 9999");
        }
        return at;
    }

    /**
     * A JSON object or null (absent is null too), at most {@code maxChars} long when serialized;
     * every string in it (keys included) is checked like {@link #text}.
     */
    public JsonObject object(String name, int maxChars) {
        if (isNull(name)) {
            return null;
        }
        if (!(value(name) instanceof JsonObject o)) {
            throw ApiException.invalid(path + name, "must be a JSON object");
        }
        if (o.toString().length() > maxChars) {
            throw ApiException.invalid(path + name, "must be at most " + maxChars + " characters as JSON");
        }
        checkStrings(path + name, o);
        return o;
    }

    /** The raw value of a field (null when absent), for fields whose shape the caller checks. */
    public JsonValue raw(String name) {
        return object.get(name);
    }

    /** Parses a JSON object sent as text (a multipart form field); errors name {@code name}. */
    public static JsonObject parseObject(String name, String text) {
        try (JsonParser parser = JSON.createParser(new java.io.StringReader(text))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.invalid(name, "must be a JSON object");
            }
            JsonObject o = parser.getObject();
            if (parser.hasNext()) {
                throw ApiException.invalid(name, "must be a single JSON object");
            }
            checkStrings(name, o);
            return o;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.invalid(name, "must be a JSON object (malformed JSON)");
        }
    }

    private static void checkStrings(String name, JsonValue value) {
        if (value instanceof JsonString s) {
            checkText(name, s.getString());
        } else if (value instanceof JsonObject o) {
            for (var entry : o.entrySet()) {
                checkText(name, entry.getKey());
                checkStrings(name, entry.getValue());
            }
        } else if (value instanceof JsonArray a) {
            a.forEach(v -> checkStrings(name, v));
        }
    }

    /** Rejects an explicit null for a field that cannot be cleared. */
    public void rejectNull(String... names) {
        for (String name : names) {
            if (object.containsKey(name) && object.isNull(name)) {
                throw ApiException.invalid(path + name, "must not be null");
            }
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
