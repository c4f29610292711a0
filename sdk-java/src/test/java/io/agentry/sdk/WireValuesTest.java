package io.agentry.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentry.sdk.agents.AgentListParams;
import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.agents.AgentStatus;
import io.agentry.sdk.conversations.ConversationListParams;
import io.agentry.sdk.conversations.ConversationStatus;
import io.agentry.sdk.knowledge.ItemListParams;
import io.agentry.sdk.knowledge.ItemStatus;
import io.agentry.sdk.runs.RunListParams;
import io.agentry.sdk.runs.RunStatus;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Enum filters go out as the server's wire values whatever the default locale (Turkish dotless i). */
class WireValuesTest {

    @Test
    void enumFiltersIgnoreTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertEquals("idle", AgentListParams.builder().status(AgentStatus.IDLE).build().query().get("status"));
            assertEquals("openai_compatible",
                    AgentListParams.builder().provider(AgentProvider.OPENAI_COMPATIBLE).build().query().get("provider"));
            assertEquals("failed", ItemListParams.builder().status(ItemStatus.FAILED).build().query().get("status"));
            assertEquals("archived",
                    ConversationListParams.builder().status(ConversationStatus.ARCHIVED).build().query().get("status"));
            assertEquals("pending", RunListParams.builder().status(RunStatus.PENDING).build().query().get("status"));
            assertEquals("crfm_", io.agentry.sdk.tokens.TokenCreateParams.builder().name("legacy")
                    .keyPrefix(io.agentry.sdk.tokens.KeyPrefix.CRFM).build().body().get("key_prefix"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
