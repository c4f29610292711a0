-- A task's team is one of the organization's teams. Before teams existed any id was kept; such
-- ids name nothing and are cleared. A deleted team leaves its tasks unassigned.
update tasks set assigned_team_id = null
    where assigned_team_id is not null and assigned_team_id not in (select id from teams);
alter table tasks add constraint tasks_assigned_team foreign key (assigned_team_id) references teams (id) on delete set null;
create index tasks_team on tasks (assigned_team_id);
