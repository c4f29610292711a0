package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.agents.AgentProvider;
import io.agentry.sdk.chat.ChatAccepted;
import io.agentry.sdk.chat.ChatEvent;
import io.agentry.sdk.chat.ChatParams;
import io.agentry.sdk.chat.ChatReply;
import io.agentry.sdk.chat.StreamedReply;
import io.agentry.sdk.conversations.Conversation;
import io.agentry.sdk.conversations.ConversationListParams;
import io.agentry.sdk.conversations.ConversationStatus;
import io.agentry.sdk.conversations.ConversationUpdateParams;
import io.agentry.sdk.conversations.Message;
import io.agentry.sdk.conversations.MessageStatus;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import io.agentry.sdk.errors.BadRequestException;
import io.agentry.sdk.errors.ConflictException;
import io.agentry.sdk.errors.NotFoundException;
import io.agentry.sdk.providers.ProviderSettings;
import io.agentry.sdk.providers.ProviderSettingsParams;
import io.agentry.sdk.providers.ProviderSource;
import io.agentry.sdk.usage.UsageGroupBy;
import io.agentry.sdk.usage.UsageParams;
import io.agentry.sdk.usage.UsageRecord;
import io.agentry.sdk.usage.UsageSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK's chat, conversations and usage resources against the real server and the fake providers. */
class SdkChatIT {

    private static AgentryClient client;
    private static AgentryClient outsider;

    @BeforeAll
    static void setUp() {
        FakeLlmServer.start();
        client = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(Api.createOrg("sdk-chat").ownerToken()).build();
        outsider = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(Api.createOrg("sdk-chat-other").ownerToken()).build();
    }

    @AfterAll
    static void tearDown() {
        client.close();
        outsider.close();
    }

    private static Agent agent(AgentProvider provider, String model) {
        return client.agents().create(AgentCreateParams.builder().name("sdk " + provider).provider(provider).model(model).build());
    }

    @Test
    void anOrganizationsOwnProviderKeyThroughTheSdk() {
        FakeLlmServer fake = FakeLlmServer.start();
        AgentryClient own = AgentryClient.builder().baseUrl(Api.baseUrl()).apiKey(Api.createOrg("sdk-providers").ownerToken()).build();
        try (own) {
            Agent agent = own.agents().create(AgentCreateParams.builder().name("own key").provider(AgentProvider.OPENAI)
                    .model("gpt-4o-mini").build());
            String secret = "sk-sdk-" + UUID.randomUUID();
            ProviderSettings set = own.providers().set(AgentProvider.OPENAI, ProviderSettingsParams.builder().apiKey(secret).build());
            assertEquals(ProviderSource.ORGANIZATION, set.source());
            assertEquals("..." + secret.substring(secret.length() - 4), set.apiKeyHint());
            assertEquals(List.of(AgentProvider.OPENAI, AgentProvider.ANTHROPIC, AgentProvider.OLLAMA, AgentProvider.OPENAI_COMPATIBLE),
                    own.providers().list().stream().map(ProviderSettings::provider).toList());
            String text = "sdk own key " + UUID.randomUUID();
            own.chat().send(agent.id(), ChatParams.builder().message(text).build());
            assertEquals("Bearer " + secret, fake.requestsWith(text).get(0).credential());
            assertEquals(ProviderSource.SERVER, outsider.providers().retrieve(AgentProvider.OPENAI).source());
            assertThrows(BadRequestException.class, () -> own.providers().set(AgentProvider.OLLAMA,
                    ProviderSettingsParams.builder().apiKey("sk-ollama-has-none").build()));
            own.providers().delete(AgentProvider.OPENAI);
            assertEquals(ProviderSource.SERVER, own.providers().retrieve(AgentProvider.OPENAI).source());
            assertThrows(NotFoundException.class, () -> own.providers().delete(AgentProvider.OPENAI));
        }
    }

    @Test
    void chatWholeStreamedAndLater() {
        Agent agent = agent(AgentProvider.OPENAI, "gpt-4o-mini");
        ChatReply reply = client.chat().send(agent.id(), ChatParams.builder().message("hi there")
                .metadata(Map.of("source", "sdk")).attachments(List.of(ChatParams.Attachment.text("a.txt", "attached"))).build());
        assertEquals("Echo: hi there\n\n[attachment: a.txt]\nattached (1 messages)", reply.reply());
        assertEquals("sdk", reply.metadata().path("source").asText());
        // the fake: 10 prompt tokens a message, one completion token a word
        assertEquals(10, reply.usage().promptTokens());
        assertEquals(8, reply.usage().completionTokens());
        assertEquals(18, reply.usage().totalTokens());

        List<ChatEvent> events = new ArrayList<>();
        try (StreamResponse<ChatEvent> stream = client.chat().stream(agent.id(), ChatParams.builder().message("stream it")
                .conversationId(reply.conversationId()).build())) {
            stream.forEach(events::add);
        }
        assertInstanceOf(ChatEvent.MessageStart.class, events.get(0));
        assertInstanceOf(ChatEvent.MessageEnd.class, events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof ChatEvent.Delta).forEach(e -> text.append(((ChatEvent.Delta) e).text()));
        assertEquals("Echo: stream it (3 messages)", text.toString());

        StreamedReply whole = StreamedReply.accumulate(client.chat().stream(agent.id(), ChatParams.of("all of it")));
        assertEquals("Echo: all of it (1 messages)", whole.text());
        assertEquals(6, whole.usage().completionTokens());
        List<Message> messages = new ArrayList<>();
        client.conversations().messages(whole.conversationId()).autoPager().forEach(messages::add);
        assertEquals(List.of("all of it", "Echo: all of it (1 messages)"), messages.stream().map(Message::content).toList());
        assertEquals(whole.messageId(), messages.get(1).id());

        AgentryStreamException failed = assertThrows(AgentryStreamException.class,
                () -> StreamedReply.accumulate(client.chat().stream(agent.id(), ChatParams.of("[fail:400] no"))));
        assertTrue(failed.getMessage().startsWith("provider_error"), failed.getMessage());

        ChatAccepted accepted = client.chat().sendAsync(agent.id(), ChatParams.of("later please"));
        assertEquals("accepted", accepted.status());
        long deadline = System.currentTimeMillis() + 15_000;
        while (client.conversations().retrieve(accepted.conversationId()).messageCount() < 2 && System.currentTimeMillis() < deadline) {
            Api.sleep(100);
        }
        assertEquals(2, client.conversations().retrieve(accepted.conversationId()).messageCount());
    }

    @Test
    void closingAStreamEarlyCancelsTheReply() {
        Agent agent = agent(AgentProvider.ANTHROPIC, "claude-sonnet-4-20250514");
        UUID conversation;
        try (StreamResponse<ChatEvent> stream = client.chat().stream(agent.id(), ChatParams.of(Api.unique("[long] tale")))) {
            Iterator<ChatEvent> events = stream.iterator();
            conversation = ((ChatEvent.MessageStart) events.next()).conversationId();
            assertInstanceOf(ChatEvent.Delta.class, events.next());
            assertInstanceOf(ChatEvent.Delta.class, events.next());
        }
        long deadline = System.currentTimeMillis() + 15_000;
        List<Message> messages = List.of();
        while (messages.size() < 2 && System.currentTimeMillis() < deadline) {
            messages = client.conversations().messages(conversation).items();
            Api.sleep(100);
        }
        assertEquals(MessageStatus.CANCELLED, messages.get(1).status());
    }

    @Test
    void conversationsAndUsage() {
        Agent agent = agent(AgentProvider.OLLAMA, "llama3.2");
        ChatReply first = client.chat().send(agent.id(), ChatParams.of("one"));
        client.chat().send(agent.id(), ChatParams.of("two"));

        List<Conversation> mine = client.conversations().list(ConversationListParams.builder().agentId(agent.id()).build()).items();
        assertEquals(2, mine.size());
        Conversation archived = client.conversations().update(first.conversationId(), ConversationUpdateParams.builder()
                .title("First").status(ConversationStatus.ARCHIVED).metadata(Map.of("k", "v")).build());
        assertEquals(ConversationStatus.ARCHIVED, archived.status());
        assertEquals("v", archived.metadata().path("k").asText());
        assertThrows(ConflictException.class, () -> client.chat().send(agent.id(),
                ChatParams.builder().message("more").conversationId(first.conversationId()).build()));
        assertEquals(1, client.conversations().list(ConversationListParams.builder().agentId(agent.id())
                .status(ConversationStatus.ARCHIVED).build()).items().size());

        List<UsageRecord> records = client.usage().list(UsageParams.builder().agentId(agent.id()).build()).items();
        assertEquals(2, records.size());
        assertEquals("ollama", records.get(0).provider());
        UsageSummary byModel = client.usage().summary(UsageGroupBy.MODEL, UsageParams.builder().agentId(agent.id()).build());
        assertEquals(2, byModel.totals().requests());
        assertEquals("llama3.2", byModel.groups().get(0).key());

        assertThrows(NotFoundException.class, () -> outsider.conversations().retrieve(first.conversationId()));
        assertThrows(NotFoundException.class, () -> outsider.chat().send(agent.id(), ChatParams.of("hi")));
        assertTrue(outsider.usage().list(UsageParams.builder().agentId(agent.id()).build()).items().isEmpty());
        BadRequestException bad = assertThrows(BadRequestException.class,
                () -> client.chat().sendAsync(agent.id(), ChatParams.builder().message("x").webhookUrl("ftp://nope").build()));
        assertEquals("webhook_url", bad.field());

        client.conversations().delete(first.conversationId());
        assertThrows(NotFoundException.class, () -> client.conversations().retrieve(first.conversationId()));
    }
}
