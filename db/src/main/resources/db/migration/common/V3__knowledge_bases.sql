-- Knowledge bases and their items. Chunks (with their vectors) are per database: see
-- postgresql/V3_1 (pgvector + full-text search) and h2/V3_1 (exact scan in Java).

create table knowledge_bases (
    id                   uuid primary key,
    organization_id      uuid          not null references organizations (id) on delete cascade,
    name                 varchar(200)  not null,
    description          ${text},
    embedding_provider   varchar(20)   not null check (embedding_provider in ('local', 'openai', 'ollama')),
    embedding_model      varchar(200)  not null,
    embedding_base_url   varchar(2000),
    -- Known once the first chunk is embedded; a query vector must have the same length.
    embedding_dimensions integer,
    chunk_size           integer       not null check (chunk_size between 100 and 8000),
    chunk_overlap        integer       not null check (chunk_overlap >= 0 and chunk_overlap * 2 <= chunk_size),
    created_at           ${timestamptz} not null,
    updated_at           ${timestamptz} not null,
    version              bigint        not null default 1
);
create index knowledge_bases_page on knowledge_bases (organization_id, created_at desc, id desc);

-- Items double as the ingestion queue: status pending/processing with a lease is the work left
-- to do, so nothing is lost when a server stops in the middle (another instance, or the same
-- one after its restart, claims it again once the lease has expired).
create table knowledge_items (
    id               uuid primary key,
    organization_id  uuid          not null,
    base_id          uuid          not null references knowledge_bases (id) on delete cascade,
    kind             varchar(10)   not null check (kind in ('text', 'faq', 'file')),
    title            varchar(500)  not null,
    content          ${text},
    question         ${text},
    answer           ${text},
    file_name        varchar(255),
    media_type       varchar(100),
    file_size        bigint,
    metadata         ${text}       not null default '{}',
    source           varchar(2000),
    status           varchar(12)   not null check (status in ('pending', 'processing', 'ready', 'failed')),
    error            varchar(2000),
    chunk_count      integer       not null default 0,
    token_count      bigint        not null default 0,
    -- Bumped by every change of content; a worker's result is kept only for the revision it read.
    revision         integer       not null default 1,
    attempts         integer       not null default 0,
    lease_owner      varchar(64),
    lease_expires_at ${timestamptz},
    next_attempt_at  ${timestamptz},
    indexed_at       ${timestamptz},
    created_at       ${timestamptz} not null,
    updated_at       ${timestamptz} not null
);
create index knowledge_items_page on knowledge_items (base_id, created_at desc, id desc);
create index knowledge_items_work on knowledge_items (status, next_attempt_at);

-- Uploaded files are kept so an item can be re-indexed (new chunk size, new embedding model).
create table knowledge_files (
    item_id uuid primary key references knowledge_items (id) on delete cascade,
    data    ${bytes} not null
);
