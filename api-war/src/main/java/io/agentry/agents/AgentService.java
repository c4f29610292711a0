package io.agentry.agents;

import io.agentry.llm.Provider;
import com.fasterxml.jackson.databind.ObjectReader;
import io.agentry.db.Database;
import io.agentry.db.Hints;
import io.agentry.db.Jdbc;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.db.Queries;
import io.agentry.db.SqlErrors;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JacksonWriter;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Agents of an organization: validation, CRUD and filtered, cursor-paginated listing. */
@ApplicationScoped
public class AgentService {

    /** The fields a body may have (the PostgREST adapter checks a PATCH against them before it finds rows). */
    public static final Set<String> FIELDS = Set.of("name", "description", "provider", "model", "system_prompt",
            "temperature", "max_tokens", "tools", "tags", "knowledge_base_ids", "status", "is_marketplace",
            "workspace_id", "organization_id");
    static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N} _.:/+#-]+");
    static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final String TAG_DESCRIPTION = "letters, digits, spaces and _ . : / + # -";
    private static final String TOOL_DESCRIPTION = "letters, digits and _ . : -";

    /** JsonProvider.provider() does a service lookup per call: resolve it once. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    Database database;

    @Inject
    Jdbc jdbc;

    @Inject
    @ConfigProperty(name = "agentry.default.model", defaultValue = "gpt-4o-mini")
    String defaultModel;

    /** Past this many, forget every agent {@link #getRecent} remembers (each costs one read to remember again). */
    private static final int MAX_RECENT = 10_000;

    /** Agents read for chats, by id: possibly out of date (see {@link #getRecent}). */
    private final Map<UUID, AgentView> recent = new ConcurrentHashMap<>();

    /** Filters of the list endpoint, each optional. */
    public record Filter(AgentStatus status, String tag, Provider provider, Boolean marketplace) {
    }

    @Transactional
    public AgentView create(Caller caller, JsonInput input) {
        input.allowOnly(FIELDS);
        checkOrganization(caller, input);
        // provider may be null on create (it is then inferred from the model); these may not.
        input.rejectNull("tools", "tags", "knowledge_base_ids", "status", "is_marketplace");
        Agent agent = new Agent(UUID.randomUUID(), caller.organizationId(), Times.now());
        agent.setName(input.requiredText("name", 200));
        String model = input.has("model") ? input.requiredText("model", 200) : defaultModel;
        agent.setModel(model);
        Provider provider = input.enumValue("provider", Provider.class);
        agent.setProvider(provider != null ? provider : Provider.inferFrom(model));
        requireAdminToPublish(caller, agent, input);
        apply(agent, input);
        checkKnowledgeBases(caller, agent);
        em.persist(agent);
        em.flush(); // assigns the version the view is cached under
        return view(agent);
    }

    @Transactional
    public AgentView update(Caller caller, UUID id, JsonInput input) {
        input.allowOnly(FIELDS);
        checkOrganization(caller, input);
        input.rejectNull("name", "model", "provider", "tools", "tags", "knowledge_base_ids", "status", "is_marketplace");
        Agent agent = find(caller, id);
        if (input.has("name")) {
            agent.setName(input.requiredText("name", 200));
        }
        if (input.has("model")) {
            agent.setModel(input.requiredText("model", 200));
        }
        if (input.has("provider")) {
            agent.setProvider(input.enumValue("provider", Provider.class));
        }
        requireAdminToPublish(caller, agent, input);
        apply(agent, input);
        checkKnowledgeBases(caller, agent);
        agent.touch(Times.now());
        em.flush(); // bumps the version before the view is rendered (and cached) under it
        recent.remove(id);
        return view(agent);
    }

    /** Publishing to (or withdrawing from) the marketplace shows the agent to every organization: admins only. */
    private static void requireAdminToPublish(Caller caller, Agent agent, JsonInput input) {
        if (input.has("is_marketplace") && input.bool("is_marketplace") != agent.isMarketplace()) {
            caller.requireAdmin("publish agents to the marketplace or withdraw them");
        }
    }

    /** The optional fields shared by create and update (absent = unchanged, null = cleared). */
    private static void apply(Agent agent, JsonInput input) {
        if (input.has("description")) {
            agent.setDescription(input.text("description", 5_000));
        }
        if (input.has("system_prompt")) {
            agent.setSystemPrompt(input.text("system_prompt", 100_000));
        }
        if (input.has("temperature")) {
            agent.setTemperature(input.number("temperature", 0, 2));
        }
        if (input.has("max_tokens")) {
            agent.setMaxTokens(input.integer("max_tokens", 1, 1_000_000));
        }
        if (input.has("tools")) {
            agent.setToolsJson(toJson(input.textList("tools", 50, 100, TOOL, TOOL_DESCRIPTION)));
        }
        if (input.has("tags")) {
            agent.setTagsJson(toJson(input.textList("tags", 50, 64, TAG, TAG_DESCRIPTION)));
        }
        if (input.has("knowledge_base_ids")) {
            agent.setKnowledgeBaseIdsJson(toJson(input.uuidList("knowledge_base_ids", 20).stream().map(UUID::toString).toList()));
        }
        if (input.has("status")) {
            agent.setStatus(input.enumValue("status", AgentStatus.class));
        }
        if (input.has("is_marketplace")) {
            agent.setMarketplace(input.bool("is_marketplace"));
        }
    }

    /** Attached knowledge bases must exist in the caller's organization (the agent searches them). */
    private void checkKnowledgeBases(Caller caller, Agent agent) {
        List<String> ids = fromJson(agent.getKnowledgeBaseIdsJson());
        if (ids.isEmpty()) {
            return;
        }
        List<UUID> wanted = ids.stream().map(UUID::fromString).toList();
        List<UUID> found = Queries.prepared(em, "select b.id from KnowledgeBase b where b.organizationId = :org and b.id in :ids",
                        UUID.class)
                .setParameter("org", caller.organizationId()).setParameter("ids", wanted).getResultList();
        for (int i = 0; i < wanted.size(); i++) {
            if (!found.contains(wanted.get(i))) {
                throw ApiException.invalid("knowledge_base_ids[" + i + "]", "is not a knowledge base of this organization");
            }
        }
    }

    /** A CrewForm-style body may name the organization: only the caller's own. */
    public static void checkOrganization(Caller caller, JsonInput input) {
        for (String field : List.of("workspace_id", "organization_id")) {
            String value = input.text(field, 36);
            if (value != null && !value.equalsIgnoreCase(caller.organizationId().toString())) {
                throw ApiException.invalid(field, "must be the caller's own organization id (or be left out)");
            }
        }
    }

    // Reads need no transaction (and skip the interceptor on the hottest path).
    public AgentView get(Caller caller, UUID id) {
        return view(find(caller, id));
    }

    /**
     * The agent as this server last read it for a chat, or read now: it may have changed since
     * (on another instance, say), so whoever writes on its strength must check its
     * {@code version} in the same statement, as a new conversation's insert does.
     */
    public AgentView getRecent(Caller caller, UUID id) {
        AgentView agent = recent.get(id);
        if (agent != null && agent.organizationId().equals(caller.organizationId())) {
            return agent;
        }
        return getDirect(caller, id);
    }

    /**
     * {@link #get} in one round trip and no transaction, for callers outside one whose request
     * lasts (a chat stream): plain JDBC on the pool's unshareable connection, which goes back to
     * the pool at once, where a JPA read would stay pinned to the request. Remembered for
     * {@link #getRecent}.
     */
    public AgentView getDirect(Caller caller, UUID id) {
        try (Connection c = database.unsharedDataSource().getConnection();
             PreparedStatement statement = c.prepareStatement("select " + SQL_COLUMNS + " from agents where id = ? and organization_id = ?")) {
            statement.setObject(1, id);
            statement.setObject(2, caller.organizationId());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("agent not found");
                }
                AgentView agent = row(row);
                if (recent.size() >= MAX_RECENT) {
                    recent.clear();
                }
                recent.put(id, agent);
                return agent;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read agent " + id + ": " + e.getMessage(), e);
        }
    }

    static final String SQL_COLUMNS = "id, organization_id, name, description, provider, model, system_prompt, "
            + "temperature, max_tokens, tools, tags, knowledge_base_ids, status, is_marketplace, install_count, created_at, "
            + "updated_at, version";

    static AgentView row(ResultSet row) throws SQLException {
        UUID organization = row.getObject(2, UUID.class);
        return new AgentView(row.getObject(1, UUID.class), organization, organization, row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getObject(8, Double.class),
                row.getObject(9, Integer.class), fromJson(row.getString(10)), fromJson(row.getString(11)),
                fromJson(row.getString(12)).stream().map(UUID::fromString).toList(), row.getString(13),
                row.getBoolean(14), row.getLong(15), row.getObject(16, OffsetDateTime.class),
                row.getObject(17, OffsetDateTime.class), row.getLong(18));
    }

    /** What {@link #select} filters and orders on: the scalar fields, by the names the API shows. */
    public static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("organization_id", UUID.class).add("workspace_id", "organization_id", UUID.class)
            .add("name", String.class).add("description", String.class).add("provider", String.class)
            .add("model", String.class).add("system_prompt", String.class).add("temperature", Double.class)
            .add("max_tokens", Integer.class).add("status", String.class).add("is_marketplace", Boolean.class)
            .add("install_count", Long.class).add("created_at", OffsetDateTime.class).add("updated_at", OffsetDateTime.class)
            .build();

    /** The organization's agents a generic query asks for (the PostgREST surface). */
    public List<AgentView> select(Caller caller, RowQuery query) {
        return COLUMNS.list(jdbc, "select " + SQL_COLUMNS + " from agents where organization_id = ?", caller.organizationId(),
                query, AgentService::row);
    }

    public long count(Caller caller, RowQuery query) {
        return COLUMNS.count(jdbc, "select count(*) from agents where organization_id = ?", caller.organizationId(), query);
    }

    public Page<AgentView> list(Caller caller, PageRequest page, Filter filter) {
        StringBuilder jpql = new StringBuilder("select a from Agent a where a.organizationId = :org");
        if (filter.status() != null) {
            jpql.append(" and a.status = :status");
        }
        if (filter.provider() != null) {
            jpql.append(" and a.provider = :provider");
        }
        if (filter.marketplace() != null) {
            jpql.append(" and a.marketplace = :marketplace");
        }
        if (filter.tag() != null) {
            jpql.append(" and a.tags like :tag escape '!'");
        }
        String keyset = page.keysetCondition("a");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by a.createdAt desc, a.id desc");
        TypedQuery<Agent> query = Queries.prepared(em, jpql.toString(), Agent.class)
                .setParameter("org", caller.organizationId())
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(page.limit() + 1);
        if (filter.status() != null) {
            query.setParameter("status", filter.status().wire());
        }
        if (filter.provider() != null) {
            query.setParameter("provider", filter.provider().wire());
        }
        if (filter.marketplace() != null) {
            query.setParameter("marketplace", filter.marketplace());
        }
        if (filter.tag() != null) {
            query.setParameter("tag", tagPattern(filter.tag()));
        }
        page.bind(query);
        return page.page(query.getResultList(), Agent::getCreatedAt, Agent::getId, AgentService::view);
    }

    /** Tags are stored as a JSON array; a tag's JSON form is "tag" (the tag alphabet needs no escaping). */
    static String tagPattern(String tag) {
        return "%\"" + tag.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "\"%";
    }

    /** Parses the list filters from query parameters. */
    public static Filter filter(String status, String tag, String provider, String marketplace) {
        Boolean market = null;
        if (marketplace != null) {
            market = switch (marketplace) {
                case "true" -> true;
                case "false" -> false;
                default -> throw ApiException.invalid("is_marketplace", "must be true or false");
            };
        }
        if (tag != null && (tag.length() > 64 || !TAG.matcher(tag).matches())) {
            throw ApiException.invalid("tag", "must be 1 to 64 characters: " + TAG_DESCRIPTION);
        }
        return new Filter(
                status == null ? null : WireEnum.parse("status", AgentStatus.class, status),
                tag,
                provider == null ? null : WireEnum.parse("provider", Provider.class, provider),
                market);
    }

    /** An agent a team's configuration names cannot be deleted: 409 until the team no longer names it. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        em.remove(find(caller, id));
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw ApiException.conflict("the agent is a member of a team: remove it from the team's configuration first");
            }
            throw e;
        }
        recent.remove(id);
    }

    private Agent find(Caller caller, UUID id) {
        Agent agent = em.find(Agent.class, id);
        if (agent == null || !agent.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("agent not found");
        }
        return agent;
    }

    static AgentView view(Agent a) {
        return new AgentView(a.getId(), a.getOrganizationId(), a.getOrganizationId(), a.getName(), a.getDescription(),
                a.getProvider(), a.getModel(), a.getSystemPrompt(), a.getTemperature(), a.getMaxTokens(),
                fromJson(a.getToolsJson()), fromJson(a.getTagsJson()),
                fromJson(a.getKnowledgeBaseIdsJson()).stream().map(UUID::fromString).toList(),
                a.getStatus(), a.isMarketplace(), a.getInstallCount(), a.getCreatedAt(), a.getUpdatedAt(), a.getVersion());
    }

    private static String toJson(Collection<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array.build().toString();
    }

    private static List<String> fromJson(String json) {
        if (json == null || json.equals("[]")) {
            return List.of();
        }
        try {
            return STRING_LIST.readValue(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored list is not JSON: " + json, e);
        }
    }

    private static final ObjectReader STRING_LIST = JacksonWriter.MAPPER.readerForListOf(String.class);
}
