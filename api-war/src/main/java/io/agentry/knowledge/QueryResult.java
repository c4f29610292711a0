package io.agentry.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.http.ApiResult;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "KnowledgeQueryResult")
public record QueryResult(
        @Schema(example = "how do refunds work") String query,
        @Schema(enumeration = {"semantic", "keyword", "hybrid"}) String mode,
        @Schema(description = "Best first") List<Match> results) implements ApiResult {

    @Schema(name = "KnowledgeMatch")
    public record Match(
            @Schema(description = "Chunk id (stable until the item is re-indexed)") long chunkId,
            @Schema UUID itemId,
            @Schema String itemTitle,
            @Schema(description = "Position of the chunk in its item, from 0") int chunkIndex,
            @Schema String content,
            @Schema(description = "semantic: cosine similarity (-1..1); keyword: text rank (0..1); "
                    + "hybrid: reciprocal-rank fusion scaled to 0..1 (1 = first in both rankings)") double score,
            @Schema(type = SchemaType.OBJECT) JsonNode metadata) {
    }
}
