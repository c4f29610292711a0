package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import io.agentry.sdk.runs.Run;
import io.agentry.sdk.runs.RunEvent;
import io.agentry.sdk.runs.RunStartParams;
import io.agentry.sdk.teams.Team;
import io.agentry.sdk.teams.TeamConfig;
import io.agentry.sdk.teams.TeamCreateParams;
import java.util.UUID;

/**
 * An orchestrator team run: a lead agent that delegates to two members through one tool each
 * (the members work in parallel and see only what the lead sends them), then answers with what
 * they found. Prints each delegation and its result as they happen, then the output, tokens and
 * cost. The input task is the program's arguments, or a default one. Run with AGENTRY_API_KEY
 * (and AGENTRY_BASE_URL if the server is not on localhost:9080).
 */
public final class OrchestratorExample {

    private static final String DEFAULT_TASK = "Plan the launch of a note-taking app: who it is for and what to tell them";

    /** How often a dropped stream is resumed before the example just reads the run instead. */
    private static final int MAX_RESUMES = 5;

    public static void main(String[] args) {
        String inputTask = args.length > 0 ? String.join(" ", args) : DEFAULT_TASK;
        try (AgentryClient client = AgentryClient.fromEnv()) {
            Agent lead = client.agents().create(AgentCreateParams.builder().name("Lead").model("gpt-4o-mini")
                    .systemPrompt("You lead a small team: split the work, delegate it, then combine the answers.").build());
            Agent researcher = client.agents().create(AgentCreateParams.builder().name("Researcher").model("gpt-4o-mini")
                    .description("Finds out who the audience is").systemPrompt("You research audiences. Be brief.").build());
            Agent copywriter = client.agents().create(AgentCreateParams.builder().name("Copywriter").model("gpt-4o-mini")
                    .description("Writes the message").systemPrompt("You write short, clear marketing copy.").build());

            Team team = client.teams().create(TeamCreateParams.builder().name("Launch team")
                    .config(TeamConfig.Orchestrator.of(lead.id(), researcher.id(), copywriter.id()).withMaxDelegations(4))
                    .build());
            System.out.println("Created orchestrator team " + team.id() + ": lead " + lead.name() + ", members "
                    + researcher.name() + " and " + copywriter.name());

            Run run = client.runs().start(RunStartParams.builder().teamId(team.id()).inputTask(inputTask).build());
            System.out.println("Started run " + run.id() + " (" + run.status() + ")");

            RunEvent.Done done = follow(client, run.id());
            Run finished = client.runs().retrieve(run.id());
            System.out.println("Run " + run.id() + " " + (done != null ? done.status() : finished.status())
                    + (finished.error() == null ? "" : ": " + finished.error()));
            System.out.println("Output: " + finished.output());
            System.out.println("Tokens: " + finished.tokensTotal() + ", cost " + finished.costUsd().toPlainString() + " USD, "
                    + finished.messages().size() + " messages in the transcript");

            client.teams().delete(team.id());
            client.agents().delete(lead.id());
            client.agents().delete(researcher.id());
            client.agents().delete(copywriter.id());
        }
    }

    /**
     * Prints the lead's delegations and the members' results as they happen and returns the
     * run's last event, or null if the stream kept breaking off (resumed from the last event id
     * seen each time).
     */
    private static RunEvent.Done follow(AgentryClient client, UUID runId) {
        String lastEventId = null;
        for (int attempt = 0; attempt <= MAX_RESUMES; attempt++) {
            try (StreamResponse<RunEvent> events = client.runs().events(runId, lastEventId)) {
                for (RunEvent event : events) {
                    lastEventId = event.eventId() != null ? event.eventId() : lastEventId;
                    if (event instanceof RunEvent.Delegation d) {
                        System.out.println("Round " + (d.round() + 1) + ": delegated to " + d.member() + ": " + firstLine(d.task()));
                    } else if (event instanceof RunEvent.DelegationResult r) {
                        System.out.println("Round " + (r.round() + 1) + ": " + r.member() + " answered (" + r.status() + "): "
                                + firstLine(r.output()));
                    } else if (event instanceof RunEvent.Done done) {
                        return done;
                    }
                }
                // the server ends a stream after an hour: go on from where it stopped
            } catch (AgentryStreamException dropped) {
                System.out.println("The stream broke off after event " + lastEventId + "; resuming");
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
    }

    private OrchestratorExample() {
    }
}
