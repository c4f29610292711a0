package io.agentry.examples;

import io.agentry.sdk.AgentryClient;
import io.agentry.sdk.agents.Agent;
import io.agentry.sdk.agents.AgentCreateParams;
import io.agentry.sdk.core.StreamResponse;
import io.agentry.sdk.errors.AgentryStreamException;
import io.agentry.sdk.tasks.Task;
import io.agentry.sdk.tasks.TaskCreateParams;
import io.agentry.sdk.tasks.TaskEvent;
import io.agentry.sdk.tasks.TaskListParams;
import io.agentry.sdk.tasks.TaskPriority;
import io.agentry.sdk.tasks.TaskStatus;
import java.util.Map;
import java.util.UUID;

/**
 * Tasks: hand a piece of work to an agent, follow it live until it is done (resuming the event
 * stream where it broke off if the connection drops), then list the agent's completed tasks.
 * Run with AGENTRY_API_KEY (and AGENTRY_BASE_URL if the server is not on localhost:9080).
 */
public final class TasksExample {

    /** How often a dropped stream is resumed before the example just reads the task instead. */
    private static final int MAX_RESUMES = 5;

    public static void main(String[] args) {
        try (AgentryClient client = AgentryClient.fromEnv()) {
            Agent agent = client.agents().create(AgentCreateParams.builder().name("Release Notes Writer").model("gpt-4o-mini")
                    .systemPrompt("You write short, plain release notes.").build());
            System.out.println("Created agent " + agent.id());

            Task task = client.tasks().create(TaskCreateParams.builder()
                    .title("Summarize release 2.4")
                    .description("Faster startup; webhooks for tasks; a Java SDK for both.")
                    .priority(TaskPriority.HIGH)
                    .assignedAgentId(agent.id()) // assigned: dispatched at once
                    .metadata(Map.of("release", "2.4"))
                    .build());
            System.out.println("Created task " + task.id() + " (" + task.status() + ", priority " + task.priority() + ")");

            TaskEvent.Done done = follow(client, task.id());
            if (done != null && done.status() == TaskStatus.COMPLETED) {
                System.out.println("Task " + task.id() + " completed: " + done.result());
            } else {
                Task now = client.tasks().retrieve(task.id());
                System.out.println("Task " + task.id() + " " + now.status() + (now.error() == null ? "" : ": " + now.error()));
            }

            Task finished = client.tasks().retrieve(task.id());
            System.out.println("It took " + finished.attempts() + " attempt(s) and " + finished.tokensTotal() + " tokens ("
                    + finished.costUsd().toPlainString() + " USD)");

            TaskListParams completed = TaskListParams.builder().status(TaskStatus.COMPLETED).assignedAgentId(agent.id()).limit(20).build();
            int count = 0;
            for (Task t : client.tasks().list(completed).autoPager()) {
                System.out.println("Completed: " + t.id() + " " + t.title());
                count++;
            }
            System.out.println(count + " completed task(s) for " + agent.name());

            client.agents().delete(agent.id());
        }
    }

    /**
     * Prints the task's events as they arrive and returns its last one, or null if the stream
     * kept breaking off. After a dropped connection it resumes from the last event id seen, so
     * nothing is missed or printed twice.
     */
    private static TaskEvent.Done follow(AgentryClient client, UUID taskId) {
        String lastEventId = null;
        boolean midLine = false;
        for (int attempt = 0; attempt <= MAX_RESUMES; attempt++) {
            try (StreamResponse<TaskEvent> events = client.tasks().events(taskId, lastEventId)) {
                for (TaskEvent event : events) {
                    lastEventId = event.eventId() != null ? event.eventId() : lastEventId;
                    if (event instanceof TaskEvent.Delta delta) {
                        System.out.print(delta.text()); // the answer as it is generated
                        midLine = true;
                        continue;
                    }
                    if (midLine) {
                        System.out.println();
                        midLine = false;
                    }
                    if (event instanceof TaskEvent.Status status) {
                        System.out.println("Status: " + status.status() + (status.error() == null ? "" : " (" + status.error() + ")"));
                    } else if (event instanceof TaskEvent.ToolCallStarted call) {
                        System.out.println("Tool call: " + call.name() + " " + call.arguments());
                    } else if (event instanceof TaskEvent.Done done) {
                        return done;
                    }
                }
                // the server ends a stream after an hour: go on from where it stopped
            } catch (AgentryStreamException dropped) {
                if (midLine) {
                    System.out.println();
                    midLine = false;
                }
                System.out.println("The stream broke off after event " + lastEventId + "; resuming");
            }
        }
        return null;
    }

    private TasksExample() {
    }
}
