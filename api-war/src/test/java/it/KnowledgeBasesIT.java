package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Knowledge bases on PostgreSQL + pgvector: bases and items CRUD, every item kind and file type
 * through real ingestion (the in-process model), failed parses, re-indexing, cascades, the
 * three search modes, filters, min_score, isolation and bad input.
 */
class KnowledgeBasesIT {

    private static Api api;
    private static Knowledge kb;

    @BeforeAll
    static void setUp() {
        api = Api.createOrg("knowledge").api();
        kb = new Knowledge(api);
    }

    @Test
    void baseCrudWithDefaultsAndCounts() {
        Api.Resp created = api.post("/api/v1/bases", obj("name", "Handbook", "description", "HR handbook")).expect(201);
        JsonNode base = created.data();
        String id = base.path("id").asText();
        assertTrue(created.requireHeader("Location").endsWith("/api/v1/bases/" + id));
        assertEquals("local", base.path("embedding_provider").asText());
        assertEquals("all-minilm-l6-v2-q", base.path("embedding_model").asText());
        assertEquals(1000, base.path("chunk_size").asInt());
        assertEquals(100, base.path("chunk_overlap").asInt());
        assertTrue(base.path("embedding_dimensions").isNull());
        assertEquals(0, base.path("item_count").asLong());

        String item = kb.addText(id, "Leave", "Employees get 25 days of paid annual leave per calendar year.");
        kb.awaitReady(id, item);
        JsonNode after = api.get("/api/v1/bases/" + id).expect(200).data();
        assertEquals(1, after.path("item_count").asLong());
        assertEquals(1, after.path("items").path("ready").asLong());
        assertEquals(1, after.path("chunk_count").asLong());
        assertTrue(after.path("token_count").asLong() > 5, after.toString());
        assertEquals(384, after.path("embedding_dimensions").asInt());

        JsonNode patched = api.patch("/api/v1/bases/" + id, obj("name", "Handbook 2026", "description", null)).expect(200).data();
        assertEquals("Handbook 2026", patched.path("name").asText());
        assertTrue(patched.path("description").isNull());
        assertTrue(api.listAllIds("/api/v1/bases").contains(id));

        // v2 envelope
        JsonNode v2 = api.v2().get("/api/v1/bases/" + id).expect(200).json();
        assertEquals(id, v2.path("data").path("id").asText());
        assertEquals(2, v2.path("meta").path("api_version").asInt());
    }

    @Test
    void textAndFaqItemsAreChunkedEmbeddedAndFound() {
        String base = kb.createBase("Kinds", "chunk_size", 200, "chunk_overlap", 20);
        String longText = "The aurora borealis is caused by charged solar particles. ".repeat(20);
        String text = kb.addText(base, "Aurora", longText, "metadata", obj("lang", "en"), "source", "https://example.com/aurora");
        Api.Resp faqResp = api.post("/api/v1/bases/" + base + "/items",
                obj("question", "How do I reset my password?", "answer", "Open Settings, choose Security and click Reset password.")).expect(201);
        JsonNode faq = faqResp.data();
        assertEquals("faq", faq.path("kind").asText());
        assertEquals("pending", faq.path("status").asText());
        assertEquals("How do I reset my password?", faq.path("title").asText());

        JsonNode textItem = kb.awaitReady(base, text);
        assertTrue(textItem.path("chunk_count").asInt() > 3, "200-char chunks of a long text: " + textItem);
        assertEquals("en", textItem.path("metadata").path("lang").asText());
        assertEquals("https://example.com/aurora", textItem.path("source").asText());
        assertNotNull(textItem.path("indexed_at").asText(null));
        assertEquals(textItem.path("chunk_count").asLong(), Knowledge.chunkRows(text, "item_id"));
        kb.awaitReady(base, faq.path("id").asText());

        List<JsonNode> results = kb.results(base, "query", "forgot my login password", "mode", "semantic");
        assertEquals(faq.path("id").asText(), results.get(0).path("item_id").asText(), results.toString());
        JsonNode top = results.get(0);
        assertEquals("How do I reset my password?", top.path("item_title").asText());
        assertTrue(top.path("content").asText().contains("Reset password"));
        assertTrue(top.path("score").asDouble() > 0.3 && top.path("score").asDouble() <= 1.0, top.toString());
        assertEquals(0, top.path("chunk_index").asInt());

        // list leaves text out, GET has it
        JsonNode listed = api.listAll("/api/v1/bases/" + base + "/items").stream()
                .filter(n -> n.path("id").asText().equals(text)).findFirst().orElseThrow();
        assertTrue(listed.path("content").isNull());
        assertEquals(longText, kb.item(base, text).path("content").asText());
    }

    @Test
    void everyFileTypeIsParsedAndSearchable() {
        String base = kb.createBase("Files");
        Map<String, Object[]> files = Map.of(
                "notes.txt", new Object[] {"text/plain", Knowledge.utf8("Plain text mentions the zebrafish marker.")},
                "guide.md", new Object[] {"text/markdown", Knowledge.utf8("# Guide\n\nMarkdown talks about the quokkabeacon.")},
                "page.html", new Object[] {"text/html", Knowledge.utf8("<html><head><title>t</title><script>var hidden='scriptword';</script>"
                        + "</head><body><h1>Page</h1><p>HTML paragraph about the narwhalsignal.</p></body></html>")},
                "table.csv", new Object[] {"text/csv", Knowledge.utf8("city,landmark\nParis,Eiffel towerpinnacle\nRome,Colosseum\n")},
                "data.json", new Object[] {"application/json", Knowledge.utf8("{\"product\": {\"name\": \"axolotlengine\", \"price\": 12}}")},
                "report.pdf", new Object[] {"application/pdf", Knowledge.pdf("Quarterly report", "Revenue grew thanks to the pangolinproject.")},
                "memo.docx", new Object[] {null, Knowledge.docx("Memo", "The okapiinitiative starts in March.")});
        Map<String, String> words = Map.of("notes.txt", "zebrafish", "guide.md", "quokkabeacon", "page.html", "narwhalsignal",
                "table.csv", "towerpinnacle", "data.json", "axolotlengine", "report.pdf", "pangolinproject", "memo.docx", "okapiinitiative");
        Map<String, String> ids = new java.util.HashMap<>();
        files.forEach((name, spec) -> {
            JsonNode item = kb.upload(base, name, (String) spec[0], (byte[]) spec[1], Map.of("metadata", "{\"file\": \"" + name + "\"}"))
                    .expect(201).data();
            assertEquals("file", item.path("kind").asText());
            assertEquals(name, item.path("file_name").asText());
            assertEquals(name, item.path("title").asText());
            assertEquals(((byte[]) spec[1]).length, item.path("file_size").asLong());
            ids.put(name, item.path("id").asText());
        });
        ids.forEach((name, id) -> kb.awaitReady(base, id));
        words.forEach((name, word) -> {
            List<JsonNode> hits = kb.results(base, "query", word, "mode", "keyword");
            assertFalse(hits.isEmpty(), "keyword " + word + " should find " + name);
            assertEquals(ids.get(name), hits.get(0).path("item_id").asText(), name + ": " + hits);
            assertEquals(name, hits.get(0).path("metadata").path("file").asText());
        });
        JsonNode csv = kb.results(base, "query", "towerpinnacle", "mode", "keyword").get(0);
        assertTrue(csv.path("content").asText().contains("landmark: Eiffel towerpinnacle"), csv.toString());
        assertTrue(kb.results(base, "query", "scriptword", "mode", "keyword").isEmpty(), "script text must not be indexed");
        JsonNode json = kb.results(base, "query", "axolotlengine", "mode", "keyword").get(0);
        assertTrue(json.path("content").asText().contains("product.name: axolotlengine"), json.toString());
    }

    @Test
    void unparseableFilesEndFailedWithTheReason() {
        String base = kb.createBase("Broken");
        String pdf = kb.upload(base, "broken.pdf", "application/pdf", Knowledge.utf8("this is not a PDF at all"), Map.of()).expect(201).id();
        String json = kb.upload(base, "broken.json", "application/json", Knowledge.utf8("{\"unclosed\": "), Map.of()).expect(201).id();
        String latin1 = kb.upload(base, "latin1.txt", "text/plain", new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0xFF}, Map.of()).expect(201).id();
        JsonNode failedPdf = kb.awaitDone(base, pdf);
        assertEquals("failed", failedPdf.path("status").asText());
        assertTrue(failedPdf.path("error").asText().contains("PDF"), failedPdf.toString());
        JsonNode failedJson = kb.awaitDone(base, json);
        assertEquals("failed", failedJson.path("status").asText());
        assertTrue(failedJson.path("error").asText().contains("not valid JSON"), failedJson.toString());
        assertEquals("failed", kb.awaitDone(base, latin1).path("status").asText());
        assertEquals(0, Knowledge.chunkRows(base, "base_id"));
        JsonNode counts = api.get("/api/v1/bases/" + base).expect(200).data().path("items");
        assertEquals(3, counts.path("failed").asLong());
        assertEquals(3, api.listAll("/api/v1/bases/" + base + "/items?status=failed").size());
        assertEquals(0, api.listAll("/api/v1/bases/" + base + "/items?status=ready").size());
    }

    @Test
    void patchReindexesAndDeleteRemovesChunks() {
        String base = kb.createBase("Reindex");
        String item = kb.addText(base, "Mascot", "Our mascot is a capybara named Carl.");
        kb.awaitReady(base, item);
        assertFalse(kb.resultItems(base, "query", "capybara", "mode", "keyword").isEmpty());

        JsonNode patched = api.patch("/api/v1/bases/" + base + "/items/" + item,
                obj("content", "Our mascot is now a wombat named Wendy.", "metadata", obj("v", 2))).expect(200).data();
        assertEquals("pending", patched.path("status").asText());
        JsonNode ready = kb.awaitReady(base, item);
        assertEquals(2, ready.path("metadata").path("v").asInt());
        assertTrue(kb.resultItems(base, "query", "capybara", "mode", "keyword").isEmpty(), "old content must be gone");
        List<JsonNode> now = kb.results(base, "query", "wombat", "mode", "keyword");
        assertEquals(item, now.get(0).path("item_id").asText());
        assertEquals(2, now.get(0).path("metadata").path("v").asInt());
        assertEquals(ready.path("chunk_count").asLong(), Knowledge.chunkRows(item, "item_id"));

        // FAQ fields belong to FAQ items; file content cannot be patched
        api.patch("/api/v1/bases/" + base + "/items/" + item, obj("question", "q?")).expectInvalid("question");
        api.patch("/api/v1/bases/" + base + "/items/" + item, obj("kind", "faq")).expectInvalid("kind");

        api.delete("/api/v1/bases/" + base + "/items/" + item).expect(204);
        api.get("/api/v1/bases/" + base + "/items/" + item).expectError(404, "not_found");
        assertEquals(0, Knowledge.chunkRows(item, "item_id"));
        assertTrue(kb.resultItems(base, "query", "wombat", "mode", "keyword").isEmpty());
    }

    @Test
    void newChunkingReindexesEveryItemOfTheBase() {
        String base = kb.createBase("Rechunk", "chunk_size", 2000, "chunk_overlap", 0);
        String item = kb.addText(base, "Long", "Sentence about harbours and ships. ".repeat(40));
        assertEquals(1, kb.awaitReady(base, item).path("chunk_count").asInt());
        JsonNode patched = api.patch("/api/v1/bases/" + base, obj("chunk_size", 200)).expect(200).data();
        assertEquals(200, patched.path("chunk_size").asInt());
        assertEquals(1, patched.path("items").path("pending").asLong() + patched.path("items").path("processing").asLong()
                + patched.path("items").path("ready").asLong(), patched.toString());
        JsonNode queued = kb.item(base, item);
        assertTrue(!queued.path("status").asText().equals("ready") || queued.path("chunk_count").asInt() > 1,
                "right after the PATCH the item is queued again (or already re-indexed): " + queued);
        JsonNode reindexed = kb.awaitBaseIdle(base, 60_000);
        assertTrue(reindexed.path("chunk_count").asInt() > 5, "200-character chunks now: " + reindexed);
        assertEquals(reindexed.path("chunk_count").asLong(), Knowledge.chunkRows(item, "item_id"));
        // renaming alone does not re-index
        api.patch("/api/v1/bases/" + base, obj("name", "Rechunked")).expect(200);
        assertEquals("ready", kb.item(base, item).path("status").asText());
    }

    @Test
    void deletingABaseRemovesItsItemsFilesAndChunks() {
        String base = kb.createBase("Doomed");
        String text = kb.addText(base, "Doomed text", "Temporary content about glaciers.");
        String file = kb.upload(base, "doomed.txt", "text/plain", Knowledge.utf8("File about volcanoes."), Map.of()).expect(201).id();
        kb.awaitReady(base, text);
        kb.awaitReady(base, file);
        assertTrue(Knowledge.chunkRows(base, "base_id") >= 2);
        api.delete("/api/v1/bases/" + base).expect(204);
        api.get("/api/v1/bases/" + base).expectError(404, "not_found");
        api.get("/api/v1/bases/" + base + "/items").expectError(404, "not_found");
        assertEquals(0, Knowledge.chunkRows(base, "base_id"));
        assertEquals(0, Api.countRows("select count(*) from knowledge_items where base_id = ?", UUID.fromString(base)));
        assertEquals(0, Api.countRows("select count(*) from knowledge_files where item_id = ?", UUID.fromString(file)));
    }

    @Test
    void modesFiltersAndMinScore() {
        String base = kb.createBase("Search");
        String pasta = kb.addText(base, "Carbonara", "Spaghetti carbonara uses eggs, pecorino cheese, guanciale and black pepper.",
                "metadata", obj("cuisine", "italian", "year", 2024, "tags", List.of("pasta", "dinner")));
        String sushi = kb.addText(base, "Sushi", "Nigiri sushi is hand-pressed rice topped with raw fish such as salmon or tuna.",
                "metadata", obj("cuisine", "japanese", "year", 2025, "tags", List.of("rice")));
        String tacos = kb.addText(base, "Tacos", "Tacos al pastor use marinated pork, pineapple and corn tortillas.",
                "metadata", obj("cuisine", "mexican", "year", 2025.0, "tags", List.of("dinner")));
        for (String id : List.of(pasta, sushi, tacos)) {
            kb.awaitReady(base, id);
        }
        assertEquals(sushi, kb.resultItems(base, "query", "japanese raw fish on rice", "mode", "semantic").get(0));
        assertEquals(tacos, kb.resultItems(base, "query", "pineapple pork", "mode", "keyword").get(0));
        assertEquals(pasta, kb.resultItems(base, "query", "Italian pasta with egg and cheese").get(0), "hybrid is the default");
        JsonNode hybrid = kb.query(base, "query", "pecorino").expect(200).data();
        assertEquals("hybrid", hybrid.path("mode").asText());
        assertTrue(hybrid.path("results").get(0).path("score").asDouble() <= 1.0);
        assertEquals(1, kb.results(base, "query", "food", "limit", 1).size());
        assertEquals(3, kb.results(base, "query", "food", "limit", 50).size());

        // filters: equality, in, array membership, numbers by value, all conditions together
        assertEquals(List.of(sushi), kb.resultItems(base, "query", "food", "filter", obj("cuisine", "japanese")));
        assertEquals(List.of(sushi), kb.resultItems(base, "query", "fish", "mode", "keyword", "filter", obj("cuisine", obj("eq", "japanese"))));
        assertTrue(kb.resultItems(base, "query", "pork", "mode", "keyword", "filter", obj("cuisine", obj("eq", "japanese"))).isEmpty());
        assertEquals(Set2.of(sushi, tacos), Set2.of(kb.resultItems(base, "query", "food", "filter", obj("year", 2025))));
        assertEquals(Set2.of(pasta, tacos), Set2.of(kb.resultItems(base, "query", "food", "filter", obj("tags", "dinner"))));
        assertEquals(Set2.of(pasta, sushi), Set2.of(kb.resultItems(base, "query", "food",
                "filter", obj("cuisine", obj("in", List.of("italian", "japanese", "french"))))));
        assertEquals(List.of(tacos), kb.resultItems(base, "query", "food", "mode", "semantic",
                "filter", obj("tags", "dinner", "year", obj("in", List.of(2025)))));
        assertTrue(kb.resultItems(base, "query", "food", "filter", obj("cuisine", "French")).isEmpty());
        assertTrue(kb.resultItems(base, "query", "food", "filter", obj("missing_key", 1)).isEmpty());

        // min_score drops what scores below it, in every mode
        List<JsonNode> all = kb.results(base, "query", "raw fish", "mode", "semantic", "limit", 10);
        assertEquals(3, all.size());
        double cut = (all.get(0).path("score").asDouble() + all.get(1).path("score").asDouble()) / 2;
        List<JsonNode> above = kb.results(base, "query", "raw fish", "mode", "semantic", "limit", 10, "min_score", cut);
        assertEquals(1, above.size());
        assertTrue(above.stream().allMatch(r -> r.path("score").asDouble() >= cut));
        List<JsonNode> fused = kb.results(base, "query", "raw fish", "mode", "hybrid", "limit", 10, "min_score", 0.6);
        assertFalse(fused.isEmpty());
        assertTrue(fused.size() < 3 && fused.stream().allMatch(r -> r.path("score").asDouble() >= 0.6), fused.toString());
        assertTrue(kb.results(base, "query", "pineapple", "mode", "keyword", "min_score", 0.99).isEmpty());

        // exact search agrees with the index on a small base
        assertEquals(kb.resultItems(base, "query", "raw fish", "mode", "semantic"),
                kb.resultItems(base, "query", "raw fish", "mode", "semantic", "exact", true));
    }

    @Test
    void badQueriesAre400AndNameTheField() {
        String base = kb.createBase("Bad queries");
        kb.query(base, "query", "").expectInvalid("query");
        kb.query(base, "query", "   ").expectInvalid("query");
        kb.query(base).expectInvalid("query");
        kb.query(base, "query", 42).expectInvalid("query");
        kb.query(base, "query", "x", "limit", 0).expectInvalid("limit");
        kb.query(base, "query", "x", "limit", 51).expectInvalid("limit");
        kb.query(base, "query", "x", "limit", 2.5).expectInvalid("limit");
        kb.query(base, "query", "x", "mode", "fuzzy").expectInvalid("mode");
        kb.query(base, "query", "x", "min_score", 2).expectInvalid("min_score");
        kb.query(base, "query", "x", "min_score", "high").expectInvalid("min_score");
        kb.query(base, "query", "x", "filter", List.of("a")).expectInvalid("filter");
        kb.query(base, "query", "x", "filter", obj("k", List.of(1, 2))).expectInvalid("filter.k");
        kb.query(base, "query", "x", "filter", obj("k", obj("gt", 1))).expectInvalid("filter.k");
        kb.query(base, "query", "x", "filter", obj("k", obj("in", List.of()))).expectInvalid("filter.k.in");
        kb.query(base, "query", "x", "filter", obj("k", obj("in", List.of(obj("a", 1))))).expectInvalid("filter.k.in[0]");
        kb.query(base, "query", "x", "filter", obj("k", null)).expectInvalid("filter.k");
        kb.query(base, "query", "x", "top_k", 3).expectInvalid("top_k");
        kb.query(base, "query", "x", "mode", "keyword", "exact", true).expectInvalid("exact");
        kb.query(base, "query", "x".repeat(4001)).expectInvalid("query");
        api.call("POST", "/api/v1/bases/" + base + "/query").body("{not json").send().expectError(400, "bad_request");
        api.post("/api/v1/bases/not-a-uuid/query", obj("query", "x")).expectInvalid("id");
        api.post("/api/v1/bases/" + UUID.randomUUID() + "/query", obj("query", "x")).expectError(404, "not_found");
        // an empty base answers with no results
        assertTrue(kb.results(base, "query", "anything").isEmpty());
    }

    @Test
    void badBasesAndItemsAre4xxAndChangeNothing() {
        api.post("/api/v1/bases", obj()).expectInvalid("name");
        api.post("/api/v1/bases", obj("name", "x", "chunk_size", 50)).expectInvalid("chunk_size");
        api.post("/api/v1/bases", obj("name", "x", "chunk_size", 200, "chunk_overlap", 150)).expectInvalid("chunk_overlap");
        api.post("/api/v1/bases", obj("name", "x", "embedding_provider", "cohere")).expectInvalid("embedding_provider");
        api.post("/api/v1/bases", obj("name", "x", "embedding_model", "bge-large")).expectInvalid("embedding_model");
        api.post("/api/v1/bases", obj("name", "x", "embedding_base_url", "http://example.com")).expectInvalid("embedding_base_url");
        api.post("/api/v1/bases", obj("name", "x", "embedding_provider", "openai", "embedding_base_url", "ftp://example.com")).expectInvalid("embedding_base_url");
        // link-local (cloud metadata) is never allowed, even where loopback is
        api.post("/api/v1/bases", obj("name", "x", "embedding_provider", "openai", "embedding_base_url", "http://169.254.169.254/v1"))
                .expectInvalid("embedding_base_url");
        api.post("/api/v1/bases", obj("name", "x", "embedding_provider", "ollama", "embedding_base_url", "http://user:pw@example.com"))
                .expectInvalid("embedding_base_url");
        api.post("/api/v1/bases", obj("name", "x", "colour", "red")).expectInvalid("colour");

        String base = kb.createBase("Strict");
        String items = "/api/v1/bases/" + base + "/items";
        api.post(items, obj("title", "no content")).expectInvalid("content");
        api.post(items, obj("content", "")).expectInvalid("content");
        api.post(items, obj("content", 5)).expectInvalid("content");
        api.post(items, obj("kind", "video", "content", "x")).expectInvalid("kind");
        api.post(items, obj("kind", "file", "content", "x")).expectInvalid("kind");
        api.post(items, obj("question", "Why?")).expectInvalid("answer");
        api.post(items, obj("content", "x", "question", "Why?")).expectInvalid("content");
        api.post(items, obj("content", "x", "metadata", List.of(1))).expectInvalid("metadata");
        api.post(items, obj("content", "x", "metadata", "{}")).expectInvalid("metadata");
        api.post(items, obj("content", "x", "metadata", obj("k", "x".repeat(20_000)))).expectInvalid("metadata");
        api.post(items, obj("content", "bad \u0000 text")).expectInvalid("content");
        api.post("/api/v1/bases/" + UUID.randomUUID() + "/items", obj("content", "x")).expectError(404, "not_found");

        // uploads: unsupported type 415, too large 413, empty / missing / unknown parts 400
        kb.upload(base, "movie.mp4", "video/mp4", new byte[] {1, 2, 3}, Map.of()).expectError(415, "unsupported_media_type");
        kb.upload(base, "archive", "application/octet-stream", new byte[] {1, 2, 3}, Map.of()).expectError(415, "unsupported_media_type");
        kb.upload(base, "big.txt", "text/plain", new byte[1_048_577], Map.of()).expectError(413, "payload_too_large");
        kb.upload(base, "empty.txt", "text/plain", new byte[0], Map.of()).expectInvalid("file");
        kb.upload(base, "ok.txt", "text/plain", Knowledge.utf8("x"), Map.of("metadata", "[1]")).expectInvalid("metadata");
        kb.upload(base, "ok.txt", "text/plain", Knowledge.utf8("x"), Map.of("metadata", "{bad")).expectInvalid("metadata");
        kb.upload(base, "ok.txt", "text/plain", Knowledge.utf8("x"), Map.of("colour", "red")).expectInvalid("colour");
        Knowledge.Multipart noFile = new Knowledge.Multipart().field("title", "t");
        api.call("POST", items).header("Content-Type", noFile.contentType()).body(noFile.bytes()).send().expectInvalid("file");

        assertEquals(0, api.listAll(items).size(), "no bad request may leave an item behind");
        assertEquals(0, api.get("/api/v1/bases/" + base).expect(200).data().path("item_count").asLong());

        api.patch("/api/v1/bases/" + base, obj("chunk_size", 100, "chunk_overlap", 60)).expectInvalid("chunk_overlap");
        api.patch("/api/v1/bases/" + base, obj("name", null)).expectInvalid("name");
        assertEquals(1000, api.get("/api/v1/bases/" + base).expect(200).data().path("chunk_size").asInt());
    }

    @Test
    void anotherOrganizationCannotSeeOrTouchABase() {
        String base = kb.createBase("Private");
        String item = kb.addText(base, "Secret", "The launch code word is pelican.");
        kb.awaitReady(base, item);
        Api other = Api.createOrg("knowledge-other").api();
        String b = "/api/v1/bases/" + base;
        other.get(b).expectError(404, "not_found");
        other.get(b + "/items").expectError(404, "not_found");
        other.get(b + "/items/" + item).expectError(404, "not_found");
        other.post(b + "/query", obj("query", "pelican")).expectError(404, "not_found");
        other.post(b + "/items", obj("content", "intruder")).expectError(404, "not_found");
        other.patch(b, obj("name", "mine")).expectError(404, "not_found");
        other.patch(b + "/items/" + item, obj("content", "x")).expectError(404, "not_found");
        other.delete(b + "/items/" + item).expectError(404, "not_found");
        other.delete(b).expectError(404, "not_found");
        assertFalse(other.listAllIds("/api/v1/bases").contains(base));
        // their own base cannot reach our item either
        String theirs = new Knowledge(other).createBase("Theirs");
        other.get("/api/v1/bases/" + theirs + "/items/" + item).expectError(404, "not_found");
        other.delete("/api/v1/bases/" + theirs + "/items/" + item).expectError(404, "not_found");
        // and nothing changed
        assertEquals("Private", api.get(b).expect(200).data().path("name").asText());
        assertEquals(item, kb.resultItems(base, "query", "pelican", "mode", "keyword").get(0));
    }

    @Test
    void scopesSeparateReadingFromWriting() {
        String base = kb.createBase("Scoped");
        String readOnly = api.post("/api/v1/tokens", obj("name", "reader", "scopes", List.of("bases:read"))).expect(201)
                .data().path("token").asText();
        Api reader = api.withToken(readOnly);
        reader.get("/api/v1/bases/" + base).expect(200);
        reader.post("/api/v1/bases/" + base + "/query", obj("query", "x")).expect(200);
        reader.post("/api/v1/bases/" + base + "/items", obj("content", "x")).expectError(403, "forbidden");
        reader.post("/api/v1/bases", obj("name", "x")).expectError(403, "forbidden");
        String agentsOnly = api.post("/api/v1/tokens", obj("name", "agents", "scopes", List.of("agents:read"))).expect(201)
                .data().path("token").asText();
        api.withToken(agentsOnly).post("/api/v1/bases/" + base + "/query", obj("query", "x")).expectError(403, "forbidden");
    }

    @Test
    void squadOsAliasServesBases() {
        String base = kb.createBase("Alias");
        api.get("/functions/v1/api/v1/bases/" + base).expect(200);
        api.post("/functions/v1/api/v1/bases/" + base + "/query", obj("query", "search term", "limit", 5)).expect(200);
    }

    /** Order-free comparison of result lists. */
    private static final class Set2 {
        static java.util.Set<String> of(String... ids) {
            return java.util.Set.of(ids);
        }

        static java.util.Set<String> of(List<String> ids) {
            return new java.util.HashSet<>(ids);
        }
    }
}
