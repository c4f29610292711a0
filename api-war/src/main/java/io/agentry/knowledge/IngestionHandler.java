package io.agentry.knowledge;

import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.jobs.JobHandler;
import io.agentry.jobs.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingests one item as a job of the work engine: parse, chunk, embed in batches (stopping between
 * batches if the job was cancelled or taken over), then store the chunks in the job's final
 * transaction, guarded by the item's revision. Parse errors fail the item at once; embedding
 * failures that may pass (an embedding server down) are retried 5 s, 10 s, 20 s... apart, up to
 * AGENTRY_KNOWLEDGE_MAX_ATTEMPTS.
 */
@ApplicationScoped
public class IngestionHandler implements JobHandler {

    public static final String KIND = "knowledge.ingest";
    private static final int EMBEDDING_BATCH = 32;
    private static final int MAX_CHUNKS = 20_000;

    @Inject
    IngestionStore store;

    @Inject
    Embedder embedder;

    @Inject
    ChunkIndexes indexes;

    @Inject
    KnowledgeSettings settings;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int concurrency() {
        return settings.workers();
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.exponential(Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    @Override
    public void run(JobContext job) {
        IngestionStore.Work work = store.load(job.subjectId());
        if (work == null || (work.status() != ItemStatus.PENDING && work.status() != ItemStatus.PROCESSING)) {
            return; // deleted, or already indexed at this revision
        }
        store.markProcessing(work);
        List<ChunkIndex.NewChunk> chunks;
        try {
            chunks = embed(job, work);
        } catch (ParseException e) {
            job.complete(() -> store.fail(work.itemId(), work.revision(), e.getMessage()));
            return;
        } catch (EmbeddingException e) {
            throw e.isTransient() ? JobFailure.retry(e.getMessage(), e) : JobFailure.permanent(e.getMessage(), e);
        }
        if (chunks == null) {
            return; // stopped: cancelled or taken over
        }
        int dimensions = chunks.get(0).vector().length;
        boolean[] stored = new boolean[1];
        job.complete(() -> stored[0] = store.complete(work, chunks, dimensions));
        if (stored[0]) {
            indexes.get().stored(work.baseId(), dimensions, chunks.size()); // may build the base's index: this worker waits for it
        }
    }

    @Override
    public void onRetry(JobContext job, String reason, long delayMillis) {
        store.retryLater(job.subjectId(), null, reason);
    }

    @Override
    public void onGiveUp(JobContext job, String reason) {
        store.fail(job.subjectId(), null, reason);
    }

    /** The item's chunks with their vectors; null if the job was told to stop meanwhile. */
    private List<ChunkIndex.NewChunk> embed(JobContext job, IngestionStore.Work work) {
        List<String> pieces = Chunker.split(text(work), work.chunkSize(), work.chunkOverlap());
        if (pieces.isEmpty()) {
            throw new ParseException("the item has no text to index");
        }
        if (pieces.size() > MAX_CHUNKS) {
            throw new ParseException("the item makes " + pieces.size() + " chunks, more than the limit of "
                    + MAX_CHUNKS + ": split it or raise the base's chunk_size");
        }
        List<ChunkIndex.NewChunk> chunks = new ArrayList<>(pieces.size());
        for (int from = 0; from < pieces.size(); from += EMBEDDING_BATCH) {
            if (job.shouldStop()) {
                return null;
            }
            List<String> batch = pieces.subList(from, Math.min(pieces.size(), from + EMBEDDING_BATCH));
            List<Embedder.Embedded> embedded = embedder.embedWithTokens(work.organizationId(), work.embedding(),
                    batch.stream().map(p -> embeddingText(work, p)).toList());
            for (int i = 0; i < batch.size(); i++) {
                chunks.add(new ChunkIndex.NewChunk(from + i, batch.get(i), embedded.get(i).tokens(), embedded.get(i).vector()));
            }
        }
        int dimensions = chunks.get(0).vector().length;
        for (ChunkIndex.NewChunk chunk : chunks) {
            if (chunk.vector().length != dimensions) {
                throw new EmbeddingException("the embedding model returned vectors of different lengths", false);
            }
        }
        if (work.dimensions() != null && work.dimensions() != dimensions) {
            throw new EmbeddingException("the embedding model returned " + dimensions + "-dimensional vectors but this base's other "
                    + "items have " + work.dimensions() + "; re-index the base after changing its model", false);
        }
        return chunks;
    }

    private String text(IngestionStore.Work work) {
        return switch (work.kind()) {
            case TEXT -> work.content();
            case FAQ -> "Q: " + work.question() + "\nA: " + work.answer();
            case FILE -> {
                byte[] data = store.file(work.itemId());
                FileType type = FileType.of(work.fileName(), work.mediaType())
                        .orElseThrow(() -> new ParseException("unsupported file type"));
                if (data == null) {
                    throw new ParseException("the uploaded file is missing");
                }
                try {
                    yield DocumentParser.text(type, data, settings.parseLimits());
                } catch (ParseException e) {
                    throw e;
                } catch (Throwable e) { // a parser's bug or a stack exhausted by a deep file: this item fails, not the worker
                    throw new ParseException("the " + type.name().toLowerCase() + " file could not be read ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        };
    }

    /** The title goes with every chunk into the model: a chunk cut from the middle still says what it is about. */
    private static String embeddingText(IngestionStore.Work work, String chunk) {
        return work.kind() == ItemKind.FAQ || chunk.startsWith(work.title()) ? chunk : work.title() + "\n" + chunk;
    }
}
