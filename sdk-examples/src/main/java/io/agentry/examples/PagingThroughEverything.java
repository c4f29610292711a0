package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.agents.AgentListParams;
import io.agentry.sdk.core.ListParams;
import io.agentry.sdk.core.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Paging: create a dozen tagged agents, walk them page by page, then lazily with the auto-pager
 * (a page is fetched only when needed), and count everything else the organization has.
 */
public final class PagingThroughEverything {

    public static void main(String[] args) {
        try (AgentryClient client = AgentryClient.fromEnv()) {
            String tag = "paging-" + UUID.randomUUID().toString().substring(0, 8);
            List<UUID> created = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                created.add(client.agents().create(AgentCreateParams.builder().name("Agent " + i).tags(List.of(tag)).build()).id());
            }

            AgentListParams byTag = AgentListParams.builder().tag(tag).limit(5).build();
            Page<Agent> page = client.agents().list(byTag);
            int pages = 1;
            while (page.hasNextPage()) {
                page = page.nextPage();
                pages++;
            }
            System.out.println("12 agents in " + pages + " pages of 5");

            List<String> newestThree = client.agents().list(byTag).autoPager().stream().limit(3).map(Agent::name).toList();
            System.out.println("Newest three: " + newestThree + " (one request)");

            long all = client.agents().list(byTag).autoPager().stream().count();
            System.out.println("Auto-pager walked " + all + " agents");

            ListParams big = ListParams.paging().limit(100).build();
            System.out.println("The organization has " + client.agents().list(big).autoPager().stream().count() + " agents, "
                    + client.bases().list(big).autoPager().stream().count() + " knowledge bases and "
                    + client.tokens().list(big).autoPager().stream().count() + " tokens");

            created.forEach(id -> client.agents().delete(id));
            System.out.println("Deleted the 12 agents");
        }
    }

    private PagingThroughEverything() {
    }
}
