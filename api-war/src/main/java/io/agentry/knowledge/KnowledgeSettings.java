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

    public int workers() { return Math.max(1, workers); }
    public int embeddingThreads() { return embeddingThreads > 0 ? embeddingThreads : Runtime.getRuntime().availableProcessors(); }
    public int maxAttempts() { return Math.max(1, maxAttempts); }
    public int efSearch() { return Math.min(1000, Math.max(10, efSearch)); }
    public int hnswMinChunks() { return Math.max(1, hnswMinChunks); }
    public int embeddingTimeoutSeconds() { return embeddingTimeoutSeconds; }
}
