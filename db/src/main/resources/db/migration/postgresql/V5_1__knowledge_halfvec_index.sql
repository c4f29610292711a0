-- The HNSW indexes of knowledge_chunks index the vectors as halfvec (16-bit floats) instead of
-- vector: half the size (112 MB against 227 MB at 100,000 x 384 dimensions), queries about
-- twice as fast at the same recall against exact search (bench/RESULTS.md), and lengths up to
-- 4,000 get an index (vector's HNSW stops at 2,000). The chunks keep their full-precision
-- vectors: scores are computed from them. One index per length found in the table; lengths
-- that arrive later get theirs from io.agentry.knowledge.PostgresChunkIndex.
set local maintenance_work_mem = '512MB';

do $$
declare
    old record;
    n integer;
    -- read first: no index can be created on a table this session is still scanning
    lengths integer[] := array(select distinct dimensions from knowledge_chunks where dimensions between 1 and 4000
                               union select 384);
begin
    foreach n in array lengths loop
        execute format('create index if not exists knowledge_chunks_hnsw_half_%s on knowledge_chunks '
                       'using hnsw ((embedding::halfvec(%s)) halfvec_cosine_ops) where dimensions = %s', n, n, n);
    end loop;
    for old in select indexname from pg_indexes
               where tablename = 'knowledge_chunks' and indexname ~ '^knowledge_chunks_hnsw_[0-9]+$' loop
        execute format('drop index %I', old.indexname);
    end loop;
end $$;
