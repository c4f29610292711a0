package io.agentry.chat;

import io.agentry.agents.AgentService;
import io.agentry.agents.AgentView;
import io.agentry.conversations.Conversation;
import io.agentry.conversations.ConversationService;
import io.agentry.conversations.ConversationStatus;
import io.agentry.conversations.Message;
import io.agentry.conversations.MessageRole;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.StoredJson;
import io.agentry.http.auth.Caller;
import io.agentry.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The two transactions of a chat exchange: the user's message is stored before the model is
 * called (so it survives whatever the provider does), the reply after, with its usage records.
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

    /** What the exchange needs once its first transaction has committed. */
    public record Exchange(AgentView agent, UUID conversationId, UUID userMessageId, OffsetDateTime userMessageAt,
                           List<Message> history) {
    }

    /**
     * Reads the agent, lets {@code check} refuse it (nothing is stored then), and stores the
     * user's message, in one transaction. (A read outside a transaction would also pin its pooled
     * connection to the request, by Liberty's local transaction containment, for as long as a
     * stream lasts.)
     */
    @Transactional
    public Exchange begin(Caller caller, UUID agentId, ChatInput input, int historyBudgetChars, Consumer<AgentView> check) {
        AgentView agent = agents.get(caller, agentId);
        check.accept(agent);
        OffsetDateTime now = Times.now();
        Conversation conversation;
        List<Message> history;
        if (input.conversationId() != null) {
            conversation = conversations.find(caller, input.conversationId());
            if (!conversation.getAgentId().equals(agentId)) {
                throw ApiException.invalid("conversation_id", "belongs to another agent");
            }
            if (conversation.getStatus().equals(ConversationStatus.ARCHIVED.wire())) {
                throw ApiException.conflict("the conversation is archived; PATCH its status to open to continue it");
            }
            // Messages of one conversation are stored one at a time, each after the history it was answered with.
            em.lock(conversation, LockModeType.PESSIMISTIC_WRITE);
            history = conversations.history(conversation.getId(), historyBudgetChars);
        } else {
            conversation = new Conversation(UUID.randomUUID(), caller.organizationId(), agentId, title(input.message()), now);
            em.persist(conversation);
            history = List.of();
        }
        Message user = new Message(UUID.randomUUID(), caller.organizationId(), conversation.getId(), MessageRole.USER,
                input.message(), now);
        user.setAttachmentsJson(StoredJson.write(input.attachments()));
        user.setMetadataJson(input.metadataJson());
        em.persist(user);
        conversation.messagesAdded(1, now);
        return new Exchange(agent, conversation.getId(), user.getId(), now, history);
    }

    /** Stores the reply (complete, failed or cancelled) and one usage record per model call. */
    @Transactional
    public Message finish(Caller caller, UUID agentId, Exchange exchange, ChatOutcome outcome, String metadataJson) {
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
        em.persist(reply);
        // A bulk update (no read first); it bumps the version itself.
        em.createQuery("update Conversation c set c.messageCount = c.messageCount + 1, c.updatedAt = :now, "
                        + "c.version = c.version + 1 where c.id = :id")
                .setParameter("now", now).setParameter("id", exchange.conversationId()).executeUpdate();
        for (ChatOutcome.Call call : outcome.calls()) {
            usage.record(caller, new UsageService.Call(agentId, exchange.conversationId(), reply.getId(), outcome.provider(),
                    outcome.model(), call.promptTokens(), call.completionTokens()));
        }
        return reply;
    }

    private static String title(String message) {
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
