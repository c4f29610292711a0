package io.agentry.knowledge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * and the planner takes the index once it is valid. Several servers may race to build the same
 * index; the loser's statement fails or finds it there, and both end up knowing it.
 */
final class BaseHnswIndexes {

    private static final Logger LOG = Logger.getLogger(BaseHnswIndexes.class.getName());

    /** HNSW's limit for halfvec: longer vectors are always searched exactly. */
    static final int MAX_DIMENSIONS = 4_000;
    private static final Pattern NAME = Pattern.compile("knowledge_chunks_hnsw_([0-9]+)_([0-9a-f]{32})");
    /** Enough for the graph of a few hundred thousand 384-dimensional vectors to be built in memory. */
    private static final String BUILD_MEMORY = "256MB";

    private final DataSource dataSource;
    private final int minChunks;
    /** Indexes known to be valid: a base's growth needs no counting once its index is there. */
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final Set<String> building = ConcurrentHashMap.newKeySet();
    /** Bases without an index: chunks counted at the last check plus those this server stored since. */
    private final Map<String, Estimate> sizes = new ConcurrentHashMap<>();

    /** Other servers' chunks show only in a count: one is made at least this often while a base grows. */
    private static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Estimate(int chunks, long countedAt) {
    }

    BaseHnswIndexes(DataSource dataSource, int minChunks) {
        this.dataSource = dataSource;
        this.minChunks = minChunks;
    }

    static String name(UUID baseId, int dimensions) {
        return "knowledge_chunks_hnsw_" + dimensions + "_" + baseId.toString().replace("-", "");
    }

    /** Whether searches of the base's vectors of this length can go through its index. */
    boolean isBuilt(UUID baseId, int dimensions) {
        return valid.contains(name(baseId, dimensions));
    }

    /** Reads which indexes are valid now: other servers build and drop them too. */
    void refresh() {
        try (Connection c = dataSource.getConnection()) {
            Set<String> now = new HashSet<>();
            ours(c).forEach((name, isValid) -> {
                if (isValid) {
                    now.add(name);
                }
            });
            valid.retainAll(now);
            valid.addAll(now);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Cannot read the vector indexes", e);
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
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS || valid.contains(name)) {
            return;
        }
        Estimate estimate = sizes.computeIfPresent(name, (k, e) -> new Estimate(e.chunks() + added, e.countedAt()));
        if (estimate != null && estimate.chunks() < minChunks && System.nanoTime() - estimate.countedAt() < RECOUNT_NANOS) {
            return;
        }
        if (!building.add(name)) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            int chunks = chunks(c, baseId, dimensions);
            sizes.put(name, new Estimate(chunks, System.nanoTime()));
            if (chunks >= minChunks) {
                build(c, baseId, dimensions, name);
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot build the vector index " + name + "; the base is searched exactly until its next "
                    + "items are stored: " + e.getMessage(), e);
        } finally {
            building.remove(name);
        }
    }

    /** After a base was deleted: its indexes go (its chunks already went with it). */
    void dropAll(UUID baseId) {
        String suffix = "_" + baseId.toString().replace("-", "");
        sizes.keySet().removeIf(name -> name.endsWith(suffix));
        try (Connection c = dataSource.getConnection()) {
            for (String name : ours(c).keySet()) {
                if (name.endsWith(suffix)) {
                    drop(c, name);
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot drop the vector indexes of deleted base " + baseId + "; the next start does: "
                    + e.getMessage(), e);
        }
    }

    /**
     * At start: drops indexes of bases that are gone and builds that a server died in, and
     * builds the indexes that bases of the index size lack (a server stopped before building).
     */
    void reconcile() {
        List<Sized> large = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            Set<UUID> bases = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from knowledge_bases")) {
                while (rs.next()) {
                    bases.add(rs.getObject(1, UUID.class));
                }
            }
            for (var index : ours(c).entrySet()) {
                Matcher m = NAME.matcher(index.getKey());
                m.matches();
                String hex = m.group(2);
                UUID base = new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16));
                if (!bases.contains(base) || (!index.getValue() && !beingBuilt(c, index.getKey()))) {
                    drop(c, index.getKey());
                } else if (index.getValue()) {
                    valid.add(index.getKey());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select i.base_id, b.embedding_dimensions from knowledge_items i "
                    + "join knowledge_bases b on b.id = i.base_id where i.status = 'ready' and b.embedding_dimensions is not null "
                    + "group by i.base_id, b.embedding_dimensions having sum(i.chunk_count) >= ?")) {
                ps.setInt(1, minChunks);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        large.add(new Sized(rs.getObject(1, UUID.class), rs.getInt(2)));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot check the knowledge bases' vector indexes: " + e.getMessage(), e);
        }
        for (Sized base : large) { // one at a time, each on a connection of its own: a build may take minutes
            grew(base.id(), base.dimensions(), 0);
        }
    }

    private record Sized(UUID id, int dimensions) {
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

    private void build(Connection c, UUID baseId, int dimensions, String name) throws SQLException {
        Boolean state = ours(c).get(name);
        if (Boolean.FALSE.equals(state)) {
            if (beingBuilt(c, name)) {
                return; // another server's build; it will be valid when that ends
            }
            drop(c, name); // left by a build that failed or whose server died
        }
        if (state == null || !state) {
            try (Statement s = c.createStatement()) {
                s.execute("set maintenance_work_mem = '" + BUILD_MEMORY + "'");
                try {
                    long start = System.nanoTime();
                    // names and values are ours (a UUID, an int), never the caller's text
                    s.execute("create index concurrently if not exists " + name + " on knowledge_chunks using hnsw "
                            + "((embedding::halfvec(" + dimensions + ")) halfvec_cosine_ops) "
                            + "where base_id = '" + baseId + "' and dimensions = " + dimensions);
                    LOG.info(() -> "Built the vector index of knowledge base " + baseId + " in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                } finally {
                    s.execute("reset maintenance_work_mem");
                }
            } catch (SQLException e) {
                if (!"42P07".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                } // another server created it at the same moment
            }
        }
        if (Boolean.TRUE.equals(ours(c).get(name))) {
            valid.add(name);
            sizes.remove(name);
        }
    }

    /** Our per-base indexes on knowledge_chunks, by name, and whether each is valid. */
    private static Map<String, Boolean> ours(Connection c) throws SQLException {
        Map<String, Boolean> indexes = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select x.relname, i.indisvalid from pg_index i "
                + "join pg_class x on x.oid = i.indexrelid where i.indrelid = 'knowledge_chunks'::regclass")) {
            while (rs.next()) {
                if (NAME.matcher(rs.getString(1)).matches()) {
                    indexes.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return indexes;
    }

    private static boolean beingBuilt(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_stat_progress_create_index p "
                + "join pg_class x on x.oid = p.index_relid where x.relname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void drop(Connection c, String name) throws SQLException {
        valid.remove(name);
        sizes.remove(name);
        try (Statement s = c.createStatement()) {
            s.execute("drop index concurrently if exists " + name);
        }
    }
}
