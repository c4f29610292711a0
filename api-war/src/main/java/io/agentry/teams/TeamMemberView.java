package io.agentry.teams;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TeamMember", description = "An agent the team's configuration names, in its order")
public record TeamMemberView(
        @Schema(description = "Order in the configuration: a pipeline's step, the lead first, members, then a facilitator")
        int position,
        @Schema(enumeration = {"step", "lead", "member", "facilitator"}) String role,
        @Schema UUID agentId,
        @Schema String agentName) {
}
