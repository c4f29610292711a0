-- The full-text index of knowledge_chunks takes new entries straight into its tree instead of a
-- pending list. Every keyword search reads the whole pending list (up to 4 MB before PostgreSQL
-- merges it), so after a few thousand new chunks keyword searches took twice as long (p50 3.7 ms
-- against 1.4 ms at 100,000 chunks); a direct insert costs about 0.08 ms more per chunk, next to
-- milliseconds of embedding (bench/RESULTS.md).
alter index knowledge_chunks_tsv set (fastupdate = off);
select gin_clean_pending_list('knowledge_chunks_tsv'::regclass);
