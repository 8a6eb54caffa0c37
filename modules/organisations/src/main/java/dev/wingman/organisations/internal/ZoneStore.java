package dev.wingman.organisations.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.Map;

/** Stores zones in a transaction of their own, after the provider call that created them succeeded. */
@ApplicationScoped
public class ZoneStore {
    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    Activity activity;

    public boolean exists(String name) {
        return !em.createQuery("select z.id from DnsZone z where z.name = :name", String.class)
                .setParameter("name", name).getResultList().isEmpty();
    }

    @Transactional
    public void save(DnsZone zone, Map<String, Object> details) {
        em.persist(zone);
        em.flush();
        activity.record(zone.organisationId, "dns.zone.create", "dns-zone", zone.id, details);
    }
}
