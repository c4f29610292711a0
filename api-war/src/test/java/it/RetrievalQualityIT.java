package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality on a labelled corpus written for the project (src/test/resources/knowledge/
 * corpus.json: 60 passages of a fictional company's knowledge base, 25 paraphrased questions,
 * five of them naming a code, each with its relevant passages). recall@5 is the share of a
 * query's relevant items among the distinct items of its top five chunks, averaged over queries.
 */
class RetrievalQualityIT {

    @Test
    void hybridRecallAt5IsAtLeast80Percent() throws IOException {
        JsonNode corpus;
        try (InputStream in = RetrievalQualityIT.class.getResourceAsStream("/knowledge/corpus.json")) {
            corpus = Api.MAPPER.readTree(in);
        }
        assertTrue(corpus.path("items").size() >= 50 && corpus.path("queries").size() >= 20);
        Api api = Api.createOrg("retrieval").api();
        Knowledge kb = new Knowledge(api);
        String base = kb.createBase("Northwind handbook");
        Map<String, String> keyOfItem = new HashMap<>();
        for (JsonNode item : corpus.path("items")) {
            String id = kb.addText(base, item.path("title").asText(), item.path("content").asText(),
                    "metadata", Api.MAPPER.convertValue(item.path("metadata"), Map.class));
            keyOfItem.put(id, item.path("key").asText());
        }
        JsonNode idle = kb.awaitBaseIdle(base, 300_000);
        assertEquals(corpus.path("items").size(), idle.path("items").path("ready").asInt(), idle.toString());

        Map<String, Double> recall = new HashMap<>();
        List<String> misses = new ArrayList<>();
        for (String mode : List.of("hybrid", "semantic", "keyword")) {
            double sum = 0;
            for (JsonNode q : corpus.path("queries")) {
                Set<String> relevant = new LinkedHashSet<>();
                q.path("relevant").forEach(r -> relevant.add(r.asText()));
                Set<String> found = new LinkedHashSet<>();
                for (JsonNode r : kb.results(base, "query", q.path("query").asText(), "mode", mode, "limit", 5)) {
                    found.add(keyOfItem.get(r.path("item_id").asText()));
                }
                long hits = relevant.stream().filter(found::contains).count();
                sum += (double) hits / relevant.size();
                if (mode.equals("hybrid") && hits < relevant.size()) {
                    misses.add(q.path("query").asText() + " -> wanted " + relevant + ", got " + found);
                }
            }
            recall.put(mode, sum / corpus.path("queries").size());
        }
        System.out.printf("Retrieval quality on %d items / %d queries: recall@5 hybrid %.3f, semantic %.3f, keyword %.3f%n",
                corpus.path("items").size(), corpus.path("queries").size(), recall.get("hybrid"), recall.get("semantic"), recall.get("keyword"));
        misses.forEach(m -> System.out.println("  hybrid miss: " + m));
        assertTrue(recall.get("hybrid") >= 0.8, "hybrid recall@5 " + recall.get("hybrid") + " < 0.8; misses: " + misses);
    }
}
