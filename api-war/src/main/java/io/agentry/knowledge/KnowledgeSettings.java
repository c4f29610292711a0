package io.agentry.knowledge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Knowledge-base settings from MicroProfile Config (environment: AGENTRY_KNOWLEDGE_...). */
@ApplicationScoped
public class KnowledgeSettings {

    /** Items ingested at the same time by one server: more than the embedding threads, so the
     *  model never waits while a worker reads or writes the database. */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.workers", defaultValue = "4")
    int workers;

    /** Threads the in-process model embeds with (0: one per core). */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.embedding-threads", defaultValue = "0")
    int embeddingThreads;

    /** Attempts for failures that may pass (an embedding server down); parse errors fail at once. */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.max-attempts", defaultValue = "3")
    int maxAttempts;

    /** HNSW candidate list size per query: recall against speed (pgvector's default is 40; with
     *  the graphs of {@link BaseHnswIndexes#GRAPH}, 100 gave recall@10 0.96 at 100,000 chunks,
     *  see bench/RESULTS.md). */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.hnsw-ef-search", defaultValue = "100")
    int efSearch;

    /** PostgreSQL: chunks a base holds (of one embedding length) before it gets an HNSW index of
     *  its own; smaller bases are searched exactly (see BaseHnswIndexes). */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.hnsw-min-chunks", defaultValue = "10000")
    int hnswMinChunks;

    @Inject
    @ConfigProperty(name = "agentry.knowledge.embedding-timeout-seconds", defaultValue = "60")
    int embeddingTimeoutSeconds;

    /** Text a file may yield, in characters: a JSON or CSV file that expands past it fails. */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.max-text-chars", defaultValue = "5000000")
    int maxTextChars;

    /** What a PDF's streams or a DOCX's parts may decompress to, in bytes. */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.max-decompressed-bytes", defaultValue = "104857600")
    long maxDecompressedBytes;

    /** How long reading one file may take. */
    @Inject
    @ConfigProperty(name = "agentry.knowledge.parse-seconds", defaultValue = "60")
    int parseSeconds;

    public DocumentParser.Limits parseLimits() {
        return new DocumentParser.Limits(Math.max(1_000, maxTextChars), Math.max(1_000_000, maxDecompressedBytes),
                Math.max(1, parseSeconds));
    }

    public int workers() { return Math.max(1, workers); }
    public int embeddingThreads() { return embeddingThreads > 0 ? embeddingThreads : Runtime.getRuntime().availableProcessors(); }
    public int maxAttempts() { return Math.max(1, maxAttempts); }
    public int efSearch() { return Math.min(1000, Math.max(10, efSearch)); }
    public int hnswMinChunks() { return Math.max(1, hnswMinChunks); }
    public int embeddingTimeoutSeconds() { return embeddingTimeoutSeconds; }
}
