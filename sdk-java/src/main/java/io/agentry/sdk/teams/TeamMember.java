package io.agentry.sdk.teams;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * An agent the team's configuration names.
 *
 * @param position its order: a pipeline's step, or the lead first, then members, then a facilitator
 */
public record TeamMember(int position, Role role, UUID agentId, String agentName) {

    public enum Role {
        @JsonProperty("step") STEP,
        @JsonProperty("lead") LEAD,
        @JsonProperty("member") MEMBER,
        @JsonProperty("facilitator") FACILITATOR,
        /** A value added by a newer server. */
        @JsonEnumDefaultValue UNKNOWN
    }
}
