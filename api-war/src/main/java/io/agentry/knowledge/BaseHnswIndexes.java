package io.agentry.knowledge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The HNSW indexes of PostgreSQL's chunks: one per knowledge base and embedding length, a partial
 * index over that base's vectors as halfvec, built in one pass once the base holds
 * {@code minChunks} chunks. Until then the base is searched exactly, which at that size is about
 * as fast and never misses, and its chunks are stored without the per-chunk HNSW insert that
 * was ingestion's largest database cost (bench/RESULTS.md). A graph per base also means a search
 * never has to filter other bases' neighbours out of its candidates.
 *
 * <p>Builds run with {@code CREATE INDEX CONCURRENTLY}: ingestion and searches go on meanwhile,
 * and the planner takes the index once it is valid. Index changes on the table run one at a
 * time across all servers (this server's lock, then a PostgreSQL advisory lock): a concurrent
 * build waits for every transaction older than its snapshot, so two at once on one table can
 * deadlock. A build that finds the lock taken, or fails, is retried by {@link #refresh()}.
 */
final class BaseHnswIndexes {

    private static final Logger LOG = Logger.getLogger(BaseHnswIndexes.class.getName());

    /** HNSW's limit for halfvec: longer vectors are always searched exactly. */
    static final int MAX_DIMENSIONS = 4_000;
    private static final Pattern NAME = Pattern.compile("knowledge_chunks_hnsw_([0-9]+)_([0-9a-f]{32})");
    /** The copies {@code REINDEX CONCURRENTLY} makes (the name cut to fit 63 characters). */
    private static final Pattern REBUILD_COPY = Pattern.compile("(knowledge_chunks_hnsw_[0-9]+_[0-9a-f]{1,32})_cc(new|old)[0-9]*");
    /**
     * The graph's build parameters. pgvector's default ef_construction (64) gives a graph that
     * needs ef_search 200 for a recall of 0.96; at 128 it takes half the search work for the
     * same recall (ef_search 100), for builds 1.8 times and inserts 1.2 times as long
     * (bench/RESULTS.md). Indexes built with other parameters are rebuilt at start.
     */
    static final String GRAPH = "m = 16, ef_construction = 128";
    /** {@link #GRAPH} as PostgreSQL keeps it in {@code pg_class.reloptions}. */
    static final String GRAPH_RELOPTIONS = "{" + GRAPH.replace(" ", "") + "}";
    /** Enough for the graph of a few hundred thousand 384-dimensional vectors to be built in memory. */
    private static final String BUILD_MEMORY = "256MB";
    /** The advisory lock key of index changes on knowledge_chunks (any constant no other code uses). */
    static final long DDL_LOCK_KEY = 0x4147_4b43_4849_4458L;
    /** Other servers' chunks show only in a count: one is made at least this often while a base grows. */
    private static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long FORGET_NANOS = TimeUnit.HOURS.toNanos(1);

    private final DataSource dataSource;
    private final int minChunks;
    /** Indexes known to be valid: a base's growth needs no counting once its index is there. */
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    /** Bases without an index: chunks counted at the last check plus those this server stored since. */
    private final Map<String, Estimate> sizes = new ConcurrentHashMap<>();
    /** Bases at the index size whose build waited for the lock or failed, and when to try again. */
    private final Map<String, Due> due = new ConcurrentHashMap<>();
    private final ReentrantLock ddl = new ReentrantLock();

    private record Estimate(int chunks, long countedAt) {
    }

    private record Due(UUID baseId, int dimensions, long notBefore) {
    }

    BaseHnswIndexes(DataSource dataSource, int minChunks) {
        this.dataSource = dataSource;
        this.minChunks = minChunks;
    }

    static String name(UUID baseId, int dimensions) {
        return "knowledge_chunks_hnsw_" + dimensions + "_" + hex(baseId);
    }

    private static String hex(UUID baseId) {
        return baseId.toString().replace("-", "");
    }

    /** Whether searches of the base's vectors of this length can go through its index. */
    boolean isBuilt(UUID baseId, int dimensions) {
        return valid.contains(name(baseId, dimensions));
    }

    /**
     * Every sweep: reads which indexes are valid now (other servers build and drop them too), and
     * tries again the builds that are due. May build an index: run it off the scheduler's thread.
     */
    void refresh() {
        try (Connection c = dataSource.getConnection()) {
            Set<String> now = ConcurrentHashMap.newKeySet();
            ours(c).forEach((name, isValid) -> {
                if (isValid) {
                    now.add(name);
                }
            });
            valid.retainAll(now);
            valid.addAll(now);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Cannot read the vector indexes", e);
            return;
        }
        long now = System.nanoTime();
        sizes.entrySet().removeIf(e -> valid.contains(e.getKey()) || now - e.getValue().countedAt() > FORGET_NANOS);
        due.keySet().removeAll(valid);
        for (var entry : due.entrySet()) {
            if (now - entry.getValue().notBefore() >= 0) {
                due.remove(entry.getKey());
                grew(entry.getValue().baseId(), entry.getValue().dimensions(), 0);
            }
        }
    }

    /**
     * After {@code added} chunks of this length were stored in the base: builds its index, in the
     * caller's thread, if the base has reached the size for one and has none yet. The base's
     * chunks are counted only when this server's own additions could have brought it to the size,
     * or the last count is 10 s old (a count reads every chunk of the base, up to the size).
     */
    void grew(UUID baseId, int dimensions, int added) {
        String name = name(baseId, dimensions);
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS || valid.contains(name) || due.containsKey(name)) {
            return;
        }
        Estimate estimate = sizes.computeIfPresent(name, (k, e) -> new Estimate(e.chunks() + added, e.countedAt()));
        if (estimate != null && estimate.chunks() < minChunks && System.nanoTime() - estimate.countedAt() < RECOUNT_NANOS) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            int chunks = chunks(c, baseId, dimensions);
            sizes.put(name, new Estimate(chunks, System.nanoTime()));
            if (chunks >= minChunks && !build(c, baseId, dimensions, name)) {
                due.put(name, new Due(baseId, dimensions, System.nanoTime())); // another build runs: next sweep
            }
        } catch (SQLException e) {
            due.put(name, new Due(baseId, dimensions, System.nanoTime() + RETRY_AFTER_FAILURE_NANOS));
            LOG.log(Level.WARNING, "Cannot build the vector index " + name + "; the base is searched exactly meanwhile, "
                    + "the build is tried again in 5 minutes: " + e.getMessage(), e);
        }
    }

    /** After a base was deleted: its indexes go (its chunks already went with it). */
    void dropAll(UUID baseId) {
        String suffix = "_" + hex(baseId);
        sizes.keySet().removeIf(name -> name.endsWith(suffix));
        due.keySet().removeIf(name -> name.endsWith(suffix));
        try (Connection c = dataSource.getConnection()) {
            if (!underDdlLock(c, true, () -> {
                for (String name : ours(c).keySet()) {
                    if (name.endsWith(suffix)) {
                        drop(c, name);
                    }
                }
            })) {
                LOG.warning("Gave up waiting to drop the vector indexes of deleted base " + baseId + "; the next start does");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot drop the vector indexes of deleted base " + baseId + "; the next start does: "
                    + e.getMessage(), e);
        }
    }

    /**
     * At start: drops the indexes of bases that are gone or use another length now, and those a
     * build left invalid (a server died in it), then builds the indexes that bases of the index
     * size lack (a server stopped before building them).
     */
    void reconcile() {
        List<Due> large = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Map<UUID, Integer> bases = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, coalesce(embedding_dimensions, 0) from knowledge_bases")) {
                while (rs.next()) {
                    bases.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
            underDdlLock(c, true, () -> {
                for (var index : ours(c).entrySet()) {
                    Matcher m = NAME.matcher(index.getKey());
                    m.matches();
                    int length = Integer.parseInt(m.group(1));
                    String hex = m.group(2);
                    Integer current = bases.get(new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16)));
                    boolean stale = current == null || (current != 0 && current != length) || !index.getValue();
                    try {
                        if (stale) {
                            drop(c, index.getKey());
                        } else {
                            valid.add(index.getKey());
                        }
                    } catch (SQLException e) { // go on with the others
                        LOG.log(Level.WARNING, "Cannot drop the vector index " + index.getKey() + ": " + e.getMessage(), e);
                    }
                }
                dropInterruptedRebuilds(c);
                for (String name : builtOtherwise(c)) {
                    rebuild(c, name);
                }
            });
            try (PreparedStatement ps = c.prepareStatement("select i.base_id, b.embedding_dimensions from knowledge_items i "
                    + "join knowledge_bases b on b.id = i.base_id where i.status = 'ready' and b.embedding_dimensions is not null "
                    + "group by i.base_id, b.embedding_dimensions having sum(i.chunk_count) >= ?")) {
                ps.setInt(1, minChunks);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        large.add(new Due(rs.getObject(1, UUID.class), rs.getInt(2), 0));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot check the knowledge bases' vector indexes: " + e.getMessage(), e);
        }
        for (Due base : large) { // one at a time, each on a connection of its own: a build may take minutes
            grew(base.baseId(), base.dimensions(), 0);
        }
    }

    /** The base's chunks of this length, counted up to the index size only. */
    private int chunks(Connection c, UUID baseId, int dimensions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from (select 1 from knowledge_chunks "
                + "where base_id = ? and dimensions = ? limit ?) x")) {
            ps.setObject(1, baseId);
            ps.setInt(2, dimensions);
            ps.setInt(3, minChunks);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Builds the index unless it is there; false, doing nothing, when another index change runs. */
    private boolean build(Connection c, UUID baseId, int dimensions, String name) throws SQLException {
        return underDdlLock(c, false, () -> {
            Map<String, Boolean> indexes = ours(c);
            if (Boolean.FALSE.equals(indexes.get(name))) {
                drop(c, name); // left by a failed build: with the lock held, no build is running
            }
            if (!Boolean.TRUE.equals(indexes.get(name)) && baseHasLength(c, baseId, dimensions)) {
                for (String other : indexes.keySet()) { // the base's vectors had another length before
                    if (!other.equals(name) && other.endsWith("_" + hex(baseId))) {
                        drop(c, other);
                    }
                }
                try (Untimed untimed = Untimed.on(c)) {
                    Statement s = untimed.statement();
                    s.execute("set maintenance_work_mem = '" + BUILD_MEMORY + "'");
                    try {
                        long start = System.nanoTime();
                        // names and values are ours (a UUID, an int), never the caller's text
                        s.execute("create index concurrently if not exists " + name + " on knowledge_chunks using hnsw "
                                + "((embedding::halfvec(" + dimensions + ")) halfvec_cosine_ops) with (" + GRAPH + ") "
                                + "where base_id = '" + baseId + "' and dimensions = " + dimensions);
                        LOG.info(() -> "Built the vector index of knowledge base " + baseId + " in "
                                + (System.nanoTime() - start) / 1_000_000 + " ms");
                    } finally {
                        s.execute("reset maintenance_work_mem");
                    }
                }
            }
            if (Boolean.TRUE.equals(ours(c).get(name))) {
                valid.add(name);
                sizes.remove(name);
            }
        });
    }

    /** Whether the base still exists with vectors of this length (it may have been deleted meanwhile). */
    private static boolean baseHasLength(Connection c, UUID baseId, int dimensions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from knowledge_bases where id = ? and embedding_dimensions = ?")) {
            ps.setObject(1, baseId);
            ps.setInt(2, dimensions);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /**
     * Runs an index change while holding this server's lock and the database's advisory lock;
     * {@code wait}: for up to 30 minutes (a build may take that long), else not at all. Returns
     * whether it ran. The advisory lock is tried, never waited on inside PostgreSQL: a session
     * waiting there would hold a snapshot the running build waits for.
     */
    private boolean underDdlLock(Connection c, boolean wait, SqlWork work) throws SQLException {
        long deadline = System.nanoTime() + (wait ? TimeUnit.MINUTES.toNanos(30) : 0);
        try {
            if (!(wait ? ddl.tryLock(30, TimeUnit.MINUTES) : ddl.tryLock())) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            while (!advisory(c, "pg_try_advisory_lock")) {
                if (!wait || System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(500);
            }
            try {
                work.run();
                return true;
            } finally {
                advisory(c, "pg_advisory_unlock");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            ddl.unlock();
        }
    }

    private static boolean advisory(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(?)")) {
            ps.setLong(1, DDL_LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Our valid indexes whose graph was built with other parameters than {@link #GRAPH} (older versions). */
    private static List<String> builtOtherwise(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select x.relname from pg_index i join pg_class x on x.oid = i.indexrelid "
                + "where i.indrelid = 'knowledge_chunks'::regclass and i.indisvalid "
                + "and not coalesce(x.reloptions, '{}') @> ?::text[]")) {
            ps.setString(1, GRAPH_RELOPTIONS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (NAME.matcher(rs.getString(1)).matches()) {
                        names.add(rs.getString(1));
                    }
                }
            }
        }
        return names;
    }

    /**
     * A server that died in a rebuild left a copy: a new graph not swapped in yet (the original,
     * which already carries the new parameters, is marked for rebuilding again) or an old graph
     * not dropped yet.
     */
    private void dropInterruptedRebuilds(Connection c) throws SQLException {
        Map<String, Boolean> all = indexes(c);
        for (String name : all.keySet()) {
            Matcher copy = REBUILD_COPY.matcher(name);
            if (copy.matches()) {
                if (copy.group(2).equals("new")) {
                    for (String original : all.keySet()) {
                        if (NAME.matcher(original).matches() && original.startsWith(copy.group(1))) {
                            forgetGraph(c, original);
                        }
                    }
                }
                drop(c, name);
            }
        }
    }

    /** Takes the graph parameters off an index: the next start rebuilds it. */
    private static void forgetGraph(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("alter index " + name + " reset (m, ef_construction)");
        }
    }

    /**
     * Rebuilds an index with {@link #GRAPH}: searches go on through the old one until the new
     * one replaces it. On failure the half-built copy is dropped and the old one stays, without
     * the new parameters, so that the next start tries again.
     */
    private void rebuild(Connection c, String name) {
        long start = System.nanoTime();
        try (Untimed untimed = Untimed.on(c)) {
            Statement s = untimed.statement();
            s.execute("alter index " + name + " set (" + GRAPH + ")");
            s.execute("set maintenance_work_mem = '" + BUILD_MEMORY + "'");
            try {
                s.execute("reindex index concurrently " + name);
            } finally {
                s.execute("reset maintenance_work_mem");
            }
            LOG.info(() -> "Rebuilt the vector index " + name + " with " + GRAPH + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot rebuild the vector index " + name + " with " + GRAPH + "; the next start tries again: "
                    + e.getMessage(), e);
            try {
                forgetGraph(c, name);
                dropInterruptedRebuilds(c);
            } catch (SQLException again) { // the next start's attempt reports it
                LOG.log(Level.FINE, "Cannot clean up after the failed rebuild of " + name, again);
            }
        }
    }

    /**
     * A statement for an index build, which takes as long as the base is large: without the data
     * source's query timeout, and with the driver's socket timeout lifted on its connection until
     * it is closed.
     */
    private record Untimed(Connection connection, Statement statement, int networkTimeout) implements AutoCloseable {

        static Untimed on(Connection c) throws SQLException {
            int networkTimeout = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, 0);
            Statement s = c.createStatement();
            s.setQueryTimeout(0);
            return new Untimed(c, s, networkTimeout);
        }

        @Override
        public void close() throws SQLException {
            try {
                statement.close();
            } finally {
                connection.setNetworkTimeout(Runnable::run, networkTimeout);
            }
        }
    }

    /** Our per-base indexes on knowledge_chunks, by name, and whether each is valid. */
    private static Map<String, Boolean> ours(Connection c) throws SQLException {
        Map<String, Boolean> indexes = indexes(c);
        indexes.keySet().removeIf(name -> !NAME.matcher(name).matches());
        return indexes;
    }

    /** Every index on knowledge_chunks, by name, and whether it is valid. */
    private static Map<String, Boolean> indexes(Connection c) throws SQLException {
        Map<String, Boolean> indexes = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select x.relname, i.indisvalid from pg_index i "
                + "join pg_class x on x.oid = i.indexrelid where i.indrelid = 'knowledge_chunks'::regclass")) {
            while (rs.next()) {
                indexes.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return indexes;
    }

    private void drop(Connection c, String name) throws SQLException {
        valid.remove(name);
        sizes.remove(name);
        try (Statement s = c.createStatement()) {
            s.execute("drop index concurrently if exists " + name);
        }
    }
}
