-- Chunks on PostgreSQL: a pgvector column (any length) with one HNSW cosine index per embedding
-- length (a partial expression index; io.agentry.knowledge.PostgresChunkIndex adds one when a
-- base first uses a new length), and a generated tsvector for full-text search.
create extension if not exists vector;

create table knowledge_chunks (
    id              bigint generated always as identity primary key,
    organization_id uuid         not null,
    base_id         uuid         not null references knowledge_bases (id) on delete cascade,
    item_id         uuid         not null references knowledge_items (id) on delete cascade,
    ordinal         integer      not null,
    title           varchar(500) not null,
    content         text         not null,
    token_count     integer      not null,
    metadata        jsonb        not null default '{}',
    dimensions      integer      not null,
    embedding       vector       not null,
    tsv             tsvector generated always as (
                        setweight(to_tsvector('english', title), 'B') || to_tsvector('english', content)) stored,
    unique (item_id, ordinal)
);
create index knowledge_chunks_base on knowledge_chunks (base_id);
create index knowledge_chunks_tsv on knowledge_chunks using gin (tsv);
-- 384: the default in-process model (all-MiniLM-L6-v2).
create index knowledge_chunks_hnsw_384 on knowledge_chunks
    using hnsw ((embedding::vector(384)) vector_cosine_ops) where dimensions = 384;
