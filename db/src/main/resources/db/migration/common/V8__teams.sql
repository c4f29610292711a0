-- Teams: agents working together in one of three modes. The mode's configuration is kept as the
-- JSON the API validated; team_members lists every agent it names (steps, lead, members,
-- facilitator), so an agent in a team cannot be deleted from under it.
create table teams (
    id              uuid           primary key,
    organization_id uuid           not null references organizations (id) on delete cascade,
    name            varchar(200)   not null,
    description     varchar(2000),
    mode            varchar(20)    not null check (mode in ('pipeline', 'orchestrator', 'collaboration')),
    config          ${text}        not null,
    created_by      uuid,
    created_at      ${timestamptz} not null,
    updated_at      ${timestamptz} not null,
    version         bigint         not null default 1
);
create index teams_page on teams (organization_id, created_at desc, id desc);

create table team_members (
    team_id  uuid        not null references teams (id) on delete cascade,
    position integer     not null,
    agent_id uuid        not null references agents (id),
    role     varchar(12) not null check (role in ('step', 'lead', 'member', 'facilitator')),
    primary key (team_id, position)
);
create index team_members_agent on team_members (agent_id);
