package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import io.agentry.sdk.runs.Run;
import io.agentry.sdk.runs.RunEvent;
import io.agentry.sdk.runs.RunMessage;
import io.agentry.sdk.runs.RunStartParams;
import io.agentry.sdk.teams.Team;
import io.agentry.sdk.teams.TeamConfig;
import io.agentry.sdk.teams.TeamCreateParams;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A pipeline team run with a person in the loop: two agents as two steps, the run pausing after
 * the first step for a review (auto-handoff off), resumed with an edited output, then its
 * output, tokens and cost. The input task is the program's arguments, or a default one. Run with
 * AGENTRY_API_KEY (and AGENTRY_BASE_URL if the server is not on localhost:9080).
 */
public final class PipelineExample {

    private static final String DEFAULT_TASK = "Write a short guide to choosing an AI agent framework";

    /** How often a dropped stream is resumed before the example just reads the run instead. */
    private static final int MAX_RESUMES = 5;

    public static void main(String[] args) {
        String inputTask = args.length > 0 ? String.join(" ", args) : DEFAULT_TASK;
        try (AgentryClient client = AgentryClient.fromEnv()) {
            Agent researcher = client.agents().create(AgentCreateParams.builder().name("Researcher").model("gpt-4o-mini")
                    .systemPrompt("You collect the key facts on a topic as short notes.").build());
            Agent writer = client.agents().create(AgentCreateParams.builder().name("Writer").model("gpt-4o-mini")
                    .systemPrompt("You turn notes into a short, plain article.").build());
            System.out.println("Created agents " + researcher.id() + " and " + writer.id());

            Team team = client.teams().create(TeamCreateParams.builder().name("Research and write").config(TeamConfig.Pipeline.of(
                            TeamConfig.Step.of(researcher.id(), "Research", "Collect the key facts as notes"),
                            TeamConfig.Step.of(writer.id(), "Write", "Write the article from the notes")
                                    .withExpectedOutput("At most 300 words"))
                    .withAutoHandoff(false)) // pause after each step until resumed
                    .build());
            System.out.println("Created pipeline team " + team.id() + " with 2 steps, pausing for a review after each");

            Run run = client.runs().start(RunStartParams.builder().teamId(team.id()).inputTask(inputTask).build());
            System.out.println("Started run " + run.id() + " (" + run.status() + ")");

            RunEvent.Done done = follow(client, run.id());
            Run finished = client.runs().retrieve(run.id());
            System.out.println("Run " + run.id() + " " + (done != null ? done.status() : finished.status())
                    + (finished.error() == null ? "" : ": " + finished.error()));
            System.out.println("Output: " + finished.output());
            System.out.println("Tokens: " + finished.tokensTotal() + " (" + finished.promptTokens() + " prompt + "
                    + finished.completionTokens() + " completion), cost " + finished.costUsd().toPlainString() + " USD");
            System.out.println("Transcript: " + finished.messages().stream().map(m -> m.type().toString())
                    .collect(Collectors.joining(", ")));
            for (RunMessage m : finished.messages()) {
                if (m.type() == RunMessage.Type.OUTPUT) {
                    System.out.println("  " + m.stepName() + " by " + m.agentName() + ": " + m.tokens() + " tokens, "
                            + m.costUsd().toPlainString() + " USD");
                }
            }

            client.teams().delete(team.id()); // the run keeps the team's name and configuration
            client.agents().delete(researcher.id());
            client.agents().delete(writer.id());
        }
    }

    /**
     * Prints the run's steps as they start and finish, resumes it with an edited output when it
     * pauses for a review, and returns its last event, or null if the stream kept breaking off.
     * After a dropped connection it resumes from the last event id seen, so nothing is missed or
     * handled twice.
     */
    private static RunEvent.Done follow(AgentryClient client, UUID runId) {
        String lastEventId = null;
        for (int attempt = 0; attempt <= MAX_RESUMES; attempt++) {
            try (StreamResponse<RunEvent> events = client.runs().events(runId, lastEventId)) {
                for (RunEvent event : events) {
                    lastEventId = event.eventId() != null ? event.eventId() : lastEventId;
                    if (event instanceof RunEvent.StepStarted started) {
                        System.out.println("Step " + (started.step() + 1) + " (" + started.stepName() + ") started, attempt "
                                + started.attempt());
                    } else if (event instanceof RunEvent.StepFinished finished) {
                        System.out.println("Step " + (finished.step() + 1) + " (" + finished.stepName() + ") " + finished.status()
                                + ": " + firstLine(finished.output() != null ? finished.output() : finished.error()));
                    } else if (event instanceof RunEvent.Paused paused) {
                        System.out.println("Paused after step " + (paused.step() + 1) + " (" + paused.stepName()
                                + ") for a review; it would hand on: " + firstLine(paused.output()));
                        Run resumed = client.runs().resume(runId, review(paused.output()));
                        System.out.println("Resumed with an edited output (" + resumed.status() + ")");
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

    /** What a reviewer hands on instead of the step's output: here, the notes with a note of their own. */
    private static String review(String output) {
        return "Reviewed: keep it practical, for a team choosing this quarter.\n\n" + output;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
    }

    private PipelineExample() {
    }
}
