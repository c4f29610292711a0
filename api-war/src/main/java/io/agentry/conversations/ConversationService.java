package io.agentry.conversations;

import io.agentry.db.Hints;
import io.agentry.db.Queries;
import io.agentry.db.Times;
import io.agentry.http.ApiException;
import io.agentry.http.JsonInput;
import io.agentry.http.Page;
import io.agentry.http.PageRequest;
import io.agentry.http.StoredJson;
import io.agentry.http.Timestamps;
import io.agentry.http.WireEnum;
import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Conversations of an organization and their messages: listing, reading, changing, deleting. */
@ApplicationScoped
public class ConversationService {

    static final Set<String> FIELDS = Set.of("title", "status", "metadata");
    static final int MAX_METADATA = 16_384;

    @PersistenceContext(unitName = "agentry")
    EntityManager em;

    public record Filter(UUID agentId, ConversationStatus status, OffsetDateTime updatedSince) {
    }

    public static Filter filter(String agentId, String status, String updatedSince) {
        OffsetDateTime since = Timestamps.param("updated_since", updatedSince);
        return new Filter(agentId == null ? null : io.agentry.http.Ids.parse("agent_id", agentId),
                status == null ? null : WireEnum.parse("status", ConversationStatus.class, status), since);
    }

    public Page<ConversationView> list(Caller caller, PageRequest page, Filter filter) {
        StringBuilder jpql = new StringBuilder("select c from Conversation c where c.organizationId = :org");
        if (filter.agentId() != null) {
            jpql.append(" and c.agentId = :agent");
        }
        if (filter.status() != null) {
            jpql.append(" and c.status = :status");
        }
        if (filter.updatedSince() != null) {
            jpql.append(" and c.updatedAt >= :since");
        }
        String keyset = page.keysetCondition("c");
        if (keyset != null) {
            jpql.append(" and ").append(keyset);
        }
        jpql.append(" order by c.createdAt desc, c.id desc");
        TypedQuery<Conversation> query = Queries.prepared(em, jpql.toString(), Conversation.class)
                .setParameter("org", caller.organizationId())
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(page.limit() + 1);
        if (filter.agentId() != null) {
            query.setParameter("agent", filter.agentId());
        }
        if (filter.status() != null) {
            query.setParameter("status", filter.status().wire());
        }
        if (filter.updatedSince() != null) {
            query.setParameter("since", filter.updatedSince());
        }
        page.bind(query);
        return page.page(query.getResultList(), Conversation::getCreatedAt, Conversation::getId, ConversationService::view);
    }

    public ConversationView get(Caller caller, UUID id) {
        return view(find(caller, id));
    }

    @Transactional
    public ConversationView update(Caller caller, UUID id, JsonInput input) {
        input.allowOnly(FIELDS);
        input.rejectNull("status", "metadata");
        Conversation conversation = find(caller, id);
        if (input.has("title")) {
            conversation.setTitle(input.text("title", 500));
        }
        if (input.has("status")) {
            conversation.setStatus(input.enumValue("status", ConversationStatus.class));
        }
        if (input.has("metadata")) {
            conversation.setMetadataJson(input.object("metadata", MAX_METADATA).toString());
        }
        conversation.touch(Times.now());
        return view(conversation);
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        em.remove(find(caller, id)); // messages go with it (on delete cascade)
    }

    /** Messages oldest first. */
    public Page<MessageView> messages(Caller caller, UUID id, PageRequest page) {
        find(caller, id);
        String keyset = page.keysetConditionAscending("m");
        String jpql = "select m from Message m where m.conversationId = :conversation"
                + (keyset == null ? "" : " and " + keyset) + " order by m.createdAt, m.id";
        TypedQuery<Message> query = Queries.prepared(em, jpql, Message.class)
                .setParameter("conversation", id)
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(page.limit() + 1);
        page.bind(query);
        return page.page(query.getResultList(), Message::getCreatedAt, Message::getId, ConversationService::view);
    }

    /** The conversation, if it is the caller organization's; 404 otherwise (whatever the id). */
    public Conversation find(Caller caller, UUID id) {
        return owned(caller, em.find(Conversation.class, id));
    }

    /** {@link #find}, with the row locked until the caller's transaction ends (read and lock in one statement). */
    public Conversation findForUpdate(Caller caller, UUID id) {
        return owned(caller, em.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    private static Conversation owned(Caller caller, Conversation conversation) {
        if (conversation == null || !conversation.getOrganizationId().equals(caller.organizationId())) {
            throw ApiException.notFound("conversation not found");
        }
        return conversation;
    }

    /**
     * The newest messages that fit in {@code budgetChars}, oldest first, for the model's context.
     * Failed replies are left out (they carry no text the model said).
     */
    public List<Message> history(UUID conversationId, int budgetChars) {
        return historyBefore(conversationId, null, budgetChars);
    }

    /** As {@link #history}, of the messages stored before {@code before} (null: all). */
    public List<Message> historyBefore(UUID conversationId, java.time.OffsetDateTime before, int budgetChars) {
        jakarta.persistence.TypedQuery<Message> query = Queries.prepared(em, "select m from Message m where "
                        + "m.conversationId = :conversation and m.status <> 'failed' and m.content is not null"
                        + (before == null ? "" : " and m.createdAt < :before") + " order by m.createdAt desc, m.id desc", Message.class)
                .setParameter("conversation", conversationId)
                .setHint(Hints.READ_ONLY, true)
                .setMaxResults(500);
        if (before != null) {
            query.setParameter("before", before);
        }
        List<Message> newest = query.getResultList();
        List<Message> kept = new ArrayList<>();
        int used = 0;
        for (Message m : newest) {
            used += m.getContent().length();
            if (used > budgetChars && !kept.isEmpty()) {
                break;
            }
            kept.add(m);
        }
        Collections.reverse(kept);
        return kept;
    }

    public static ConversationView view(Conversation c) {
        return new ConversationView(c.getId(), c.getOrganizationId(), c.getAgentId(), c.getTitle(), c.getStatus(),
                StoredJson.tree(c.getMetadataJson(), "{}"), c.getMessageCount(), c.getCreatedAt(), c.getUpdatedAt());
    }

    public static MessageView view(Message m) {
        MessageView.Usage usage = m.getPromptTokens() == null ? null : new MessageView.Usage(m.getPromptTokens(),
                m.getCompletionTokens(), m.getPromptTokens() + m.getCompletionTokens());
        return new MessageView(m.getId(), m.getConversationId(), m.getRole(), m.getContent(), m.getStatus(), m.getError(),
                StoredJson.tree(m.getToolCallsJson(), "[]"), StoredJson.tree(m.getCitationsJson(), "[]"),
                StoredJson.tree(m.getAttachmentsJson(), "[]"), StoredJson.tree(m.getMetadataJson(), "{}"),
                m.getProvider(), m.getModel(), usage, m.getCreatedAt());
    }
}
