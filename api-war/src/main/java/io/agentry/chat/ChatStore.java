package io.agentry.chat;

import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.conversations.Conversation;
import io.agentry.conversations.ConversationService;
import io.agentry.conversations.ConversationStatus;
import io.agentry.conversations.Message;
import io.agentry.conversations.MessageRole;
import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.SqlErrors;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.StoredJson;
import io.agentry.http.auth.Caller;
import io.agentry.jobs.JobQueue;
import io.agentry.jobs.NewJob;
import io.agentry.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A chat exchange's writes: the user's message is stored before the model is called (so it
 * survives whatever the provider does), the reply after, with its usage records. Each step
 * commits on its own, in as few round trips as the database allows ({@link AtomicWrites}): on a
 * busy server every round trip also waits for a core, and that wait was most of what a chat added.
 */
@ApplicationScoped
public class ChatStore {

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    @Inject
    ConversationService conversations;

    @Inject
    UsageService usage;

    @Inject
    AgentService agents;

    @Inject
    Database database;

    @Inject
    JobQueue jobs;

    /** Builds the job that answers a message later, once its ids are known (an asynchronous chat). */
    public interface ReplyLater {
        NewJob job(UUID conversationId, UUID userMessageId);
    }

    /** What the exchange needs once the user's message is stored. */
    public record Exchange(AgentView agent, UUID conversationId, UUID userMessageId, OffsetDateTime userMessageAt,
                           List<Message> history) {
    }

    /**
     * Starts a conversation with the user's message: both rows at once (one round trip on
     * PostgreSQL), provided the agent is still as read (same version); null if it is not, or is
     * gone, and nothing is stored then.
     */
    public Exchange start(Caller caller, AgentView agent, ChatInput input, ReplyLater later) {
        OffsetDateTime now = Times.now();
        UUID conversationId = UUID.randomUUID();
        Message user = userMessage(caller, conversationId, input, now);
        // no agent row of that version: no conversation, and the message's foreign key fails
        AtomicWrites writes = new AtomicWrites().add("insert into conversations (id, organization_id, agent_id, title, status, "
                        + "metadata, message_count, created_at, updated_at, version) select cast(? as uuid), organization_id, id, "
                        + "cast(? as varchar(500)), cast(? as varchar(10)), '{}', 1, "
                        + "cast(? as timestamp with time zone), cast(? as timestamp with time zone), 1 "
                        + "from agents where id = ? and organization_id = ? and version = ?",
                conversationId, title(input.message()), ConversationStatus.OPEN.wire(), now, now,
                agent.id(), caller.organizationId(), agent.version());
        insert(writes, user);
        NewJob job = later == null ? null : later.job(conversationId, user.getId());
        if (job != null) {
            jobs.addTo(writes, job);
        }
        try {
            writes.execute(database);
        } catch (SQLException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                return null;
            }
            throw cannotStore(conversationId, e);
        }
        if (job != null) {
            jobs.announce(job.kind());
        }
        return new Exchange(agent, conversationId, user.getId(), now, List.of());
    }

    /**
     * Reads the agent, lets {@code check} refuse it (nothing is stored then), and adds the user's
     * message to the conversation, in one transaction that locks the conversation's row.
     */
    @Transactional
    public Exchange continueConversation(Caller caller, UUID agentId, ChatInput input, int historyBudgetChars,
                                         Consumer<AgentView> check, ReplyLater later) {
        AgentView agent = agents.get(caller, agentId);
        // Messages of one conversation are stored one at a time, each after the history it was answered with.
        Conversation conversation = conversations.findForUpdate(caller, input.conversationId());
        if (!conversation.getAgentId().equals(agentId)) {
            throw ApiException.invalid("conversation_id", "belongs to another agent");
        }
        if (conversation.getStatus().equals(ConversationStatus.ARCHIVED.wire())) {
            throw ApiException.conflict("the conversation is archived; PATCH its status to open to continue it");
        }
        check.accept(agent); // the provider's availability only once the caller's input is known to be right
        List<Message> history = conversations.history(conversation.getId(), historyBudgetChars);
        OffsetDateTime now = Times.now();
        Message user = userMessage(caller, conversation.getId(), input, now);
        em.persist(user);
        conversation.messagesAdded(1, now);
        if (later != null) {
            jobs.enqueue(later.job(conversation.getId(), user.getId()));
        }
        return new Exchange(agent, conversation.getId(), user.getId(), now, history);
    }

    private static Message userMessage(Caller caller, UUID conversationId, ChatInput input, OffsetDateTime now) {
        Message user = new Message(UUID.randomUUID(), caller.organizationId(), conversationId, MessageRole.USER,
                input.message(), now);
        user.setAttachmentsJson(StoredJson.write(input.attachments()));
        user.setMetadataJson(input.metadataJson());
        return user;
    }

    /**
     * Stores the reply (complete, failed or cancelled), counts it in its conversation and records
     * one usage record per model call: all or nothing, in one round trip on PostgreSQL. Called
     * outside any transaction.
     */
    public Message finish(Caller caller, UUID agentId, Exchange exchange, ChatOutcome outcome, String metadataJson) {
        Message reply = reply(caller, exchange, outcome, metadataJson);
        try {
            replyWrites(caller, agentId, exchange, outcome, reply).execute(database);
        } catch (SQLException e) {
            if (!SqlErrors.isForeignKeyViolation(e)) {
                throw cannotStore(exchange.conversationId(), e);
            }
            // The conversation was deleted while the agent answered. The model calls were made
            // (and billed by the provider): they are still metered, without a message to point to.
            try {
                recordUsage(new AtomicWrites(), caller, agentId, exchange.conversationId(), null, outcome).execute(database);
            } catch (SQLException usageError) {
                throw cannotStore(exchange.conversationId(), usageError);
            }
            throw deletedMeanwhile(exchange);
        }
        return reply;
    }

    /** As {@link #finish}, inside the caller's transaction (an asynchronous reply's job). */
    public Message finishInTransaction(Caller caller, UUID agentId, Exchange exchange, ChatOutcome outcome, String metadataJson) {
        Message reply = reply(caller, exchange, outcome, metadataJson);
        try {
            replyWrites(caller, agentId, exchange, outcome, reply).executeInTransaction(database);
        } catch (SQLException e) {
            throw SqlErrors.isForeignKeyViolation(e) ? deletedMeanwhile(exchange) : cannotStore(exchange.conversationId(), e);
        }
        return reply;
    }

    /**
     * For an asynchronous reply's job: the user's message and the conversation before it, or
     * null when the conversation (or the message) is gone.
     */
    @Transactional
    public Pending pending(UUID conversationId, UUID userMessageId, int historyBudgetChars) {
        Message user = em.find(Message.class, userMessageId);
        if (user == null || !user.getConversationId().equals(conversationId)) {
            return null;
        }
        return new Pending(user, conversations.historyBefore(conversationId, user.getCreatedAt(), historyBudgetChars));
    }

    /** A stored message waiting for its reply, and what came before it. */
    public record Pending(Message user, List<Message> history) {
    }

    private static Message reply(Caller caller, Exchange exchange, ChatOutcome outcome, String metadataJson) {
        OffsetDateTime now = Times.now();
        if (!now.isAfter(exchange.userMessageAt())) {
            now = exchange.userMessageAt().plusNanos(1_000); // the reply sorts after the question
        }
        Message reply = new Message(UUID.randomUUID(), caller.organizationId(), exchange.conversationId(),
                MessageRole.ASSISTANT, outcome.text(), now);
        reply.setStatus(outcome.status(), outcome.error());
        reply.setToolCallsJson(StoredJson.write(outcome.toolCalls()));
        reply.setCitationsJson(StoredJson.write(outcome.citations()));
        reply.setMetadataJson(metadataJson);
        reply.setModelUsage(outcome.provider(), outcome.model(),
                outcome.calls().isEmpty() ? null : outcome.promptTokens(),
                outcome.calls().isEmpty() ? null : outcome.completionTokens());
        return reply;
    }

    private AtomicWrites replyWrites(Caller caller, UUID agentId, Exchange exchange, ChatOutcome outcome, Message reply) {
        AtomicWrites writes = insert(new AtomicWrites(), reply)
                // the version moves with every change (conversations are rendered by it)
                .add("update conversations set message_count = message_count + 1, updated_at = ?, version = version + 1 "
                        + "where id = ?", reply.getCreatedAt(), exchange.conversationId());
        return recordUsage(writes, caller, agentId, exchange.conversationId(), reply.getId(), outcome);
    }

    private static ApiException deletedMeanwhile(Exchange exchange) {
        return ApiException.conflict("conversation " + exchange.conversationId() + " was deleted while the agent was "
                + "answering; the reply was not stored");
    }

    private AtomicWrites recordUsage(AtomicWrites writes, Caller caller, UUID agentId, UUID conversationId, UUID messageId,
                                     ChatOutcome outcome) {
        for (io.agentry.agents.AgentProgress.ModelCall call : outcome.calls()) {
            usage.record(writes, caller, new UsageService.Call(agentId, conversationId, messageId, null, null, outcome.provider(),
                    outcome.model(), call.promptTokens(), call.completionTokens()));
        }
        return writes;
    }

    private static IllegalStateException cannotStore(UUID conversationId, SQLException e) {
        return new IllegalStateException("cannot store messages of conversation " + conversationId + ": " + e.getMessage(), e);
    }

    private static AtomicWrites insert(AtomicWrites writes, Message m) {
        return writes.add("insert into messages (id, organization_id, conversation_id, role, content, status, error, tool_calls, "
                        + "citations, attachments, metadata, provider, model, prompt_tokens, completion_tokens, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.getId(), m.getOrganizationId(), m.getConversationId(), m.getRole(), m.getContent(), m.getStatus(), m.getError(),
                m.getToolCallsJson(), m.getCitationsJson(), m.getAttachmentsJson(), m.getMetadataJson(), m.getProvider(),
                m.getModel(), m.getPromptTokens(), m.getCompletionTokens(), m.getCreatedAt());
    }

    private static String title(String message) {
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
