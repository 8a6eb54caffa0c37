package dev.wingman.organisations.internal;

import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.event.Event;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Permissions;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import dev.wingman.platform.api.AfterCommit;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what inside an organisation. To anyone who is neither a member nor a panel admin
 * holding the permission globally, an organisation does not exist: every endpoint answers 404,
 * so its existence does not leak. Members lacking a permission get 403.
 */
@ApplicationScoped
public class Tenancy implements OrganisationAccess {
    @Inject
    Event<AuthorityChanged> authority;

    @Inject
    BuiltInRoles builtIn;

    private static final String NOT_FOUND = "Organisation not found";

    @Inject
    @PanelPersistence
    EntityManager em;

    /** What the caller may do in one organisation: their membership (null for panel staff) and permissions. */
    public record Standing(Organisation organisation, Member member, Set<String> permissions, Set<String> keyScope) {

        /** Granted by the membership or globally, and within the API key's scope if one is used. */
        public boolean may(String permission) {
            return Permissions.anyGrants(permissions, permission)
                    && (keyScope == null || Permissions.anyGrants(keyScope, permission));
        }

        /** Owner 3, admin 2, member 1; panel admins ({@code organisations:*}) act with an owner's rank. */
        public int rank() {
            return member == null ? OrgRoles.rank(OrgRoles.OWNER) : OrgRoles.rank(member.role);
        }
    }

    /**
     * The caller's standing in the organisation, or 404 if they may not know it exists. What a
     * member may do comes from the membership alone: a permission held globally (say the default
     * role's {@code servers:create}) never reaches into an organisation. Only the explicit
     * administrator permission {@code organisations:*} acts in any organisation, as its owner;
     * {@code organisations:read} lets staff look without acting.
     */
    public Standing standing(Caller caller, String organisationId) {
        Organisation organisation = em.find(Organisation.class, organisationId);
        if (organisation == null) {
            throw ApiException.notFound(NOT_FOUND);
        }
        Member member = em.find(Member.class, new Member.Key(organisationId, caller.userId()));
        if (member == null && !caller.has(OrgRoles.ADMINISTER) && !caller.has(OrgRoles.READ)) {
            throw ApiException.notFound(NOT_FOUND);
        }
        return new Standing(organisation, member, permissionsIn(caller, member), caller.keyScope());
    }

    /** A member's role permissions, everything for {@code organisations:*}, a member's reading rights for staff with {@code organisations:read}. */
    private Set<String> permissionsIn(Caller caller, Member member) {
        Set<String> permissions = new LinkedHashSet<>();
        if (member != null) {
            permissions.addAll(memberPermissions(member));
        }
        if (caller.has(OrgRoles.ADMINISTER)) {
            permissions.add("*");
        } else if (member == null && caller.has(OrgRoles.READ)) {
            permissions.addAll(builtIn.permissions(OrgRoles.MEMBER));
        }
        return permissions;
    }

    /** The standing, after a 403 unless it carries the permission. */
    public Standing require(Caller caller, String organisationId, String permission) {
        Standing standing = standing(caller, organisationId);
        if (!standing.may(permission)) {
            throw ApiException.forbidden("Missing organisation permission " + permission);
        }
        return standing;
    }

    Set<String> memberPermissions(Member member) {
        Set<String> permissions = new LinkedHashSet<>(builtIn.permissions(member.role));
        if (member.customRoleId != null) {
            OrganisationRole custom = em.find(OrganisationRole.class, member.customRoleId);
            if (custom != null) {
                permissions.addAll(custom.permissions);
            }
        }
        return permissions;
    }

    @Override
    public boolean allows(Caller caller, String organisationId, String permission) {
        Member member = em.find(Member.class, new Member.Key(organisationId, caller.userId()));
        return Permissions.anyGrants(permissionsIn(caller, member), permission) && caller.inScope(permission);
    }

    @Override
    public List<String> organisationIdsOf(String userId) {
        return memberships.get(userId, user -> List.copyOf(em.createQuery(
                "select m.organisationId from Member m where m.userId = :user order by m.organisationId", String.class)
                .setParameter("user", user).getResultList()));
    }

    @Inject
    SharedCaches caches;

    @Inject
    AfterCommit afterCommit;

    /** Each user's organisation ids: read on most requests (lists, placement), changed rarely. */
    private SharedCache<List<String>> memberships;

    @PostConstruct
    void init() {
        memberships = caches.create("memberships", Duration.ofMinutes(5), 100_000);
    }

    /** Once the transaction commits, every instance forgets this user's organisations ({@code null}: everyone's). */
    void membershipChanged(String userId) {
        if (userId == null) {
            memberships.invalidateAllAfterCommit();
        } else {
            memberships.invalidateAfterCommit(userId, () -> authority.fire(AuthorityChanged.of(userId)));
        }
    }

    /**
     * Once the transaction commits, these members' authority shrank (a custom role they hold lost
     * permissions or was deleted): one event for all of them. Their organisations stay the same.
     */
    void authorityShrank(Collection<String> userIds) {
        Set<String> affected = Set.copyOf(userIds);
        if (!affected.isEmpty()) {
            afterCommit.run(() -> authority.fire(new AuthorityChanged(affected)));
        }
    }

    @Override
    public boolean exists(String organisationId) {
        return em.find(Organisation.class, organisationId) != null;
    }

    @Override
    public Optional<String> name(String organisationId) {
        return Optional.ofNullable(em.find(Organisation.class, organisationId)).map(o -> o.name);
    }

    @Override
    public Optional<Membership> membership(String userId, String organisationId) {
        Member member = em.find(Member.class, new Member.Key(organisationId, userId));
        if (member == null) {
            return Optional.empty();
        }
        Organisation organisation = em.find(Organisation.class, organisationId);
        return Optional.of(new Membership(organisationId, userId, member.role, member.customRoleId,
                Set.copyOf(memberPermissions(member)), organisation.tier));
    }
}
