package io.agentry.teams;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Team", description = "Agents working together as a pipeline, under an orchestrating lead, or in a collaboration")
public record TeamView(
        @Schema UUID id,
        @Schema(name = "workspace_id", description = "The organization") UUID workspaceId,
        @Schema(example = "Content Pipeline") String name,
        @Schema(nullable = true, example = "Research, write, edit") String description,
        @Schema(enumeration = {"pipeline", "orchestrator", "collaboration"}) String mode,
        @Schema(type = SchemaType.OBJECT, description = "The mode's configuration, defaults filled in (see TeamInput)") JsonNode config,
        @Schema(description = "Every agent the configuration names") List<TeamMemberView> members,
        @Schema(nullable = true) UUID createdBy,
        @Schema OffsetDateTime createdAt,
        @Schema OffsetDateTime updatedAt) implements ApiResult {
}
