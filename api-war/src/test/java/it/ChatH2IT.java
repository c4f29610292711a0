package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chat, conversations and usage on the embedded H2 default (what `./agentry run` starts). */
class ChatH2IT {

    @Test
    void chatConversationsAndUsageWorkOnH2() {
        FakeLlmServer.start();
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        String agent = h2.createAgent("h2 chat", "provider", "openai", "model", "gpt-4o-mini").path("id").asText();
        String text = Api.unique("on h2");
        JsonNode reply = h2.post("/api/v1/chat/" + agent, obj("message", text)).expect(200).data();
        assertEquals("Echo: " + text + " (1 messages)", reply.path("reply").asText());
        String conversation = reply.path("conversation_id").asText();

        List<Sse.Event> events = Sse.parse(h2.post("/api/v1/chat/" + agent, obj("message", "again", "conversation_id", conversation,
                "stream", true)).expect(200).body());
        assertEquals("Echo: again (3 messages)", Sse.text(events));

        assertEquals(4, h2.listAll("/api/v1/conversations/" + conversation + "/messages").size());
        h2.patch("/api/v1/conversations/" + conversation, obj("status", "archived")).expect(200);
        assertEquals(List.of(conversation), h2.listAllIds("/api/v1/conversations?agent_id=" + agent + "&status=archived"));

        assertEquals(2, h2.listAll("/api/v1/usage?agent_id=" + agent).size());
        JsonNode byDay = h2.get("/api/v1/usage/summary?group_by=day&agent_id=" + agent).expect(200).data();
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), byDay.path("groups").get(0).path("key").asText());
        assertEquals(2, byDay.path("totals").path("requests").asLong());
        JsonNode byToken = h2.get("/api/v1/usage/summary?group_by=token&agent_id=" + agent).expect(200).data();
        assertTrue(byToken.path("groups").get(0).path("key").isTextual(), byToken.toString());

        h2.patch("/api/v1/agents/" + agent, obj("model", "gpt-4.1-mini")).expect(200);
        String changed = Api.unique("after a change");
        assertEquals("gpt-4.1-mini", h2.post("/api/v1/chat/" + agent, obj("message", changed)).expect(200).data().path("model").asText());
        assertEquals("gpt-4.1-mini", FakeLlmServer.start().requestsWith(changed).get(0).body().path("model").asText());
    }

    @Test
    void providerKeysAreSealedWithTheServersSecretsKey() {
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        assertEquals("server", h2.get("/api/v1/providers/anthropic").expect(200).data().path("source").asText());
        h2.put("/api/v1/providers/anthropic", obj("api_key", "sk-ant-h2-organization-key")).expect(200);
        JsonNode own = h2.get("/api/v1/providers/anthropic").expect(200).data();
        assertEquals("organization", own.path("source").asText(), own.toString());
        assertTrue(own.path("api_key_hint").asText().endsWith("-key"), "only a hint of the key comes back: " + own);
        h2.delete("/api/v1/providers/anthropic").expect(204);
        assertEquals("server", h2.get("/api/v1/providers/anthropic").expect(200).data().path("source").asText());
    }

    /**
     * Chats answered while the client waits are capped per organization on each server (2 on the
     * H2 test server): a third is a 429 with Retry-After and stores nothing, another organization
     * is not affected, and the slots come back when the answers end.
     */
    @Test
    void oneOrganizationsChatsInProgressAreCappedWithoutTouchingAnother() throws Exception {
        FakeLlmServer fake = FakeLlmServer.start();
        Api h2 = Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
        String agent = ChatIT.agent(h2, "openai");
        String marker = Api.unique("[ms:2500] held");
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<Api.Resp>> held = new java.util.ArrayList<>();
            held.add(clients.submit(() -> ChatIT.chat(h2, agent, "message", marker + " streamed", "stream", true)));
            held.add(clients.submit(() -> ChatIT.chat(h2, agent, "message", marker + " whole")));
            long deadline = System.currentTimeMillis() + 10_000;
            while (fake.inProgressWith(marker) < 2 && System.currentTimeMillis() < deadline) {
                Api.sleep(20);
            }
            assertEquals(2, fake.inProgressWith(marker), "two chats in progress");
            long messages = h2.listAll("/api/v1/conversations").size();
            Api.Resp refused = ChatIT.chat(h2, agent, "message", "a third");
            refused.expectError(429, "rate_limit_exceeded");
            assertEquals("1", refused.header("Retry-After"));
            assertEquals(messages, h2.listAll("/api/v1/conversations").size(), "the refused chat stored nothing");

            // another organization on the same server is not affected
            Api other = Api.at(Api.h2BaseUrl(), Api.at(Api.h2BaseUrl(), Api.bootstrapToken()).post("/api/v1/organizations",
                    obj("name", Api.unique("h2-other"), "plan", "team", "owner_email", Api.unique("owner") + "@it.agentry.test"))
                    .expect(201).data().path("token").path("token").asText());
            ChatIT.chat(other, ChatIT.agent(other, "openai"), "message", "meanwhile").expect(200);

            for (java.util.concurrent.Future<Api.Resp> f : held) {
                f.get().expect(200);
            }
            ChatIT.chat(h2, agent, "message", "after them").expect(200);
        } finally {
            clients.shutdownNow();
        }
    }
}
