package io.agentry.compat.postgrest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.agents.Marketplace;
import io.agentry.agents.MarketplaceAgentView;
import io.agentry.http.JsonInput;
import io.agentry.runs.RunInput;
import io.agentry.runs.RunService;
import io.agentry.runs.RunView;
import io.agentry.tasks.TaskInput;
import io.agentry.tasks.TaskService;
import io.agentry.tasks.TaskView;
import io.agentry.teams.TeamInput;
import io.agentry.teams.TeamService;
import io.agentry.teams.TeamView;
import io.agentry.usage.UsageRecordView;
import io.agentry.usage.UsageService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy tables, each a view of one service: {@code agents}, {@code tasks}, {@code teams},
 * {@code team_runs} and {@code usage_records}, and the published agents every organization
 * browses. Bodies are read exactly as the canonical resources read them.
 */
@ApplicationScoped
public class LegacyTables {

    @Inject
    AgentService agents;

    @Inject
    Marketplace marketplace;

    @Inject
    TaskService tasks;

    @Inject
    TeamService teams;

    @Inject
    RunService runs;

    @Inject
    UsageService usage;

    private static final Set<String> READ = Set.of("GET");
    private static final Set<String> ALL = Set.of("GET", "POST", "PATCH", "DELETE");

    /** The tables, by name. */
    static final Map<String, LegacyTable.Spec> SPECS = specs(
            new LegacyTable.Spec("agents", "agents", AgentService.COLUMNS, Map.of(), AgentView.class, "/api/v1/agents", List.of(), ALL,
                    AgentService.FIELDS),
            new LegacyTable.Spec("tasks", "tasks", TaskService.COLUMNS, Map.of("agent_id", "assigned_agent_id"), TaskView.class,
                    "/api/v1/tasks", List.of("agent_id"), ALL, TaskInput.FIELDS),
            new LegacyTable.Spec("teams", "teams", TeamService.COLUMNS, Map.of(), TeamView.class, "/api/v1/teams", List.of(), ALL,
                    TeamInput.FIELDS),
            new LegacyTable.Spec("team_runs", "runs", RunService.COLUMNS, Map.of(), RunView.class, "/api/v1/runs", List.of(),
                    Set.of("GET", "POST"), Set.of()),
            new LegacyTable.Spec("usage_records", "usage", UsageService.COLUMNS, Map.of(), UsageRecordView.class, "/api/v1/usage",
                    List.of("workspace_id"), READ, Set.of()));

    /** Published agents, as every organization browses them ({@code agents?is_marketplace=eq.true}). */
    static final LegacyTable.Spec PUBLISHED = new LegacyTable.Spec("agents", "marketplace", Marketplace.COLUMNS, Map.of(),
            MarketplaceAgentView.class, "/api/v1/marketplace", List.of("is_marketplace"), READ, Set.of());

    private Map<String, LegacyTable> tables;
    private LegacyTable published;

    @PostConstruct
    void init() {
        tables = Map.of(
                "agents", new LegacyTable(SPECS.get("agents"), LegacyTable.shownBy(SPECS.get("agents")),
                        agents::select, agents::count,
                        (caller, body) -> agents.create(caller, input(body)),
                        (caller, u) -> agents.update(caller, u.id(), input(u.body())),
                        (caller, id) -> {
                            agents.delete(caller, id);
                            return null;
                        },
                        row -> ((AgentView) row).id(), null),
                "tasks", new LegacyTable(SPECS.get("tasks"), LegacyTable.shownBy(SPECS.get("tasks")),
                        tasks::select, tasks::count,
                        (caller, body) -> tasks.create(caller, TaskInput.create(caller, input(body))),
                        (caller, u) -> tasks.update(caller, u.id(), TaskInput.change(caller, input(u.body()))),
                        (caller, id) -> {
                            tasks.delete(caller, id);
                            return null;
                        },
                        row -> ((TaskView) row).id(), LegacyTables::legacyTask),
                "teams", new LegacyTable(SPECS.get("teams"), LegacyTable.shownBy(SPECS.get("teams")),
                        teams::select, teams::count,
                        (caller, body) -> teams.create(caller, TeamInput.create(caller, input(body))),
                        (caller, u) -> {
                            JsonInput input = input(u.body());
                            return teams.update(caller, u.id(), mode -> TeamInput.change(caller, input, mode));
                        },
                        (caller, id) -> {
                            teams.delete(caller, id);
                            return null;
                        },
                        row -> ((TeamView) row).id(), null),
                "team_runs", new LegacyTable(SPECS.get("team_runs"), LegacyTable.shownBy(SPECS.get("team_runs")),
                        runs::select, runs::count,
                        (caller, body) -> runs.start(caller, RunInput.create(caller, input(body))),
                        null, null, row -> ((RunView) row).id(), null),
                "usage_records", new LegacyTable(SPECS.get("usage_records"), LegacyTable.shownBy(SPECS.get("usage_records")),
                        usage::select, usage::count, null, null, null,
                        row -> ((UsageRecordView) row).id(), LegacyTables::legacyUsage));
        published = new LegacyTable(PUBLISHED, LegacyTable.shownBy(PUBLISHED),
                (caller, query) -> marketplace.select(query), (caller, query) -> marketplace.count(query),
                null, null, null, row -> ((MarketplaceAgentView) row).id(), row -> row.put("is_marketplace", true));
    }

    private static Map<String, LegacyTable.Spec> specs(LegacyTable.Spec... specs) {
        Map<String, LegacyTable.Spec> byName = new java.util.LinkedHashMap<>();
        for (LegacyTable.Spec spec : specs) {
            byName.put(spec.name(), spec);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /** The table of that name, or null. */
    LegacyTable named(String name) {
        return tables.get(name);
    }

    /** The agents every organization may browse: the published ones, showing only what is published. */
    LegacyTable published() {
        return published;
    }

    Marketplace marketplace() {
        return marketplace;
    }

    private static JsonInput input(byte[] body) {
        return JsonInput.read(new ByteArrayInputStream(body));
    }

    /** The legacy names: {@code agent_id} for the assigned agent, {@code critical} for urgent. */
    private static void legacyTask(ObjectNode row) {
        row.set("agent_id", row.get("assigned_agent_id"));
        if ("urgent".equals(row.path("priority").asText())) {
            row.put("priority", "critical");
        }
    }

    private static void legacyUsage(ObjectNode row) {
        row.set("workspace_id", row.get("organization_id"));
    }

    /** A value as the legacy API names it, as the services store it: priority {@code critical} is urgent. */
    static String storedValue(LegacyTable table, String column, String value) {
        return table.name().equals("tasks") && column.equals("priority") && value.equals("critical") ? "urgent" : value;
    }
}
