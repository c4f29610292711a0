-- Chunks on the embedded H2 database: vectors as little-endian float32 bytes, searched by an
-- exact cosine scan in Java (io.agentry.knowledge.H2ChunkIndex) together with a keyword scorer.
create table knowledge_chunks (
    id              bigint generated always as identity primary key,
    organization_id uuid              not null,
    base_id         uuid              not null references knowledge_bases (id) on delete cascade,
    item_id         uuid              not null references knowledge_items (id) on delete cascade,
    ordinal         integer           not null,
    title           varchar(500)      not null,
    content         varchar(1000000)  not null,
    token_count     integer           not null,
    metadata        varchar(1000000)  not null default '{}',
    dimensions      integer           not null,
    embedding       varbinary(65536)  not null,
    unique (item_id, ordinal)
);
create index knowledge_chunks_base on knowledge_chunks (base_id);
