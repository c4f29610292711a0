package io.agentry.chat;

import io.agentry.http.OrganizationSlots;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chats answered while their client waits (whole or streamed) hold a request thread and a model
 * connection for as long as the model takes: at most
 * {@code agentry.chat.max-in-flight-per-organization} per organization on each server. Above it:
 * 429 with Retry-After, before anything is stored.
 */
@ApplicationScoped
public class ChatSlots {

    @Inject
    @ConfigProperty(name = "agentry.chat.max-in-flight-per-organization", defaultValue = "100")
    int max;

    private OrganizationSlots slots;

    @PostConstruct
    void init() {
        slots = new OrganizationSlots(max, n -> "this organization already has " + n + " chats in progress on "
                + "this server; send this one when one of them has finished, or with sync: false");
    }

    public OrganizationSlots.Slot take(UUID organizationId) {
        return slots.take(organizationId);
    }
}
