-- The work engine (io.agentry.jobs), tasks, webhook subscriptions with their delivery outbox,
-- and the event log that live streams of tasks (and later runs) replay.

-- A job is work accepted and not yet done: queued, or running under a lease its server renews.
-- Finished jobs are deleted (the outcome lives on the row the job worked on). At most one live
-- job per (kind, subject): work asked for again while running sets rerun, and runs once more.
create table jobs (
    id               uuid           primary key,
    kind             varchar(64)    not null,
    subject_id       uuid           not null,
    organization_id  uuid,
    payload          ${text},
    state            varchar(10)    not null check (state in ('queued', 'running')),
    priority         integer        not null default 0,
    run_at           ${timestamptz} not null,
    attempts         integer        not null default 0,
    max_attempts     integer        not null,
    lease_owner      varchar(64),
    lease_expires_at ${timestamptz},
    -- bumped by every claim: a worker's writes are guarded by the version it claimed
    version          bigint         not null default 0,
    cancel_requested boolean        not null default false,
    rerun            boolean        not null default false,
    last_error       varchar(2000),
    created_at       ${timestamptz} not null,
    constraint jobs_one_per_subject unique (kind, subject_id)
);
create index jobs_queue on jobs (state, priority desc, run_at);
create index jobs_leases on jobs (lease_owner);

-- Tasks (the CrewForm seed's fields) handed to an agent, run as jobs of kind task.run.
create table tasks (
    id                uuid           primary key,
    organization_id   uuid           not null references organizations (id) on delete cascade,
    title             varchar(500)   not null,
    description       ${text},
    priority          varchar(10)    not null check (priority in ('low', 'medium', 'high', 'urgent')),
    status            varchar(12)    not null
        check (status in ('pending', 'dispatched', 'running', 'completed', 'failed', 'cancelled')),
    assigned_agent_id uuid           references agents (id) on delete set null,
    assigned_team_id  uuid,
    result            ${text},
    error             varchar(4000),
    metadata          ${text}        not null default '{}',
    prompt_tokens     bigint         not null default 0,
    completion_tokens bigint         not null default 0,
    cost_usd          decimal(18, 8) not null default 0,
    attempts          integer        not null default 0,
    created_by        uuid,
    token_id          uuid,
    created_at        ${timestamptz} not null,
    updated_at        ${timestamptz} not null,
    started_at        ${timestamptz},
    completed_at      ${timestamptz},
    version           bigint         not null default 1
);
create index tasks_page on tasks (organization_id, created_at desc, id desc);
create index tasks_status on tasks (organization_id, status, created_at desc, id desc);

-- REST-hook subscriptions, each with its own signing secret (sealed with the server's key).
create table webhook_subscriptions (
    id              uuid           primary key,
    organization_id uuid           not null references organizations (id) on delete cascade,
    target_url      varchar(2000)  not null,
    event           varchar(40)    not null,
    secret          ${text}        not null,
    status          varchar(10)    not null check (status in ('active', 'paused', 'disabled')),
    disabled_reason varchar(500),
    description     varchar(500),
    created_by      uuid,
    created_at      ${timestamptz} not null,
    updated_at      ${timestamptz} not null
);
create index webhook_subscriptions_page on webhook_subscriptions (organization_id, created_at desc, id desc);

-- The outbox: one row per message to one receiver, written in the transaction of the change it
-- announces, delivered by jobs of kind webhook.deliver. subscription_id is null for a chat's
-- webhook_url. message_id is the webhook-id header, the same on every attempt.
create table webhook_deliveries (
    id               uuid           primary key,
    organization_id  uuid           not null references organizations (id) on delete cascade,
    subscription_id  uuid           references webhook_subscriptions (id) on delete cascade,
    target_url       varchar(2000)  not null,
    event_type       varchar(40)    not null,
    message_id       varchar(64)    not null,
    body             ${text}        not null,
    status           varchar(10)    not null check (status in ('pending', 'delivered', 'failed')),
    attempts         integer        not null default 0,
    last_status_code integer,
    last_error       varchar(2000),
    next_attempt_at  ${timestamptz},
    created_at       ${timestamptz} not null,
    delivered_at     ${timestamptz}
);
create index webhook_deliveries_page on webhook_deliveries (subscription_id, created_at desc, id desc);

create table webhook_attempts (
    id           uuid           primary key,
    delivery_id  uuid           not null references webhook_deliveries (id) on delete cascade,
    attempted_at ${timestamptz} not null,
    status_code  integer,
    duration_ms  integer        not null,
    error        varchar(2000)
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at);

-- What happened to a task (or a run), in order, for live streams resumable with Last-Event-ID.
create table work_events (
    id         bigint         generated by default as identity primary key,
    subject_id uuid           not null,
    type       varchar(40)    not null,
    data       ${text}        not null,
    created_at ${timestamptz} not null
);
create index work_events_subject on work_events (subject_id, id);
