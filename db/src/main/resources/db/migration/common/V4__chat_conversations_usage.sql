-- Chat: conversations with their messages, and one usage record per model call.

create table conversations (
    id              uuid primary key,
    organization_id uuid           not null references organizations (id) on delete cascade,
    agent_id        uuid           not null references agents (id) on delete cascade,
    title           varchar(500),
    status          varchar(10)    not null check (status in ('open', 'archived')),
    metadata        ${text}        not null default '{}',
    message_count   integer        not null default 0,
    created_at      ${timestamptz} not null,
    updated_at      ${timestamptz} not null,
    version         bigint         not null default 1
);
create index conversations_page on conversations (organization_id, created_at desc, id desc);
create index conversations_agent on conversations (agent_id, created_at desc);

-- A user message and the assistant's reply to it. A reply whose model call failed is kept with
-- status 'failed' and the reason, so the exchange stays visible in the conversation.
create table messages (
    id                uuid primary key,
    organization_id   uuid           not null,
    conversation_id   uuid           not null references conversations (id) on delete cascade,
    role              varchar(10)    not null check (role in ('user', 'assistant')),
    content           ${text},
    status            varchar(10)    not null check (status in ('complete', 'failed', 'cancelled')),
    error             varchar(2000),
    -- JSON: the tool calls made for this reply (name, arguments, result summary) and the
    -- knowledge items the reply drew on.
    tool_calls        ${text}        not null default '[]',
    citations         ${text}        not null default '[]',
    attachments       ${text}        not null default '[]',
    metadata          ${text}        not null default '{}',
    provider          varchar(30),
    model             varchar(200),
    prompt_tokens     integer,
    completion_tokens integer,
    created_at        ${timestamptz} not null
);
create index messages_page on messages (conversation_id, created_at, id);

create table usage_records (
    id                 uuid primary key,
    organization_id    uuid           not null references organizations (id) on delete cascade,
    token_id           uuid,
    agent_id           uuid,
    conversation_id    uuid,
    message_id         uuid,
    task_id            uuid,
    provider           varchar(30)    not null,
    model              varchar(200)   not null,
    prompt_tokens      integer        not null,
    completion_tokens  integer        not null,
    estimated_cost_usd decimal(18, 8) not null,
    billing_model      varchar(30)    not null,
    created_at         ${timestamptz} not null
);
create index usage_records_page on usage_records (organization_id, created_at desc, id desc);
