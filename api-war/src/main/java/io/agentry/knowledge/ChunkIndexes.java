package io.agentry.knowledge;

import io.agentry.db.Database;
import io.agentry.db.Dialect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Picks the chunk index of the database the server runs on. */
@ApplicationScoped
public class ChunkIndexes {

    @Inject
    Database database;

    @Inject
    KnowledgeSettings settings;

    private volatile ChunkIndex index;

    public ChunkIndex get() {
        ChunkIndex i = index;
        if (i == null) {
            i = database.dialect() == Dialect.POSTGRESQL
                    ? new PostgresChunkIndex(database.dataSource(), settings.efSearch(), settings.hnswMinChunks())
                    : new H2ChunkIndex(database.dataSource());
            index = i;
        }
        return i;
    }
}
