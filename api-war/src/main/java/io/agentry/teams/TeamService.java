package io.agentry.teams;

import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.db.SqlErrors;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.StoredJson;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Teams of an organization. Every agent a configuration names must be one of the organization's
 * own; the team's members are written with it, so such an agent cannot be deleted meanwhile.
 */
@ApplicationScoped
public class TeamService {

    @Inject
    TeamStore store;

    @Transactional
    public TeamView create(Caller caller, TeamInput.NewTeam request) {
        List<TeamConfig.Member> members = members(caller, request.config());
        OffsetDateTime now = Times.now();
        Team team = new Team(UUID.randomUUID(), caller.organizationId(), request.name(), request.description(), request.mode(),
                configJson(request.config()), caller.userId(), now, now, 1);
        try {
            store.insert(team, members);
        } catch (IllegalStateException e) {
            throw agentGone(e);
        }
        return view(team, store.members(List.of(team.id())).getOrDefault(team.id(), List.of()));
    }

    public Page<TeamView> list(Caller caller, PageRequest page, TeamMode mode) {
        List<Team> rows = store.list(caller.organizationId(), page, mode);
        Map<UUID, List<TeamMemberView>> members = store.members(rows.stream().map(Team::id).toList());
        return page.page(rows, Team::createdAt, Team::id, t -> view(t, members.getOrDefault(t.id(), List.of())));
    }

    /** What {@link #select} filters and orders on: the scalar fields, by the names the API shows. */
    public static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("workspace_id", "organization_id", UUID.class).add("name", String.class)
            .add("description", String.class).add("mode", String.class).add("created_by", UUID.class)
            .add("created_at", OffsetDateTime.class).add("updated_at", OffsetDateTime.class)
            .build();

    /** The organization's teams a generic query asks for (the PostgREST surface), with their members. */
    public List<TeamView> select(Caller caller, RowQuery query) {
        List<Team> rows = store.select(caller.organizationId(), COLUMNS, query);
        Map<UUID, List<TeamMemberView>> members = store.members(rows.stream().map(Team::id).toList());
        return rows.stream().map(t -> view(t, members.getOrDefault(t.id(), List.of()))).toList();
    }

    public long count(Caller caller, RowQuery query) {
        return store.count(caller.organizationId(), COLUMNS, query);
    }

    public TeamView get(Caller caller, UUID id) {
        Team team = find(caller, id);
        return view(team, store.members(List.of(id)).getOrDefault(id, List.of()));
    }

    /** The team as stored, for team runs: 404 unless it is the caller's organization's. */
    public Team find(Caller caller, UUID id) {
        Team team = store.find(id);
        if (team == null || !team.organizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("team not found");
        }
        return team;
    }

    /** Reads the PATCH against the team's current mode, then writes it unless the team changed meanwhile. */
    @Transactional
    public TeamView update(Caller caller, UUID id, Function<TeamMode, TeamInput.Change> read) {
        Team team = find(caller, id);
        TeamInput.Change change = read.apply(team.mode());
        List<TeamConfig.Member> members = change.config() == null ? null : members(caller, change.config());
        Team changed = new Team(team.id(), team.organizationId(), change.name() != null ? change.name() : team.name(),
                change.description() != null || change.clearDescription() ? change.description() : team.description(),
                change.mode() != null ? change.mode() : team.mode(),
                change.config() != null ? configJson(change.config()) : team.configJson(), team.createdBy(), team.createdAt(),
                Times.now(), team.version());
        boolean written;
        try {
            written = store.update(changed, members);
        } catch (IllegalStateException e) {
            throw agentGone(e);
        }
        if (!written) {
            if (store.find(id) == null) {
                throw ApiException.notFound("team not found");
            }
            throw ApiException.conflict("the team was changed meanwhile; read it again and retry");
        }
        return view(changed, store.members(List.of(id)).getOrDefault(id, List.of()));
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        find(caller, id);
        store.delete(id);
    }

    /** The configuration's members, each agent checked to be the organization's. */
    private List<TeamConfig.Member> members(Caller caller, TeamConfig config) {
        if (config == null) {
            return List.of();
        }
        List<TeamConfig.Member> members = config.members();
        Set<UUID> named = new LinkedHashSet<>();
        members.forEach(m -> named.add(m.agentId()));
        Set<UUID> found = new HashSet<>(store.agentsOf(caller.organizationId(), named));
        for (TeamConfig.Member m : members) {
            if (!found.contains(m.agentId())) {
                throw ApiException.invalid(m.field(), "is not an agent of this organization");
            }
        }
        return members;
    }

    /** An agent deleted between the check and the write: the member's foreign key refused it. */
    private static RuntimeException agentGone(IllegalStateException e) {
        return SqlErrors.isForeignKeyViolation(e) ? ApiException.invalid("config", "names an agent that was just deleted") : e;
    }

    private static String configJson(TeamConfig config) {
        return config == null ? "{}" : config.toJson().toString();
    }

    static TeamView view(Team t, List<TeamMemberView> members) {
        return new TeamView(t.id(), t.organizationId(), t.name(), t.description(), t.mode().wire(),
                StoredJson.tree(t.configJson(), "{}"), members, t.createdBy(), t.createdAt(), t.updatedAt());
    }
}
