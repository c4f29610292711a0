package io.agentry.chat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentry.agents.AgentEvents;
import io.agentry.agents.AgentProgress;
import io.agentry.agents.AgentRunner;
import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.conversations.Message;
import io.agentry.conversations.MessageStatus;
import io.agentry.http.ApiException;
import io.agentry.http.JacksonWriter;
import io.agentry.http.auth.Caller;
import io.agentry.jobs.JobContext;
import io.agentry.jobs.JobFailure;
import io.agentry.jobs.JobHandler;
import io.agentry.jobs.NewJob;
import io.agentry.jobs.RetryPolicy;
import io.agentry.llm.CallAbort;
import io.agentry.llm.ModelCaller;
import io.agentry.llm.ProviderEndpoint;
import io.agentry.llm.ProviderFailure;
import io.agentry.providers.ProviderEndpoints;
import io.agentry.webhooks.WebhookEvents;
import io.agentry.webhooks.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers an asynchronous chat message as a job (so an accepted message is answered even if the
 * server restarts): the agent runs, and the reply is stored, together with its webhook message
 * ({@code chat.completed}, or {@code chat.failed} after the last attempt) in the outbox, in the
 * job's final transaction. Provider failures that may pass are tried again 5 s, 10 s... later.
 */
@ApplicationScoped
public class ChatReplyHandler implements JobHandler {

    public static final String KIND = "chat.reply";
    private static final int MAX_ATTEMPTS = 3;

    @Inject
    ChatStore store;

    @Inject
    ChatService chat;

    @Inject
    AgentService agents;

    @Inject
    AgentRunner runner;

    @Inject
    ProviderEndpoints endpoints;

    @Inject
    WebhookOutbox outbox;

    /** What the job was given; the message itself is read from the conversation. */
    record Payload(UUID userId, UUID tokenId, UUID agentId, UUID conversationId, UUID userMessageId, String webhookUrl) {
    }

    /** What the last attempt had, for {@link #onGiveUp}. */
    private static final class Attempt {
        final ChatService.Started started;
        final AgentProgress progress;
        String failureCode = "chat_failed";

        Attempt(ChatService.Started started, AgentProgress progress) {
            this.started = started;
            this.progress = progress;
        }
    }

    static NewJob job(Caller caller, UUID agentId, UUID conversationId, UUID userMessageId, ChatInput input) {
        Payload payload = new Payload(caller.userId(), caller.tokenId(), agentId, conversationId, userMessageId, input.webhookUrl());
        try {
            return NewJob.of(KIND, userMessageId, caller.organizationId(), MAX_ATTEMPTS)
                    .withPayload(JacksonWriter.MAPPER.writeValueAsString(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int concurrency() {
        return 32;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return RetryPolicy.exponential(Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    @Override
    public void run(JobContext job) throws IOException {
        Payload p = JacksonWriter.MAPPER.readValue(job.payload(), Payload.class);
        Caller caller = Caller.background(job.organizationId(), p.userId(), p.tokenId());
        ChatStore.Pending pending = store.pending(p.conversationId(), p.userMessageId(), chat.contextChars());
        if (pending == null) {
            return; // the conversation was deleted: nobody to answer
        }
        AgentView agent;
        ProviderEndpoint endpoint;
        try {
            agent = agents.get(caller, p.agentId());
            endpoint = AgentRunner.endpoint(endpoints.of(job.organizationId()), agent);
        } catch (ApiException | AgentRunner.UnsupportedProvider e) {
            throw JobFailure.permanent(e.getMessage());
        }
        Message user = pending.user();
        ChatInput input = new ChatInput(user.getContent(), p.conversationId(), false, false, p.webhookUrl(),
                user.getMetadataJson(), attachments(user.getAttachmentsJson()));
        ChatService.Started started = new ChatService.Started(caller, agent, endpoint, input,
                new ChatStore.Exchange(agent, p.conversationId(), user.getId(), user.getCreatedAt(), pending.history()));
        AgentProgress progress = new AgentProgress();
        Attempt attempt = new Attempt(started, progress);
        job.note(attempt);
        CallAbort abort = CallAbort.bind();
        job.onAbort(abort::abort);
        try {
            runner.run(ChatService.request(started), progress, AgentEvents.NONE);
        } catch (ProviderFailure failure) {
            attempt.failureCode = failure.code();
            throw failure.retriable() ? JobFailure.retry(failure.getMessage(), failure) : JobFailure.permanent(failure.getMessage(), failure);
        } catch (ModelCaller.ClientGone impossible) { // not streamed
            throw new IllegalStateException(impossible);
        } finally {
            abort.unbind();
        }
        job.complete(() -> {
            Message reply = store.finishInTransaction(caller, agent.id(), started.exchange(),
                    ChatService.outcome(started, progress, MessageStatus.COMPLETE, null), input.metadataJson());
            if (p.webhookUrl() != null) {
                outbox.sendTo(job.organizationId(), p.webhookUrl(), WebhookEvents.CHAT_COMPLETED, ChatService.view(started, reply));
            }
        });
    }

    /** The last attempt failed: the failed reply is stored and, with a webhook_url, announced. */
    @Override
    public void onGiveUp(JobContext job, String reason) {
        Attempt attempt = job.note();
        Payload p;
        try {
            p = JacksonWriter.MAPPER.readValue(job.payload(), Payload.class);
        } catch (IOException e) {
            return;
        }
        UUID messageId = null;
        if (attempt != null) {
            ChatService.Started s = attempt.started;
            messageId = store.finishInTransaction(s.caller(), s.agent().id(), s.exchange(),
                    ChatService.outcome(s, attempt.progress, MessageStatus.FAILED, reason), s.input().metadataJson()).getId();
        }
        if (p.webhookUrl() != null) {
            outbox.sendTo(job.organizationId(), p.webhookUrl(), WebhookEvents.CHAT_FAILED, AgentRunner.ordered(
                    "conversation_id", p.conversationId(), "user_message_id", p.userMessageId(), "message_id", messageId,
                    "agent_id", p.agentId(), "error", AgentRunner.ordered("code", attempt == null ? "chat_failed" : attempt.failureCode,
                    "message", reason)));
        }
    }

    private static List<Map<String, String>> attachments(String json) {
        try {
            JsonNode tree = JacksonWriter.MAPPER.readTree(json == null ? "[]" : json);
            return JacksonWriter.MAPPER.convertValue(tree, new TypeReference<List<Map<String, String>>>() { });
        } catch (IOException e) {
            return List.of();
        }
    }
}
