package io.agentry.compat.postgrest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agentry.http.ApiException;
import io.agentry.http.ErrorBody;
import io.agentry.http.JacksonWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An error as PostgREST writes it: {@code {code, message, details, hint}}. The code is PostgREST's
 * ({@code PGRSTnnn}) or PostgreSQL's SQLSTATE for what the same request would have hit there;
 * errors of the shared services keep their message, and their field becomes {@code details}.
 */
@Schema(name = "PostgrestError", description = "The legacy API's error: PostgREST's shape and codes")
public record PostgrestError(
        @Schema(example = "PGRST116") String code,
        @Schema(example = "JSON object requested, multiple (or no) rows returned") String message,
        @Schema(nullable = true, example = "The result contains 0 rows") String details,
        @Schema(nullable = true) String hint) {

    /** PostgREST's own codes and five-character SQLSTATEs pass through; our snake_case codes are mapped by status. */
    private static final Pattern POSTGREST_CODE = Pattern.compile("PGRST\\d{3}|[0-9A-Z]{5}");

    /** A failure of the legacy surface itself, already in PostgREST's terms. */
    static Raised exception(int status, String code, String message, String details, String hint) {
        return new Raised(status, new PostgrestError(code, message, details, hint), null);
    }

    /** Carries the whole error (details and hint too) to {@link PostgrestErrorMapper}. */
    static final class Raised extends ApiException {
        final PostgrestError error;
        /** The Allow header of a 405. */
        final String allow;

        Raised(int status, PostgrestError error, String allow) {
            super(status, error.code(), error.message());
            this.error = error;
            this.allow = allow;
        }

        Raised allowing(String methods) {
            return new Raised(status(), error, methods);
        }
    }

    /** The PostgREST form of an error the shared plumbing or services answered with. */
    static PostgrestError of(int status, ErrorBody body) {
        ErrorBody.ErrorDetail detail = body.error();
        String code = detail.code() != null && POSTGREST_CODE.matcher(detail.code()).matches() ? detail.code() : codeFor(status);
        return new PostgrestError(code, detail.message(), detail.field(), hintFor(status));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 401, 404 -> "PGRST301"; // the seed's code for a missing credential and a missing row alike
            case 403 -> "42501"; // insufficient_privilege, as row-level security answers
            case 405 -> "PGRST117"; // unsupported HTTP verb
            case 406 -> "PGRST107";
            case 409 -> "23505"; // unique_violation, the usual conflict
            case 413 -> "54000"; // program_limit_exceeded
            case 415 -> "PGRST107";
            case 416 -> "PGRST103";
            case 429 -> "53400"; // configuration_limit_exceeded
            case 503 -> "PGRST001";
            default -> status >= 500 ? "XX000" : "22023"; // invalid_parameter_value
        };
    }

    private static String hintFor(int status) {
        return switch (status) {
            case 401 -> "Send 'Authorization: Bearer <crfm_ or pk_ token>' (an apikey header alone is read too)";
            case 429 -> "Wait for Retry-After seconds";
            default -> null;
        };
    }

    byte[] json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("details", details);
        body.put("hint", hint);
        try {
            return JacksonWriter.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ("{\"code\":\"XX000\",\"message\":\"error\",\"details\":null,\"hint\":null}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
