// Knowledge-base benchmark driver (run by bench/knowledge.sh as a single-file Java program with
// the server's own dependencies on the class path, so the raw model is the server's model).
//
//   raw      <corpus.json> <chunks> <threads> <seed> <chunk-size>           raw model speed, chunks/s
//   ingest   <url> <token> <corpus.json> <items> <per-item> <seed> <name> <chunk-size> [<base>]
//            API ingestion, chunks/s, into a new base called name (or into the existing base given)
//   recall   <url> <token> <base> <corpus.json> <queries>     HNSW vs exact recall@10
//   queries  <corpus.json> <count> <out.lua>                  writes wrk's query list
//
// Documents are made of paragraphs of sentences drawn (seeded) from the labelled corpus of the
// integration tests, with a third of their words swapped for other words of the corpus, plus a
// reference code: they read roughly like a company knowledge base and no two chunks are
// near-duplicates (which would make recall against exact search a lottery among ties). One paragraph is one chunk (60-97 % of the base's chunk_size).
// The raw model is the server's own (io.agentry.knowledge.MiniLmModel, from api-war's classes).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.agentry.knowledge.MiniLmModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class KnowledgeBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static List<String> sentences;
    static List<String> vocabulary;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "raw" -> raw(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]), Integer.parseInt(args[5]));
            case "ingest" -> ingest(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), Long.parseLong(args[6]),
                    args[7], Integer.parseInt(args[8]), args.length > 9 ? args[9] : null);
            case "recall" -> recall(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
            case "queries" -> queries(args[1], Integer.parseInt(args[2]), args[3]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void loadSentences(String corpus) throws Exception {
        JsonNode root = JSON.readTree(Path.of(corpus).toFile());
        sentences = new ArrayList<>();
        java.util.TreeSet<String> words = new java.util.TreeSet<>();
        for (JsonNode item : root.path("items")) {
            for (String w : item.path("content").asText().split("[^A-Za-z]+")) {
                if (w.length() > 3) {
                    words.add(w.toLowerCase());
                }
            }
            for (String s : item.path("content").asText().split("(?<=[.!?])\\s+")) {
                if (s.length() > 20) {
                    sentences.add(s.strip());
                }
            }
        }
        vocabulary = new ArrayList<>(words);
    }

    /** A corpus sentence with about a third of its longer words swapped for others of the corpus:
     *  still sentence-shaped, but no two chunks share a sentence (no near-duplicate vectors). */
    static String varied(String sentence, Random random) {
        StringBuilder out = new StringBuilder();
        for (String token : sentence.split(" ")) {
            boolean word = token.length() > 3 && token.chars().allMatch(Character::isLetter);
            out.append(word && random.nextInt(3) == 0 ? vocabulary.get(random.nextInt(vocabulary.size())) : token).append(' ');
        }
        return out.toString().strip();
    }

    static String paragraph(Random random, int chunkSize) {
        StringBuilder p = new StringBuilder();
        while (p.length() < chunkSize * 0.6) {
            String s = varied(sentences.get(random.nextInt(sentences.size())), random);
            if (p.length() + s.length() > chunkSize - 20) {
                continue; // keeps the paragraph (with its reference) under chunk_size: one chunk
            }
            p.append(s).append(' ');
        }
        return p.append("Reference NW-").append(10000 + random.nextInt(90000)).append('.').toString();
    }

    static String title(int item) {
        return "Document " + item;
    }

    /** The texts the server embeds for these items: title, newline, chunk. */
    static List<String> embeddingTexts(int items, int perItem, long seed, int chunkSize) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Random random = new Random(seed * 1_000_003 + i);
            for (int p = 0; p < perItem; p++) {
                texts.add(title(i) + "\n" + paragraph(random, chunkSize));
            }
        }
        return texts;
    }

    static void raw(String corpus, int chunks, int threads, long seed, int chunkSize) throws Exception {
        loadSentences(corpus);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        EmbeddingModel model = new MiniLmModel(pool, 1);
        List<String> texts = embeddingTexts(chunks / 10, 10, seed, chunkSize);
        embed(model, texts.subList(0, 320)); // warm-up
        long start = System.nanoTime();
        embed(model, texts);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw\t%d\t%.2f\t%.1f%n", texts.size(), seconds, texts.size() / seconds);
        pool.shutdownNow();
    }

    static void embed(EmbeddingModel model, List<String> texts) {
        for (int from = 0; from < texts.size(); from += 32) {
            model.embedAll(texts.subList(from, Math.min(texts.size(), from + 32)).stream().map(TextSegment::from).toList());
        }
    }

    static JsonNode call(String method, String url, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    static void ingest(String url, String token, String corpus, int items, int perItem, long seed, String name, int chunkSize,
                       String into) throws Exception {
        loadSentences(corpus);
        if (items > 50) { // warm-up of this client and the server's request path, like the raw run's
            Timed warmUp = ingestOnce(url, token, 100, perItem, seed + 7919, name + "-warm-up", chunkSize, null);
            call("DELETE", url + "/api/v1/bases/" + warmUp.base(), token, null);
        }
        Timed run = ingestOnce(url, token, items, perItem, seed, name, chunkSize, into);
        System.out.printf("ingest\t%d\t%.2f\t%.1f\t%s\t%.2f%n", run.chunks(), run.seconds(), run.chunks() / run.seconds(), run.base(), run.posted());
    }

    record Timed(String base, long chunks, double seconds, double posted) {
    }

    static Timed ingestOnce(String url, String token, int items, int perItem, long seed, String name, int chunkSize, String into)
            throws Exception {
        ObjectNode base = JSON.createObjectNode().put("name", name).put("chunk_size", chunkSize).put("chunk_overlap", 0);
        String id = into != null ? into : call("POST", url + "/api/v1/bases", token, base).path("id").asText();
        JsonNode before = call("GET", url + "/api/v1/bases/" + id, token, null);
        long readyBefore = before.path("items").path("ready").asLong();
        long chunksBefore = before.path("chunk_count").asLong();
        // The documents are written before the clock starts, as the raw run's texts are: what is
        // timed is the server's work and the HTTP calls, not this client making up paragraphs.
        List<ObjectNode> bodies = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            Random random = new Random(seed * 1_000_003 + i);
            StringBuilder content = new StringBuilder();
            for (int p = 0; p < perItem; p++) {
                content.append(paragraph(random, chunkSize)).append("\n\n");
            }
            ObjectNode body = JSON.createObjectNode().put("title", title(i)).put("content", content.toString());
            body.putObject("metadata").put("shard", i % 10);
            bodies.add(body);
        }
        long start = System.nanoTime();
        ExecutorService posters = Executors.newFixedThreadPool(4);
        List<Future<?>> posts = new ArrayList<>();
        for (ObjectNode body : bodies) {
            posts.add(posters.submit(() -> call("POST", url + "/api/v1/bases/" + id + "/items", token, body)));
        }
        for (Future<?> f : posts) {
            f.get();
        }
        posters.shutdown();
        double posted = (System.nanoTime() - start) / 1e9;
        JsonNode state;
        while (true) {
            state = call("GET", url + "/api/v1/bases/" + id, token, null);
            JsonNode s = state.path("items");
            if (s.path("pending").asLong() == 0 && s.path("processing").asLong() == 0) {
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long chunks = state.path("chunk_count").asLong() - chunksBefore;
        if (state.path("items").path("ready").asLong() - readyBefore != items || chunks != (long) items * perItem) {
            throw new IllegalStateException("unexpected end state: " + state);
        }
        return new Timed(id, chunks, seconds, posted);
    }

    static List<String> queryTexts(String corpus, int count) throws Exception {
        JsonNode root = JSON.readTree(Path.of(corpus).toFile());
        List<String> queries = new ArrayList<>();
        root.path("queries").forEach(q -> queries.add(q.path("query").asText()));
        loadSentences(corpus);
        Random random = new Random(42);
        while (queries.size() < count) { // fragments of sentences: short, keyword-ish questions
            String[] words = sentences.get(random.nextInt(sentences.size())).split("\\s+");
            int from = random.nextInt(Math.max(1, words.length - 6));
            queries.add(String.join(" ", java.util.Arrays.copyOfRange(words, from, Math.min(words.length, from + 4 + random.nextInt(5)))));
        }
        return queries.subList(0, count);
    }

    static void queries(String corpus, int count, String out) throws Exception {
        StringBuilder lua = new StringBuilder("queries = {\n");
        for (String q : queryTexts(corpus, count)) {
            lua.append("  ").append(JSON.writeValueAsString(q)).append(",\n");
        }
        Files.writeString(Path.of(out), lua.append("}\n").toString());
    }

    static void recall(String url, String token, String base, String corpus, int count) throws Exception {
        double sum = 0;
        long approxNanos = 0;
        long exactNanos = 0;
        for (String q : queryTexts(corpus, count)) {
            ObjectNode body = JSON.createObjectNode().put("query", q).put("mode", "semantic").put("limit", 10);
            long t0 = System.nanoTime();
            Set<Long> approx = ids(call("POST", url + "/api/v1/bases/" + base + "/query", token, body));
            long t1 = System.nanoTime();
            Set<Long> exact = ids(call("POST", url + "/api/v1/bases/" + base + "/query", token, body.put("exact", true)));
            long t2 = System.nanoTime();
            approxNanos += t1 - t0;
            exactNanos += t2 - t1;
            Set<Long> both = new HashSet<>(approx);
            both.retainAll(exact);
            sum += both.size() / (double) exact.size();
        }
        System.out.printf("recall\t%d\t%.4f\t%.1f\t%.1f%n", count, sum / count, approxNanos / 1e6 / count, exactNanos / 1e6 / count);
    }

    static Set<Long> ids(JsonNode result) {
        Set<Long> ids = new HashSet<>();
        result.path("results").forEach(r -> ids.add(r.path("chunk_id").asLong()));
        return ids;
    }
}
