package dev.wingman.platform.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** Keys the panel generated for itself, stored once in PostgreSQL; the first instance to store one wins. */
@ApplicationScoped
public class GeneratedKeys {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String getOrCreate(String name, String candidate) {
        em.createNativeQuery("insert into platform_keys (name, value) values (?1, ?2) on conflict (name) do nothing")
                .setParameter(1, name).setParameter(2, candidate).executeUpdate();
        @SuppressWarnings("unchecked")
        List<String> values = em.createNativeQuery("select value from platform_keys where name = ?1")
                .setParameter(1, name).getResultList();
        return values.get(0);
    }
}
