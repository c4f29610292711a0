package it;

import static it.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bases embedded by remote servers, here local fakes speaking the real wire protocols: OpenAI's
 * {@code POST /v1/embeddings} and Ollama's {@code POST /api/embed}. Their vectors are 64-long
 * hashed bags of words, so texts sharing words are near each other. A server answering 503
 * shows the transient-failure path: the item is retried, then ends failed with the reason.
 */
class KnowledgeRemoteEmbeddingIT {

    private static HttpServer server;
    private static final AtomicInteger OPENAI_CALLS = new AtomicInteger();
    private static final AtomicInteger OLLAMA_CALLS = new AtomicInteger();
    /** The Authorization header of each OpenAI embedding request, by the first input's text. */
    private static final java.util.Map<String, String> CREDENTIALS = new java.util.concurrent.ConcurrentHashMap<>();
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            OPENAI_CALLS.incrementAndGet();
            JsonNode request = Api.MAPPER.readTree(exchange.getRequestBody());
            if (request.path("input").toString().contains("overloaded-now")) { // this text only: a failing query
                reply(exchange, 503, "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            request.path("input").forEach(input -> CREDENTIALS.put(input.asText(), String.valueOf(authorization)));
            ObjectNode response = Api.MAPPER.createObjectNode().put("object", "list").put("model", request.path("model").asText());
            ArrayNode data = response.putArray("data");
            int i = 0;
            for (JsonNode input : request.path("input")) {
                ObjectNode e = data.addObject().put("object", "embedding").put("index", i++);
                ArrayNode v = e.putArray("embedding");
                for (float f : vector(input.asText())) {
                    v.add(f);
                }
            }
            response.putObject("usage").put("prompt_tokens", 3).put("total_tokens", 3);
            reply(exchange, 200, response.toString());
        });
        server.createContext("/ollama/api/embed", exchange -> {
            OLLAMA_CALLS.incrementAndGet();
            JsonNode request = Api.MAPPER.readTree(exchange.getRequestBody());
            ObjectNode response = Api.MAPPER.createObjectNode().put("model", request.path("model").asText());
            ArrayNode embeddings = response.putArray("embeddings");
            JsonNode input = request.path("input");
            for (JsonNode text : input.isArray() ? input : Api.MAPPER.createArrayNode().add(input)) {
                ArrayNode v = embeddings.addArray();
                for (float f : vector(text.asText())) {
                    v.add(f);
                }
            }
            reply(exchange, 200, response.toString());
        });
        server.createContext("/down/v1/embeddings", exchange -> {
            exchange.getRequestBody().readAllBytes();
            reply(exchange, 503, "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}");
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static float[] vector(String text) {
        float[] v = new float[64];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), 64)] += 1;
            }
        }
        return v;
    }

    @Test
    void openAiCompatibleServerEmbedsItemsAndQueries() {
        Api api = Api.createOrg("remote-embeddings").api();
        Knowledge kb = new Knowledge(api);
        JsonNode base = api.post("/api/v1/bases", obj("name", "Remote", "embedding_provider", "openai",
                "embedding_model", "fake-embed-64", "embedding_base_url", url + "/v1/")).expect(201).data();
        assertEquals(url + "/v1", base.path("embedding_base_url").asText(), "trailing slash trimmed");
        String id = base.path("id").asText();
        String walrus = kb.addText(id, "Walrus", "walrus tusks ivory arctic");
        String cactus = kb.addText(id, "Cactus", "cactus desert spines water");
        kb.awaitReady(id, walrus);
        kb.awaitReady(id, cactus);
        assertEquals(64, api.get("/api/v1/bases/" + id).expect(200).data().path("embedding_dimensions").asInt());
        int before = OPENAI_CALLS.get();
        assertEquals(cactus, kb.resultItems(id, "query", "desert spines", "mode", "semantic").get(0));
        assertTrue(OPENAI_CALLS.get() > before, "the query was embedded by the remote server");
        assertEquals("Bearer none", CREDENTIALS.get("desert spines"),
                "the server's OpenAI key is not sent to a base URL a caller chose");
    }

    @Test
    void aHybridQueryWhoseEmbeddingFailsIsA503AndTheBaseStillAnswers() {
        Api api = Api.createOrg("remote-hybrid").api();
        Knowledge kb = new Knowledge(api);
        String id = kb.createBase("Hybrid", "embedding_provider", "openai", "embedding_model", "fake-embed-64",
                "embedding_base_url", url + "/v1");
        String heron = kb.addText(id, "Heron", "heron wading marsh overloaded");
        kb.awaitReady(id, heron);
        // the keyword half runs beside the failing embedding; the answer is the embedding's failure
        JsonNode error = api.post("/api/v1/bases/" + id + "/query", obj("query", "overloaded-now heron")).expect(503).json();
        assertTrue(error.toString().contains("embedding model is not available"), error.toString());
        assertEquals(heron, kb.resultItems(id, "query", "heron marsh").get(0), "the next hybrid query is answered");
    }

    @Test
    void anOrganizationsOwnOpenAiSettingsEmbedItsBases() {
        Api api = Api.createOrg("own-embeddings").api();
        Knowledge kb = new Knowledge(api);
        String secret = "sk-embed-" + java.util.UUID.randomUUID();
        api.put("/api/v1/providers/openai", obj("base_url", url + "/v1", "api_key", secret)).expect(200);
        String id = kb.createBase("Own", "embedding_provider", "openai", "embedding_model", "fake-embed-64");
        String item = kb.addText(id, "Lichen", "lichen tundra reindeer moss");
        kb.awaitReady(id, item);
        assertEquals(item, kb.resultItems(id, "query", "reindeer tundra", "mode", "semantic").get(0));
        assertEquals("Bearer " + secret, CREDENTIALS.get("reindeer tundra"), "the organization's key, at its URL");
        // the same URL named on the base itself is still the URL the key was set for
        String named = kb.createBase("Named", "embedding_provider", "openai", "embedding_model", "fake-embed-64",
                "embedding_base_url", url + "/v1");
        kb.awaitReady(named, kb.addText(named, "Sedge", "sedge marsh wetland"));
        kb.resultItems(named, "query", "marsh sedge wetland", "mode", "semantic");
        assertEquals("Bearer " + secret, CREDENTIALS.get("marsh sedge wetland"));
    }

    @Test
    void ollamaServerEmbedsItems() {
        Api api = Api.createOrg("ollama-embeddings").api();
        Knowledge kb = new Knowledge(api);
        String id = kb.createBase("Ollama", "embedding_provider", "ollama", "embedding_base_url", url + "/ollama");
        assertEquals("nomic-embed-text", api.get("/api/v1/bases/" + id).expect(200).data().path("embedding_model").asText());
        String item = kb.addText(id, "Penguin", "penguin antarctic ice colony");
        kb.awaitReady(id, item);
        assertTrue(OLLAMA_CALLS.get() > 0);
        assertEquals(item, kb.resultItems(id, "query", "antarctic penguin", "mode", "semantic").get(0));
    }

    @Test
    void unavailableServerIsRetriedThenFails() {
        Api api = Api.createOrg("down-embeddings").api();
        Knowledge kb = new Knowledge(api);
        String id = kb.createBase("Down", "embedding_provider", "openai", "embedding_base_url", url + "/down/v1");
        String item = kb.addText(id, "Anything", "some text");
        long deadline = System.currentTimeMillis() + 90_000;
        JsonNode node = kb.item(id, item);
        boolean sawRetry = false;
        while (System.currentTimeMillis() < deadline && !node.path("status").asText().equals("failed")) {
            sawRetry |= node.path("status").asText().equals("pending") && node.path("error").asText().startsWith("will retry");
            Api.sleep(200);
            node = kb.item(id, item);
        }
        assertEquals("failed", node.path("status").asText(), node.toString());
        assertTrue(sawRetry, "a transient failure is retried before the item fails");
        assertTrue(node.path("error").asText().contains("openai embedding failed"), node.toString());
        // keyword search needs no model
        api.post("/api/v1/bases/" + id + "/query", obj("query", "x", "mode", "keyword")).expect(200);
    }
}
