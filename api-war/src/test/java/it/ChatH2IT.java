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
}
