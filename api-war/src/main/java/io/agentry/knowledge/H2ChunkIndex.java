package io.agentry.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.JacksonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Chunks on the embedded H2 database: an exact cosine scan over the base's vectors, and BM25
 * over the chunks matching a {@link KeywordQuery} (web-search syntax, like PostgreSQL's). Both
 * read the whole base per query, which suits the single-machine default; large bases belong on
 * PostgreSQL.
 */
final class H2ChunkIndex implements ChunkIndex {

    private final DataSource dataSource;

    H2ChunkIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String vectorParameter() {
        return "?";
    }

    @Override
    public Object vectorValue(float[] vector) {
        return bytes(vector);
    }

    @Override
    public List<Hit> semantic(UUID baseId, float[] vector, int k, MetadataFilter filter) {
        double queryNorm = norm(vector);
        PriorityQueue<Hit> best = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
        scan(baseId, true, row -> {
            float[] v = floats(row.embedding);
            if (v.length != vector.length || !filter.matches(row.metadata())) {
                return;
            }
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * vector[i];
            }
            double score = dot / (norm(v) * queryNorm + 1e-12);
            best.add(row.hit(score));
            if (best.size() > k) {
                best.poll();
            }
        });
        return sorted(best);
    }

    @Override
    public List<Hit> keyword(UUID baseId, String query, int k, MetadataFilter filter) {
        KeywordQuery parsed = KeywordQuery.parse(query);
        if (parsed.isEmpty()) {
            return List.of();
        }
        Set<String> terms = parsed.positiveWords();
        // BM25 (k1 = 1.2, b = 0.75) over title + content of the chunks that match the query;
        // document frequencies and the average length come from the whole base.
        List<Row> rows = new ArrayList<>();
        List<Map<String, Integer>> frequencies = new ArrayList<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        long[] totals = {0, 0}; // words, chunks
        scan(baseId, false, row -> {
            List<String> words = KeywordQuery.words(row.title + " " + row.content);
            Set<String> distinct = new HashSet<>(words);
            totals[0] += words.size();
            totals[1]++;
            for (String t : terms) {
                if (distinct.contains(t)) {
                    documentFrequency.merge(t, 1, Integer::sum);
                }
            }
            if (!parsed.matches(" " + String.join(" ", words) + " ", distinct) || !filter.matches(row.metadata())) {
                return;
            }
            Map<String, Integer> tf = new HashMap<>();
            for (String w : words) {
                if (terms.contains(w)) {
                    tf.merge(w, 1, Integer::sum);
                }
            }
            tf.put("", words.size()); // the length, under a key no term can have
            rows.add(row);
            frequencies.add(tf);
        });
        double averageLength = Math.max(1, (double) totals[0] / Math.max(1, totals[1]));
        PriorityQueue<Hit> best = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Integer> tf = frequencies.get(i);
            double score = 0;
            for (String term : terms) {
                Integer f = tf.get(term);
                if (f == null) {
                    continue;
                }
                int df = documentFrequency.get(term);
                double idf = Math.log(1 + (totals[1] - df + 0.5) / (df + 0.5));
                score += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * tf.get("") / averageLength));
            }
            best.add(rows.get(i).hit(score / (score + 1))); // 0..1 like PostgreSQL's normalized rank
            if (best.size() > k) {
                best.poll();
            }
        }
        return sorted(best);
    }

    private record Row(long id, UUID itemId, String title, int ordinal, String content, String metadataJson, byte[] embedding) {
        JsonNode metadata() {
            try {
                return JacksonWriter.MAPPER.readTree(metadataJson);
            } catch (IOException e) {
                return null;
            }
        }

        Hit hit(double score) {
            return new Hit(id, itemId, title, ordinal, content, metadataJson, score);
        }
    }

    private void scan(UUID baseId, boolean withVectors, java.util.function.Consumer<Row> consumer) {
        String sql = "select id, item_id, title, ordinal, content, metadata" + (withVectors ? ", embedding" : "")
                + " from knowledge_chunks where base_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, baseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), withVectors ? rs.getBytes(7) : null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("search failed: " + e.getMessage(), e);
        }
    }

    private static List<Hit> sorted(PriorityQueue<Hit> queue) {
        List<Hit> hits = new ArrayList<>(queue);
        hits.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : Long.compare(a.chunkId(), b.chunkId()));
        return hits;
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            buffer.putFloat(f);
        }
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getFloat();
        }
        return v;
    }
}
