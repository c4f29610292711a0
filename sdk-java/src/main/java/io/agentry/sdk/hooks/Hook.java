package io.agentry.sdk.hooks;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A webhook subscription: events of one type (or all) POSTed to a receiver, signed as the
 * Standard Webhooks specification says (verify them with
 * {@link io.agentry.sdk.webhooks.Webhooks#verify}). The signing {@link #secret()} is present only
 * in the responses of {@code create} and {@code rotateSecret}: store it then, it is never shown
 * again.
 *
 * @param workspaceId    the organization
 * @param event          what it is subscribed to
 * @param disabledReason why it is {@link HookStatus#DISABLED}, or null
 * @param secret         {@code whsec_...}, or null outside create and rotate-secret
 */
public record Hook(
        UUID id,
        UUID workspaceId,
        String targetUrl,
        HookEvent event,
        HookStatus status,
        String disabledReason,
        String description,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        String secret) {

    @Override
    public String toString() { // never prints the secret
        return "Hook[id=" + id + ", targetUrl=" + targetUrl + ", event=" + event + ", status=" + status
                + (secret == null ? "" : ", secret=whsec_***") + "]";
    }
}
