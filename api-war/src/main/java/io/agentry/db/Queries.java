package io.agentry.db;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JPQL queries prepared once. A provider parses and prepares a query built with createQuery on
 * every call; registered as a named query (under its own text) it is prepared once and only
 * copied per use. List endpoints build their JPQL from the filters present, so each distinct
 * shape is registered the first time it is seen.
 */
public final class Queries {

    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private Queries() {
    }

    public static <T> TypedQuery<T> prepared(EntityManager em, String jpql, Class<T> type) {
        if (!REGISTERED.contains(jpql)) {
            em.getEntityManagerFactory().addNamedQuery(jpql, em.createQuery(jpql, type));
            REGISTERED.add(jpql);
        }
        return em.createNamedQuery(jpql, type);
    }
}
