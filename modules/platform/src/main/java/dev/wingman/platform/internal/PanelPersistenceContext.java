package dev.wingman.platform.internal;

import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Holds the one container-managed entity manager of the {@code wingman} unit and hands it to every
 * {@code @PanelPersistence} injection point: one persistence context (and one pool connection) per
 * transaction, whichever beans take part (see {@link PanelPersistence}). Outside a transaction it
 * answers each read from a context cleared after the read, per thread.
 */
@ApplicationScoped
public class PanelPersistenceContext {
    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Produces
    @PanelPersistence
    EntityManager shared() {
        return em;
    }
}
