package io.agentry.webhooks;

import io.agentry.http.ApiResult;
import io.agentry.http.SecretBearing;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Hook", description = "A webhook subscription. `secret` is present only when it is created or its secret rotated.")
public record HookView(
        @Schema UUID id,
        @Schema(name = "workspace_id", description = "The organization") UUID workspaceId,
        @Schema(example = "https://hooks.example.com/agentry") String targetUrl,
        @Schema(description = "The event (dotted name), or * for all", example = "task.completed") String event,
        @Schema(enumeration = {"active", "paused", "disabled"},
                description = "disabled: the receiver answered 410 Gone (resume to send again)") String status,
        @Schema(nullable = true) String disabledReason,
        @Schema(nullable = true) String description,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt,
        @Schema(nullable = true, description = "The signing secret (whsec_...): returned once, never again") String secret)
        implements ApiResult, SecretBearing {

    @Override
    public HookView withoutSecrets() {
        return new HookView(id, workspaceId, targetUrl, event, status, disabledReason, description, createdAt, updatedAt, null);
    }
}
