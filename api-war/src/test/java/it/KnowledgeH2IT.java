package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Knowledge bases on the embedded H2 default: the same API with the exact cosine scan and the
 * BM25 keyword scorer done in Java. This server does not allow loopback URLs (the default).
 */
class KnowledgeH2IT {

    private static Api h2() {
        return Api.at(Api.h2BaseUrl(), Api.bootstrapToken());
    }

    @Test
    void ingestAndSearchInEveryModeOnH2() {
        Api api = h2();
        Knowledge kb = new Knowledge(api);
        String base = kb.createBase(Api.unique("h2 base"));
        String tea = kb.addText(base, "Tea", "Green tea is steeped at 80 degrees for two minutes.", "metadata", obj("drink", "tea"));
        String coffee = kb.addText(base, "Coffee", "Espresso is brewed by forcing hot water through finely ground coffee beans.",
                "metadata", obj("drink", "coffee", "tags", List.of("hot", "strong")));
        String pdf = kb.upload(base, "cocoa.pdf", "application/pdf", Knowledge.pdf("Hot chocolate is made from cocoa powder."), Map.of())
                .expect(201).id();
        kb.awaitReady(base, tea);
        kb.awaitReady(base, coffee);
        kb.awaitReady(base, pdf);

        assertEquals(coffee, kb.resultItems(base, "query", "espresso machine", "mode", "semantic").get(0));
        assertEquals(tea, kb.resultItems(base, "query", "steeped green", "mode", "keyword").get(0));
        assertEquals(pdf, kb.resultItems(base, "query", "cocoa").get(0));
        assertEquals(List.of(coffee), kb.resultItems(base, "query", "drink", "filter", obj("tags", "strong")));
        assertEquals(List.of(tea), kb.resultItems(base, "query", "drink", "filter", obj("drink", obj("in", List.of("tea", "juice")))));
        List<JsonNode> scored = kb.results(base, "query", "green tea", "mode", "semantic", "min_score", 0.5);
        assertTrue(scored.stream().allMatch(r -> r.path("score").asDouble() >= 0.5), scored.toString());
        assertTrue(kb.resultItems(base, "query", "zzzz", "mode", "keyword").isEmpty());

        api.patch("/api/v1/bases/" + base + "/items/" + tea, obj("content", "Oolong tea is partly oxidised.")).expect(200);
        kb.awaitReady(base, tea);
        assertEquals(tea, kb.resultItems(base, "query", "oolong", "mode", "keyword").get(0));
        api.delete("/api/v1/bases/" + base).expect(204);
        api.get("/api/v1/bases/" + base).expectError(404, "not_found");
    }

    /** Private networks stay refused by default (loopback is allowed on this server, for the tests' receivers). */
    @Test
    void privateEmbeddingUrlsAreRefusedByDefault() {
        h2().post("/api/v1/bases", obj("name", "x", "embedding_provider", "ollama", "embedding_base_url", "http://192.168.1.20:11434"))
                .expectInvalid("embedding_base_url");
        h2().post("/api/v1/bases", obj("name", "x", "embedding_provider", "ollama", "embedding_base_url", "http://10.0.0.5:11434"))
                .expectInvalid("embedding_base_url");
    }
}
