package io.agentry.teams;

import io.agentry.db.Jdbc;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.http.PageRequest;
import io.agentry.http.WireEnum;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL of {@code teams} and {@code team_members}. Updates are optimistic on the team's version. */
@ApplicationScoped
public class TeamStore {

    private static final String COLUMNS = "id, organization_id, name, description, mode, config, created_by, created_at, "
            + "updated_at, version";

    @Inject
    Jdbc jdbc;

    void insert(Team t, List<TeamConfig.Member> members) {
        jdbc.update("insert into teams (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", t.id(), t.organizationId(),
                t.name(), t.description(), t.mode().wire(), t.configJson(), t.createdBy(), t.createdAt(), t.updatedAt(),
                t.version());
        insertMembers(t.id(), members);
    }

    /** Writes the team and, when given, its new members; false (nothing written) when it changed since it was read. */
    boolean update(Team t, List<TeamConfig.Member> members) {
        int n = jdbc.update("update teams set name = ?, description = ?, mode = ?, config = ?, updated_at = ?, "
                        + "version = version + 1 where id = ? and version = ?",
                t.name(), t.description(), t.mode().wire(), t.configJson(), t.updatedAt(), t.id(), t.version());
        if (n == 1 && members != null) {
            jdbc.update("delete from team_members where team_id = ?", t.id());
            insertMembers(t.id(), members);
        }
        return n == 1;
    }

    private void insertMembers(UUID teamId, List<TeamConfig.Member> members) {
        for (int i = 0; i < members.size(); i++) {
            TeamConfig.Member m = members.get(i);
            jdbc.update("insert into team_members (team_id, position, agent_id, role) values (?, ?, ?, ?)",
                    teamId, i, m.agentId(), m.role().wire());
        }
    }

    Team find(UUID id) {
        return jdbc.one("select " + COLUMNS + " from teams where id = ?", TeamStore::team, id);
    }

    void delete(UUID id) {
        jdbc.update("delete from teams where id = ?", id);
    }

    List<Team> list(UUID organizationId, PageRequest page, TeamMode mode) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from teams where organization_id = ?");
        List<Object> values = new ArrayList<>(List.of(organizationId));
        if (mode != null) {
            sql.append(" and mode = ?");
            values.add(mode.wire());
        }
        String keyset = page.keysetSql(values);
        if (keyset != null) {
            sql.append(" and ").append(keyset);
        }
        sql.append(" order by created_at desc, id desc fetch first ? rows only");
        values.add(page.limit() + 1);
        return jdbc.list(sql.toString(), TeamStore::team, values.toArray());
    }

    List<Team> select(UUID organizationId, RowColumns columns, RowQuery query) {
        return columns.list(jdbc, "select " + COLUMNS + " from teams where organization_id = ?", organizationId, query,
                TeamStore::team);
    }

    long count(UUID organizationId, RowColumns columns, RowQuery query) {
        return columns.count(jdbc, "select count(*) from teams where organization_id = ?", organizationId, query);
    }

    /** The members of these teams with their agents' names, in position order, in one query. */
    Map<UUID, List<TeamMemberView>> members(Collection<UUID> teamIds) {
        if (teamIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(teamIds.size(), "?"));
        Map<UUID, List<TeamMemberView>> byTeam = new HashMap<>();
        jdbc.list("select m.team_id, m.position, m.role, m.agent_id, a.name from team_members m join agents a on a.id = m.agent_id "
                        + "where m.team_id in (" + marks + ") order by m.team_id, m.position",
                rs -> byTeam.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(new TeamMemberView(rs.getInt(2), rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5))),
                teamIds.toArray());
        return byTeam;
    }

    /** Which of these agents belong to the organization. */
    List<UUID> agentsOf(UUID organizationId, Collection<UUID> agentIds) {
        String marks = String.join(", ", Collections.nCopies(agentIds.size(), "?"));
        List<Object> values = new ArrayList<>(List.of(organizationId));
        values.addAll(agentIds);
        return jdbc.list("select id from agents where organization_id = ? and id in (" + marks + ")",
                rs -> rs.getObject(1, UUID.class), values.toArray());
    }

    private static Team team(ResultSet rs) throws SQLException {
        return new Team(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                WireEnum.parse("mode", TeamMode.class, rs.getString(5)), rs.getString(6),
                rs.getObject(7, UUID.class), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                rs.getLong(10));
    }
}
