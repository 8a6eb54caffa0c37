package dev.wingman.platform.api;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Row locks on entities, correct under the panel's one persistence context per transaction
 * ({@link PanelPersistence}). {@code em.find(type, id, PESSIMISTIC_WRITE)} on an entity the
 * transaction already holds (an earlier bean read it without a lock) takes the row lock but keeps
 * the fields as first read, so a change committed in between would be overwritten at flush;
 * {@link #row} reads them again under the lock in that case.
 */
public final class Locking {
    private Locking() {
    }

    /** The {@code type} row {@code id}, locked until the transaction ends ({@code FOR UPDATE}), as it is now; null when there is none. */
    public static <T> T row(EntityManager em, Class<T> type, Object id) {
        boolean held = held(em, type, id);
        T found = em.find(type, id, LockModeType.PESSIMISTIC_WRITE);
        if (found != null && held) {
            em.refresh(found);
        }
        return found;
    }

    private static boolean held(EntityManager em, Class<?> type, Object id) {
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(type);
        EntityKey key = session.generateEntityKey(id, persister);
        return session.getPersistenceContextInternal().getEntity(key) != null;
    }
}
