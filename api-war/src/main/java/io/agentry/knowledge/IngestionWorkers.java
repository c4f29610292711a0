package io.agentry.knowledge;

import io.agentry.db.Times;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs ingestion on Jakarta Concurrency managed threads: up to {@code workers} drain loops per
 * server, each claiming one item at a time from the queue in the database until none is left.
 * A new item wakes a loop at once; a periodic sweep catches everything else (retries coming
 * due, items of a server that died, work left when this one stopped). The workers also keep the
 * search indexes in step with the bases (PostgreSQL: {@link BaseHnswIndexes}): checked at start,
 * built by the worker whose item brings a base to the index size, dropped with a base, and
 * re-read on every sweep for what other servers did.
 */
@ApplicationScoped
public class IngestionWorkers {

    private static final Logger LOG = Logger.getLogger(IngestionWorkers.class.getName());
    private static final int EMBEDDING_BATCH = 32;
    private static final int MAX_CHUNKS = 20_000;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    IngestionStore store;

    @Inject
    Embedder embedder;

    @Inject
    LocalEmbeddingModel localModel;

    @Inject
    ChunkIndexes indexes;

    @Inject
    KnowledgeSettings settings;

    /** Identifies this server's leases; a restarted server is a new owner. */
    private final String owner = "server-" + UUID.randomUUID();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile boolean stopping;
    private ScheduledFuture<?> sweep;

    public void start() {
        executor.submit(localModel::warmUp);
        executor.submit(() -> indexes.get().reconcile());
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, 1, settings.pollSeconds(), TimeUnit.SECONDS);
    }

    private void sweep() {
        if (refreshing.compareAndSet(false, true)) {
            try { // a refresh may build an index (minutes): not on the scheduler's thread
                executor.submit(() -> {
                    try {
                        indexes.get().refresh();
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RuntimeException e) { // executor shutting down
                refreshing.set(false);
            }
        }
        wake();
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) ItemQueued event) {
        wake();
    }

    void onBaseDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) BaseDeleted event) {
        executor.submit(() -> indexes.get().baseDeleted(event.baseId()));
    }

    /** Starts drain loops up to the configured number. */
    public void wake() {
        while (!stopping) {
            int n = running.get();
            if (n >= settings.workers()) {
                return;
            }
            if (running.compareAndSet(n, n + 1)) {
                try {
                    executor.submit(this::drain);
                } catch (RuntimeException e) { // executor shutting down
                    running.decrementAndGet();
                    return;
                }
            }
        }
    }

    private void drain() {
        try {
            while (!stopping) {
                UUID claimed = claimNext();
                if (claimed == null) {
                    return;
                }
                process(claimed);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ingestion worker stopped on an error; the sweep restarts it", e);
        } finally {
            running.decrementAndGet();
        }
    }

    private UUID claimNext() {
        for (UUID id : store.candidates(settings.workers() * 4)) {
            if (store.claim(id, owner, settings.leaseSeconds())) {
                return id;
            }
        }
        return null;
    }

    void process(UUID itemId) {
        IngestionStore.Work work = store.load(itemId);
        if (work == null) {
            return; // deleted meanwhile
        }
        try {
            String text = text(work);
            List<String> pieces = Chunker.split(text, work.chunkSize(), work.chunkOverlap());
            if (pieces.isEmpty()) {
                throw new ParseException("the item has no text to index");
            }
            if (pieces.size() > MAX_CHUNKS) {
                throw new ParseException("the item makes " + pieces.size() + " chunks, more than the limit of "
                        + MAX_CHUNKS + ": split it or raise the base's chunk_size");
            }
            List<ChunkIndex.NewChunk> chunks = new ArrayList<>(pieces.size());
            for (int from = 0; from < pieces.size(); from += EMBEDDING_BATCH) {
                List<String> batch = pieces.subList(from, Math.min(pieces.size(), from + EMBEDDING_BATCH));
                List<Embedder.Embedded> embedded = embedder.embedWithTokens(work.organizationId(), work.embedding(),
                        batch.stream().map(p -> embeddingText(work, p)).toList());
                for (int i = 0; i < batch.size(); i++) {
                    chunks.add(new ChunkIndex.NewChunk(from + i, batch.get(i), embedded.get(i).tokens(), embedded.get(i).vector()));
                }
                if (!store.renew(work, owner, settings.leaseSeconds())) {
                    return; // edited, deleted or taken over: whoever has it now does the work
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
            if (store.complete(work, owner, chunks, dimensions)) {
                indexes.get().stored(work.baseId(), dimensions, chunks.size()); // may build the base's index: this loop waits for it
            }
        } catch (ParseException e) {
            store.fail(work, owner, e.getMessage());
        } catch (EmbeddingException e) {
            retryOrFail(work, e.getMessage(), e.isTransient());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Ingestion of item " + itemId + " failed", e);
            retryOrFail(work, "internal error: " + e.getMessage(), true);
        }
    }

    private void retryOrFail(IngestionStore.Work work, String reason, boolean mayPass) {
        if (mayPass && work.attempts() < settings.maxAttempts()) {
            long delaySeconds = 5L << Math.min(10, work.attempts() - 1); // 5 s, 10 s, 20 s, ...
            store.retryLater(work, owner, reason, Times.now().plusSeconds(delaySeconds));
        } else {
            store.fail(work, owner, reason);
        }
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
                yield DocumentParser.text(type, data);
            }
        };
    }

    /** The title goes with every chunk into the model: a chunk cut from the middle still says what it is about. */
    private static String embeddingText(IngestionStore.Work work, String chunk) {
        return work.kind() == ItemKind.FAQ || chunk.startsWith(work.title()) ? chunk : work.title() + "\n" + chunk;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (sweep != null) {
            sweep.cancel(false);
        }
    }
}
