package dev.wingman.organisations.internal;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;

/**
 * Marks zones taken in a transaction of their own, after the provider call that created them
 * succeeded; the schema's unique index on taken names decides a race between organisations.
 */
@ApplicationScoped
public class ZoneStore {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Activity activity;

    /** Whether some organisation has proved and taken the name. */
    public boolean taken(String name) {
        return !em.createQuery("select z.id from DnsZone z where z.name = :name and z.verifiedAt is not null", String.class)
                .setParameter("name", name).getResultList().isEmpty();
    }

    @Transactional
    public DnsZone take(String zoneId, DnsProvider.CreatedZone created) {
        DnsZone zone = Locking.row(em, DnsZone.class, zoneId);
        if (zone == null) {
            throw ApiException.notFound("DNS zone not found");
        }
        if (zone.stage() == DnsZone.Stage.TAKEN) {
            throw ApiException.conflict("The zone " + zone.name + " was verified by another request meanwhile");
        }
        zone.taken(created, Instant.now());
        em.flush();
        activity.record(zone.organisationId, OrganisationPermissions.ACTIVITY_DNS_ZONE_CREATE, "dns-zone", zone.id, Map.of("name", zone.name));
        return zone;
    }
}
