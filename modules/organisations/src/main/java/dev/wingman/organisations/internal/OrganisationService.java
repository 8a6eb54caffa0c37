package dev.wingman.organisations.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.auth.api.Tiers;
import dev.wingman.organisations.api.OrganisationResources;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Organisations themselves: create, list, rename, delete, and the admin's tier changes. */
@ApplicationScoped
public class OrganisationService {
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Tenancy tenancy;

    @Inject
    Activity activity;

    @Inject
    AuditTrail audit;

    @Inject
    Instance<OrganisationResources> resources;

    /** An organisation with the caller's role in it (null when they see it as a panel admin). */
    public record Listed(Organisation organisation, String role, long members) {
    }

    public static String handle(String value) {
        String handle = value.strip().toLowerCase(Locale.ROOT);
        if (!HANDLE.matcher(handle).matches()) {
            throw ApiException.invalidField("handle", "must be 3 to 40 lower-case letters, digits or dashes, "
                    + "starting and ending with a letter or digit");
        }
        return handle;
    }

    @Transactional
    public Listed create(Caller caller, String name, String handle) {
        requireFreeHandle(handle, null);
        Instant now = Instant.now();
        Organisation organisation = new Organisation();
        organisation.name = name;
        organisation.handle = handle;
        organisation.tier = Tiers.FREE;
        organisation.createdAt = now; // the owner joined as it was made
        em.persist(organisation);
        Member owner = new Member();
        owner.organisationId = organisation.id;
        owner.userId = caller.userId();
        owner.role = OrgRoles.OWNER;
        owner.joinedAt = now;
        em.persist(owner);
        tenancy.membershipChanged(owner.userId);
        em.flush();
        activity.record(organisation.id, OrganisationPermissions.ACTIVITY_ORGANISATION_CREATE, "organisation", organisation.id,
                Map.of("name", name, "handle", handle));
        return new Listed(organisation, OrgRoles.OWNER, 1);
    }

    public Page<Listed> mine(Caller caller, PageRequest page) {
        List<Object[]> rows = em.createQuery("select o, m.role from Organisation o, Member m where m.organisationId = o.id "
                        + "and m.userId = :user" + order(page), Object[].class)
                .setParameter("user", caller.userId()).setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList();
        long total = em.createQuery("select count(m) from Member m where m.userId = :user", Long.class)
                .setParameter("user", caller.userId()).getSingleResult();
        Map<String, Long> counts = memberCounts(rows.stream().map(row -> ((Organisation) row[0]).id).toList());
        List<Listed> data = new ArrayList<>();
        for (Object[] row : rows) {
            Organisation o = (Organisation) row[0];
            data.add(new Listed(o, (String) row[1], counts.getOrDefault(o.id, 0L)));
        }
        return Page.of(data, page, total);
    }

    /**
     * The organisation the caller has just joined, as the answer to accepting an invite: its
     * membership is the proof, so no organisation permission (which a narrow API key may lack)
     * is asked for after the join committed.
     */
    public Listed joined(Caller caller, String organisationId) {
        return listed(tenancy.standing(caller, organisationId));
    }

    public Listed get(Caller caller, String organisationId) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.READ);
        return listed(standing);
    }

    @Transactional
    public Listed update(Caller caller, String organisationId, String name, String handle) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.UPDATE);
        Organisation organisation = standing.organisation();
        Map<String, Object> details = new LinkedHashMap<>();
        if (name != null && !name.equals(organisation.name)) {
            details.put("name", Map.of("from", organisation.name, "to", name));
            organisation.name = name;
        }
        if (handle != null && !handle.equals(organisation.handle)) {
            requireFreeHandle(handle, organisation.id);
            details.put("handle", Map.of("from", organisation.handle, "to", handle));
            organisation.handle = handle;
        }
        if (!details.isEmpty()) {
            activity.record(organisation.id, OrganisationPermissions.ACTIVITY_ORGANISATION_UPDATE, "organisation", organisation.id, details);
        }
        return listed(standing);
    }

    @Transactional
    public void delete(Caller caller, String organisationId) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.DELETE);
        List<String> owned = new ArrayList<>();
        for (OrganisationResources kind : resources) {
            long count = kind.countOwnedBy(organisationId);
            if (count > 0) {
                owned.add(count + " " + kind.kind());
            }
        }
        if (!owned.isEmpty()) {
            throw ApiException.conflict("The organisation still owns " + String.join(" and ", owned)
                    + "; delete or move them first");
        }
        // The schema cascades to members, roles and invites.
        em.createNativeQuery("delete from organisations where id = ?1").setParameter(1, organisationId).executeUpdate();
        tenancy.membershipChanged(null);
        audit.record(OrganisationPermissions.AUDIT_ORGANISATION_DELETE, "organisation", organisationId,
                Map.of("name", standing.organisation().name, "handle", standing.organisation().handle));
    }

    public Page<Listed> search(String query, PageRequest page) {
        String where = query == null || query.isBlank() ? "" : " where lower(o.name) like :q or o.handle like :q";
        TypedQuery<Organisation> rows = em.createQuery("select o from Organisation o" + where + order(page), Organisation.class);
        TypedQuery<Long> count = em.createQuery("select count(o) from Organisation o" + where, Long.class);
        if (!where.isEmpty()) {
            String like = Validate.containsPattern(query);
            rows.setParameter("q", like);
            count.setParameter("q", like);
        }
        List<Organisation> found = rows.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList();
        Map<String, Long> counts = memberCounts(found.stream().map(o -> o.id).toList());
        List<Listed> data = found.stream().map(o -> new Listed(o, null, counts.getOrDefault(o.id, 0L))).toList();
        return Page.of(data, page, count.getSingleResult());
    }

    @Transactional
    public Listed setTier(String organisationId, String tier) {
        Organisation organisation = em.find(Organisation.class, organisationId);
        if (organisation == null) {
            throw ApiException.notFound("Organisation not found");
        }
        if (tier == null || !Tiers.ALL.contains(tier)) {
            throw ApiException.invalidField("tier", "must be one of " + String.join(", ", Tiers.ALL));
        }
        if (!tier.equals(organisation.tier)) {
            Map<String, Object> details = Map.of("tier", Map.of("from", organisation.tier, "to", tier));
            organisation.tier = tier;
            audit.record(OrganisationPermissions.AUDIT_ORGANISATION_TIER_SET, "organisation", organisation.id, details);
            activity.record(organisation.id, OrganisationPermissions.ACTIVITY_ORGANISATION_TIER, "organisation", organisation.id, details);
        }
        return new Listed(organisation, null, memberCount(organisation.id));
    }

    private Listed listed(Tenancy.Standing standing) {
        Organisation o = standing.organisation();
        return new Listed(o, standing.member() == null ? null : standing.member().role, memberCount(o.id));
    }

    private static String order(PageRequest page) {
        String column = switch (page.sortField()) {
            case "name" -> "o.name";
            case "handle" -> "o.handle";
            default -> "o.createdAt";
        };
        return " order by " + column + (page.descending() ? " desc" : " asc") + ", o.id";
    }

    /** Member counts of a page of organisations in one query rather than one each. */
    private Map<String, Long> memberCounts(List<String> organisationIds) {
        if (organisationIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> counts = new HashMap<>();
        em.createQuery("select m.organisationId, count(m) from Member m where m.organisationId in :ids group by m.organisationId",
                        Object[].class)
                .setParameter("ids", organisationIds).getResultList()
                .forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    private long memberCount(String organisationId) {
        return em.createQuery("select count(m) from Member m where m.organisationId = :org", Long.class)
                .setParameter("org", organisationId).getSingleResult();
    }

    private void requireFreeHandle(String handle, String exceptId) {
        List<Organisation> same = em.createQuery("select o from Organisation o where o.handle = :handle", Organisation.class)
                .setParameter("handle", handle).getResultList();
        if (same.stream().anyMatch(o -> !o.id.equals(exceptId))) {
            throw ApiException.conflict("The handle '" + handle + "' is taken");
        }
    }
}
