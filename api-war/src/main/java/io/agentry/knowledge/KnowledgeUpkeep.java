package io.agentry.knowledge;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Background care of the knowledge bases: at start the local model is loaded, the search
 * indexes are checked against the bases (PostgreSQL: {@link BaseHnswIndexes}) and items waiting
 * without an ingestion job get one; then every few seconds the indexes are re-read for what
 * other servers did, and a deleted base's index is dropped.
 */
@ApplicationScoped
public class KnowledgeUpkeep {

    private static final Logger LOG = Logger.getLogger(KnowledgeUpkeep.class.getName());
    private static final int REFRESH_SECONDS = 5;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    LocalEmbeddingModel localModel;

    @Inject
    ChunkIndexes indexes;

    @Inject
    IngestionQueue ingestion;

    private final AtomicBoolean refreshing = new AtomicBoolean();
    private ScheduledFuture<?> refresh;

    public void start() {
        executor.submit(localModel::warmUp);
        executor.submit(() -> indexes.get().reconcile());
        int queued = ingestion.reconcile();
        if (queued > 0) {
            LOG.info(() -> "Queued " + queued + " knowledge items that were waiting without an ingestion job");
        }
        refresh = scheduler.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
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
    }

    void onBaseDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) BaseDeleted event) {
        executor.submit(() -> indexes.get().baseDeleted(event.baseId()));
    }

    @PreDestroy
    void stop() {
        if (refresh != null) {
            refresh.cancel(false);
        }
    }
}
