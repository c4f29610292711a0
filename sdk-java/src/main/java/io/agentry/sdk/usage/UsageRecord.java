package io.agentry.sdk.usage;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One model call: who made it, on what, for how many tokens, at what estimated cost.
 *
 * @param taskId    the task the call was made for, or null
 * @param teamRunId the team run the call was made for (a step, the lead, a member), or null
 */
public record UsageRecord(
        UUID id,
        UUID organizationId,
        UUID tokenId,
        UUID agentId,
        UUID conversationId,
        UUID messageId,
        UUID taskId,
        UUID teamRunId,
        String provider,
        String model,
        int promptTokens,
        int completionTokens,
        int totalTokens,
        BigDecimal estimatedCostUsd,
        String billingModel,
        OffsetDateTime createdAt) {
}
