-- One HNSW index per knowledge base (and embedding length) instead of one per length shared by
-- every base: a base gets its index once it holds 10,000 chunks (the default of
-- AGENTRY_KNOWLEDGE_HNSW_MIN_CHUNKS) and is searched exactly until then, so its chunks are stored
-- without a per-chunk HNSW insert and no search filters other bases' neighbours out of its
-- candidates. io.agentry.knowledge.BaseHnswIndexes builds the indexes of bases that grow later
-- (and, at start, those that reach a different configured size); names and definitions here are
-- the ones it uses.
set local maintenance_work_mem = '256MB';

-- Vectors stay in the row (compressed or moved out only when a row would not fit a page, as for
-- vectors of thousands of dimensions) instead of in the TOAST table: an exact scan of a base then
-- reads one page per few chunks instead of one TOAST lookup per chunk (5 times faster measured
-- at 1,000-20,000 chunks of 384 dimensions). Applies to rows written from now on.
alter table knowledge_chunks alter column embedding set storage main;

do $$
declare
    b record;
    old record;
    -- read first: no index can be created on a table this session is still scanning
    large uuid[] := array(select i.base_id from knowledge_items i join knowledge_bases k on k.id = i.base_id
                          where i.status = 'ready' and k.embedding_dimensions between 1 and 4000
                          group by i.base_id having sum(i.chunk_count) >= 10000);
begin
    for b in select id, embedding_dimensions as n from knowledge_bases where id = any(large) loop
        execute format('create index if not exists %I on knowledge_chunks using hnsw ((embedding::halfvec(%s)) halfvec_cosine_ops) '
                       'where base_id = %L and dimensions = %s',
                       'knowledge_chunks_hnsw_' || b.n || '_' || replace(b.id::text, '-', ''), b.n, b.id, b.n);
    end loop;
    for old in select indexname from pg_indexes
               where tablename = 'knowledge_chunks' and indexname ~ '^knowledge_chunks_hnsw_half_[0-9]+$' loop
        execute format('drop index %I', old.indexname);
    end loop;
end $$;
