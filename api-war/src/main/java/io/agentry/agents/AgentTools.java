package io.agentry.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentry.http.ApiException;
import io.agentry.http.auth.Caller;
import io.agentry.knowledge.QueryResult;
import io.agentry.knowledge.SearchService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import io.agentry.knowledge.EmbeddingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in tools an agent may call through the provider's native tool calling:
 * {@code search_knowledge_base} (on whenever the agent has knowledge bases) and
 * {@code get_current_time} (when listed in the agent's {@code tools}). Other names in
 * {@code tools} are kept on the agent but offer nothing to the model.
 */
@ApplicationScoped
public class AgentTools {

    public static final String SEARCH = "search_knowledge_base";
    public static final String TIME = "get_current_time";
    private static final int HITS_PER_BASE = 4;
    private static final int MAX_HITS = 8;

    @Inject
    SearchService search;

    /** What a tool call returned: text for the model and the knowledge items it drew on. */
    public record Result(String text, List<Map<String, Object>> citations) {
    }

    private static final ToolSpecification SEARCH_SPEC = ToolSpecification.builder().name(SEARCH)
            .description("Searches the agent's knowledge bases and returns the most relevant passages with their "
                    + "source titles. Use it for any question the knowledge bases may answer; cite the sources.")
            .parameters(JsonObjectSchema.builder().addStringProperty("query", "What to look for, in natural language")
                    .required("query").build())
            .build();
    private static final ToolSpecification TIME_SPEC = ToolSpecification.builder().name(TIME)
            .description("Returns the current date and time in UTC (ISO-8601).")
            .parameters(JsonObjectSchema.builder().build()).build();

    public List<ToolSpecification> specifications(List<String> tools, List<UUID> knowledgeBases) {
        List<ToolSpecification> specs = new ArrayList<>(2);
        if (!knowledgeBases.isEmpty() || tools.contains(SEARCH)) {
            specs.add(SEARCH_SPEC);
        }
        if (tools.contains(TIME)) {
            specs.add(TIME_SPEC);
        }
        return specs;
    }

    /** Runs a tool; {@code arguments} as the chat parsed them (a JSON tree, or the model's text if it was not JSON). */
    public Result execute(Caller caller, List<UUID> knowledgeBases, String name, Object arguments) {
        return switch (name) {
            case SEARCH -> searchBases(caller, knowledgeBases, argument(arguments, "query"));
            case TIME -> new Result(Instant.now().toString(), List.of());
            default -> new Result("Unknown tool '" + name + "'.", List.of());
        };
    }

    private Result searchBases(Caller caller, List<UUID> bases, String query) {
        if (query == null || query.isBlank()) {
            return new Result("The search needs a non-empty 'query' argument.", List.of());
        }
        record Hit(UUID baseId, QueryResult.Match match) {
        }
        List<Hit> hits = new ArrayList<>();
        Map<EmbeddingSpec, float[]> queryVectors = new HashMap<>(); // bases on one model: the query is embedded once
        for (UUID baseId : bases) {
            try {
                for (QueryResult.Match m : search.search(caller, baseId, query, HITS_PER_BASE, queryVectors).results()) {
                    hits.add(new Hit(baseId, m));
                }
            } catch (ApiException e) {
                // A base deleted since it was attached (or not the organization's): nothing to search there.
            }
        }
        hits.sort((a, b) -> Double.compare(b.match().score(), a.match().score()));
        if (hits.isEmpty()) {
            return new Result("No passages found for: " + query, List.of());
        }
        StringBuilder text = new StringBuilder();
        Map<UUID, Map<String, Object>> citations = new LinkedHashMap<>();
        for (Hit hit : hits.subList(0, Math.min(MAX_HITS, hits.size()))) {
            QueryResult.Match m = hit.match();
            text.append("[source: ").append(m.itemTitle()).append("]\n").append(m.content()).append("\n\n");
            citations.computeIfAbsent(m.itemId(), id -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("base_id", hit.baseId());
                c.put("item_id", id);
                c.put("title", m.itemTitle());
                c.put("score", m.score());
                return c;
            });
        }
        return new Result(text.toString().trim(), new ArrayList<>(citations.values()));
    }

    private static String argument(Object arguments, String name) {
        JsonNode value = arguments instanceof JsonNode args ? args.get(name) : null;
        return value == null || value.isNull() ? null : value.asText();
    }
}
