package io.agentry.sdk.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** The chunks that answer a query, best first. */
public record QueryResult(String query, SearchMode mode, List<Match> results) {

    /**
     * @param score semantic: cosine similarity (-1..1); keyword and hybrid: 0..1
     */
    public record Match(long chunkId, UUID itemId, String itemTitle, int chunkIndex, String content, double score,
                        JsonNode metadata) {
    }
}
