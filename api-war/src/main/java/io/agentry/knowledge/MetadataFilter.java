package io.agentry.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.agentry.http.ApiException;
import io.agentry.http.JacksonWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query's filter on item metadata: every condition must hold. A condition names a top-level
 * key and one or more scalar values ({@code "k": v}, {@code "k": {"eq": v}} or
 * {@code "k": {"in": [v, ...]}}); it holds when the item's value equals one of them, or is an
 * array containing one. Numbers compare by value (2 equals 2.0); strings are case-sensitive.
 */
public record MetadataFilter(List<Condition> conditions) {

    public static final MetadataFilter NONE = new MetadataFilter(List.of());
    static final int MAX_CONDITIONS = 20;
    static final int MAX_VALUES = 100;

    /** One key and the values it may take (JSON scalars). */
    public record Condition(String key, List<JsonNode> values) {
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    public static MetadataFilter parse(JsonObject filter) {
        if (filter == null || filter.isEmpty()) {
            return NONE;
        }
        if (filter.size() > MAX_CONDITIONS) {
            throw ApiException.invalid("filter", "must have at most " + MAX_CONDITIONS + " keys");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : filter.entrySet()) {
            String key = entry.getKey();
            String field = "filter." + key;
            if (key.isEmpty() || key.length() > 200) {
                throw ApiException.invalid("filter", "keys must be 1 to 200 characters");
            }
            JsonValue value = entry.getValue();
            List<JsonNode> values = new ArrayList<>();
            if (value instanceof JsonObject operator) {
                if (operator.size() != 1 || !(operator.containsKey("eq") || operator.containsKey("in"))) {
                    throw ApiException.invalid(field, "must be a value, {\"eq\": value} or {\"in\": [values]}");
                }
                if (operator.containsKey("eq")) {
                    values.add(scalar(field + ".eq", operator.get("eq")));
                } else if (operator.get("in") instanceof JsonArray array) {
                    if (array.isEmpty() || array.size() > MAX_VALUES) {
                        throw ApiException.invalid(field + ".in", "must list 1 to " + MAX_VALUES + " values");
                    }
                    for (int i = 0; i < array.size(); i++) {
                        values.add(scalar(field + ".in[" + i + "]", array.get(i)));
                    }
                } else {
                    throw ApiException.invalid(field + ".in", "must be an array of values");
                }
            } else {
                values.add(scalar(field, value));
            }
            conditions.add(new Condition(key, List.copyOf(values)));
        }
        return new MetadataFilter(List.copyOf(conditions));
    }

    private static JsonNode scalar(String field, JsonValue value) {
        switch (value.getValueType()) {
            case STRING, NUMBER, TRUE, FALSE -> {
                try {
                    return JacksonWriter.MAPPER.readTree(value.toString());
                } catch (IOException e) {
                    throw ApiException.invalid(field, "is not a valid JSON value");
                }
            }
            default -> throw ApiException.invalid(field, "must be a string, number or boolean (got " + value.getValueType().name().toLowerCase() + ")");
        }
    }

    /** Evaluates the filter in Java (the embedded database's search). */
    public boolean matches(JsonNode metadata) {
        for (Condition condition : conditions) {
            JsonNode actual = metadata == null ? null : metadata.get(condition.key());
            if (actual == null || !condition.values().stream().anyMatch(v -> holds(actual, v))) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(JsonNode actual, JsonNode wanted) {
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (same(element, wanted)) {
                    return true;
                }
            }
            return false;
        }
        return same(actual, wanted);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** JSON documents whose containment ({@code @>}) means the condition holds for this value. */
    static List<String> containmentDocuments(String key, JsonNode value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return List.of(f.objectNode().set(key, value).toString(),
                f.objectNode().set(key, f.arrayNode().add(value)).toString());
    }
}
