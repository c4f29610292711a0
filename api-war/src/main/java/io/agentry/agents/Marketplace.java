package io.agentry.agents;

import io.agentry.db.Hints;
import io.agentry.db.Jdbc;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.db.Queries;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import io.agentry.llm.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Agents their organizations' admins published ({@code is_marketplace}), browsable by every
 * organization, and installed by copying: the copy belongs to the installer, unpublished, without
 * the publisher's knowledge bases. Each install counts once, atomically, in the database.
 */
@ApplicationScoped
public class Marketplace {

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    Jdbc jdbc;

    /** Published agents, newest first; {@code tag}: only those carrying it. */
    public Page<MarketplaceAgentView> list(PageRequest page, String tag) {
        AgentService.Filter filter = AgentService.filter(null, tag, null, null);
        StringBuilder jpql = new StringBuilder("select a from Agent a where a.marketplace = true");
        if (filter.tag() != null) {
            jpql.append(" and a.tags like :tag escape '!'");
        }
        String keyset = page.keysetCondition("a");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by a.createdAt desc, a.id desc");
        TypedQuery<Agent> query = Queries.prepared(em, jpql.toString(), Agent.class)
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(page.limit() + 1);
        if (filter.tag() != null) {
            query.setParameter("tag", AgentService.tagPattern(filter.tag()));
        }
        page.bind(query);
        return page.page(query.getResultList(), Agent::getCreatedAt, Agent::getId, a -> MarketplaceAgentView.of(AgentService.view(a)));
    }

    /**
     * What a generic query of published agents may filter and order on: only fields every
     * organization sees (a filter on anything else would reveal it one guess at a time).
     */
    public static final RowColumns COLUMNS = RowColumns.builder()
            .add("id", UUID.class).add("name", String.class).add("description", String.class).add("provider", String.class)
            .add("model", String.class).add("system_prompt", String.class).add("temperature", Double.class)
            .add("max_tokens", Integer.class).add("is_marketplace", Boolean.class).add("install_count", Long.class)
            .add("created_at", OffsetDateTime.class).add("updated_at", OffsetDateTime.class)
            .build();

    /** Published agents a generic query asks for (the PostgREST surface's is_marketplace=eq.true). */
    public List<MarketplaceAgentView> select(RowQuery query) {
        return COLUMNS.list(jdbc, "select " + AgentService.SQL_COLUMNS + " from agents where is_marketplace = true", null,
                query, r -> MarketplaceAgentView.of(AgentService.row(r)));
    }

    public long count(RowQuery query) {
        return COLUMNS.count(jdbc, "select count(*) from agents where is_marketplace = true", null, query);
    }

    public MarketplaceAgentView get(UUID id) {
        return MarketplaceAgentView.of(AgentService.view(published(id)));
    }

    /** A copy of the published agent in the caller's organization; the original counts one more install. */
    @Transactional
    public AgentView install(Caller caller, UUID id) {
        caller.require("agents", true); // the install creates an agent
        Agent source = published(id);
        // one statement: concurrent installs each add one, none is lost; the version moves so
        // the publisher's cached rendering of the agent is not served with the old count
        int counted = em.createQuery("update Agent a set a.installCount = a.installCount + 1, a.version = a.version + 1 "
                        + "where a.id = :id and a.marketplace = true")
                .setParameter("id", id).executeUpdate();
        if (counted == 0) {
            throw ApiException.notFound("marketplace agent not found");
        }
        Agent copy = new Agent(UUID.randomUUID(), caller.organizationId(), Times.now());
        copy.setName(source.getName());
        copy.setDescription(source.getDescription());
        copy.setProvider(WireEnum.parsePlain(Provider.class, source.getProvider()).orElse(Provider.OPENAI));
        copy.setModel(source.getModel());
        copy.setSystemPrompt(source.getSystemPrompt());
        copy.setTemperature(source.getTemperature());
        copy.setMaxTokens(source.getMaxTokens());
        copy.setToolsJson(source.getToolsJson());
        copy.setTagsJson(source.getTagsJson());
        em.persist(copy);
        em.flush();
        return AgentService.view(copy);
    }

    private Agent published(UUID id) {
        Agent agent = em.find(Agent.class, id);
        if (agent == null || !agent.isMarketplace()) {
            throw ApiException.notFound("marketplace agent not found");
        }
        return agent;
    }
}
