package io.agentry.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The error shape of every 4xx/5xx: {@code {"error": {"code", "message", "field"?}}}. */
@Schema(name = "Error", description = "Error response. With X-API-Version: 2 a `meta` object is added.")
public record ErrorBody(@Schema ErrorDetail error) implements JsonBody {

    @Schema(name = "ErrorDetail")
    public record ErrorDetail(
            @Schema(description = "Stable machine-readable code", example = "not_found") String code,
            @Schema(description = "Human-readable explanation", example = "agent not found") String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The request field or parameter at fault, when there is one") String field) {
    }

    public static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new ErrorDetail(code, message, field));
    }
}
