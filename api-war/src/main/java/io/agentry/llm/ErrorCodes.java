package io.agentry.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The code of a provider's error answer, when it names one: OpenAI's {@code error.code} or
 * {@code error.type}, Anthropic's {@code error.type}. Only a short identifier is taken, so
 * nothing of the answer's text reaches a caller.
 */
final class ErrorCodes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private ErrorCodes() {
    }

    /** The code, or null when the body is not JSON or names none. */
    static String of(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode error = root.path("error");
        for (JsonNode candidate : new JsonNode[] {error.path("code"), error.path("type"), root.path("code")}) {
            if (candidate.isTextual() && CODE.matcher(candidate.asText()).matches()) {
                return candidate.asText();
            }
        }
        return null;
    }
}
