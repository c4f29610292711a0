package io.agentry.providers;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ProviderSettings", description = "How the organization's agents reach an LLM provider. The API key is never "
        + "returned: `api_key_set` says whether there is one and `api_key_hint` shows the last characters of the organization's own.")
public record ProviderView(
        @Schema(enumeration = {"openai", "anthropic", "ollama", "openai_compatible"}) String provider,
        @Schema(enumeration = {"organization", "server"}, description = "organization: the organization's own settings "
                + "(PUT /providers/{provider}) replace the server's; server: the server's configuration") String source,
        @Schema(example = "https://api.openai.com/v1") String baseUrl,
        // Not named apiKeySet: Payara's OpenAPI scanner takes a method whose name contains "set" for a setter
        @JsonProperty("api_key_set") @Schema(name = "api_key_set", description = "Whether calls carry an API key") boolean withApiKey,
        @Schema(nullable = true, example = "...x7Qf", description = "Last four characters of the organization's key (longer keys only)") String apiKeyHint,
        @Schema(description = "Whether agents of this provider can chat: it has the key it needs and the settings are usable") boolean configured,
        @Schema(nullable = true, description = "Why the organization's settings cannot be used, e.g. the key was sealed under "
                + "a secrets key this server no longer has") String problem,
        @Schema(nullable = true, description = "When the organization last set its own settings") OffsetDateTime updatedAt)
        implements ApiResult {
}
