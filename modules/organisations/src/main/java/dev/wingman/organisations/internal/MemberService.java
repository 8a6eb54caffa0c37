package dev.wingman.organisations.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.auth.api.Accounts;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Members and their roles. Rules: you can only act on members ranked below you (owners on
 * anyone), only owners make owners or admins, custom roles carry nothing their assigner lacks, and
 * an organisation always keeps at least one owner.
 */
@ApplicationScoped
public class MemberService {
    @Inject
    BuiltInRoles builtIn;

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Tenancy tenancy;

    @Inject
    Activity activity;

    @Inject
    Accounts accounts;

    /** A member with the account behind it. */
    public record Listed(Member member, Accounts.Account account, OrganisationRole customRole) {
    }

    public List<Listed> list(Caller caller, String organisationId) {
        tenancy.require(caller, organisationId, OrgRoles.READ);
        List<Member> members = em.createQuery("select m from Member m where m.organisationId = :org order by m.joinedAt, m.userId",
                Member.class).setParameter("org", organisationId).getResultList();
        return members.stream().map(this::listed).toList();
    }

    Listed listed(Member m) {
        Accounts.Account account = accounts.findById(m.userId).orElse(null);
        OrganisationRole custom = m.customRoleId == null ? null : em.find(OrganisationRole.class, m.customRoleId);
        return new Listed(m, account, custom);
    }

    /** Sets a member's built-in role, or (role "member" plus customRoleId) a custom role. */
    @Transactional
    public Listed changeRole(Caller caller, String organisationId, String userId, String role, String customRoleId) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.MANAGE_MEMBERS);
        Member target = requireMember(organisationId, userId);
        String newRole = role == null ? OrgRoles.MEMBER : role;
        if (!OrgRoles.isBuiltIn(newRole)) {
            throw ApiException.invalidField("role", "must be owner, admin or member");
        }
        if (customRoleId != null && !newRole.equals(OrgRoles.MEMBER)) {
            throw ApiException.invalidField("roleId", "a custom role goes with the member role");
        }
        requireOutranks(standing, target.role, "change the role of");
        // A built-in role is its permissions: an API key may hand out only what its scope reaches too.
        OrgRoleService.requireCanGrant(standing, builtIn.permissions(newRole));
        if (OrgRoles.rank(newRole) >= OrgRoles.rank(OrgRoles.ADMIN) && standing.rank() < OrgRoles.rank(OrgRoles.OWNER)) {
            throw ApiException.forbidden("Only owners can make owners or admins");
        }
        OrganisationRole custom = null;
        if (customRoleId != null) {
            custom = em.find(OrganisationRole.class, customRoleId);
            if (custom == null || !custom.organisationId.equals(organisationId)) {
                throw ApiException.notFound("Organisation role not found");
            }
            OrgRoleService.requireCanGrant(standing, custom.permissions);
        }
        if (target.role.equals(OrgRoles.OWNER) && !newRole.equals(OrgRoles.OWNER)) {
            requireAnotherOwner(organisationId, "demote");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", target.customRoleId == null ? target.role : target.role + "+" + target.customRoleId);
        details.put("to", custom == null ? newRole : newRole + "+" + custom.id);
        target.role = newRole;
        target.customRoleId = custom == null ? null : custom.id;
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_MEMBER_ROLE, "user", userId, details);
        tenancy.membershipChanged(userId); // a demotion must reach what the old role's tokens allowed
        return listed(target);
    }

    @Transactional
    public void remove(Caller caller, String organisationId, String userId) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.MANAGE_MEMBERS);
        Member target = requireMember(organisationId, userId);
        if (userId.equals(caller.userId())) {
            throw ApiException.badRequest("To remove yourself, leave the organisation");
        }
        requireOutranks(standing, target.role, "remove");
        if (target.role.equals(OrgRoles.OWNER)) {
            requireAnotherOwner(organisationId, "remove");
        }
        em.remove(target);
        tenancy.membershipChanged(userId);
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_MEMBER_REMOVE, "user", userId, Map.of("role", target.role));
    }

    @Transactional
    public void leave(Caller caller, String organisationId) {
        tenancy.standing(caller, organisationId);
        Member me = em.find(Member.class, new Member.Key(organisationId, caller.userId()));
        if (me == null) {
            throw ApiException.notFound("You are not a member of this organisation");
        }
        if (me.role.equals(OrgRoles.OWNER)) {
            requireAnotherOwner(organisationId, "leave as");
        }
        em.remove(me);
        tenancy.membershipChanged(caller.userId());
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_MEMBER_LEAVE, "user", caller.userId(), Map.of("role", me.role));
    }

    /** Makes another member an owner and the calling owner an admin. */
    @Transactional
    public Listed transferOwnership(Caller caller, String organisationId, String userId) {
        Tenancy.Standing standing = tenancy.standing(caller, organisationId);
        if (standing.member() == null || !standing.member().role.equals(OrgRoles.OWNER)) {
            throw ApiException.forbidden("Only an owner can transfer ownership");
        }
        if (!standing.may("*")) {
            throw ApiException.forbidden("Transferring ownership gives away everything: it needs a session or an API key scoped *");
        }
        if (userId.equals(caller.userId())) {
            throw ApiException.invalidField("userId", "is you already");
        }
        Member target = requireMember(organisationId, userId);
        target.role = OrgRoles.OWNER;
        target.customRoleId = null;
        standing.member().role = OrgRoles.ADMIN;
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_ORGANISATION_TRANSFER, "user", userId, Map.of("from", caller.userId()));
        tenancy.membershipChanged(caller.userId()); // the former owner is an admin now
        return listed(target);
    }

    Member requireMember(String organisationId, String userId) {
        Member member = em.find(Member.class, new Member.Key(organisationId, userId));
        if (member == null) {
            throw ApiException.notFound("Member not found");
        }
        return member;
    }

    private static void requireOutranks(Tenancy.Standing standing, String targetRole, String what) {
        boolean owner = standing.rank() >= OrgRoles.rank(OrgRoles.OWNER);
        if (!owner && standing.rank() <= OrgRoles.rank(targetRole)) {
            throw ApiException.forbidden("You cannot " + what + " a member whose role is " + targetRole);
        }
    }

    private void requireAnotherOwner(String organisationId, String what) {
        long owners = em.createQuery("select count(m) from Member m where m.organisationId = :org and m.role = :owner", Long.class)
                .setParameter("org", organisationId).setParameter("owner", OrgRoles.OWNER).getSingleResult();
        if (owners <= 1) {
            throw ApiException.conflict("An organisation needs an owner: you cannot " + what + " its last owner; "
                    + "transfer ownership first");
        }
    }
}
