package dev.wingman.organisations.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.auth.api.Accounts;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Invitations by e-mail. The token is shown once to the inviter, who passes it on (Wingman does not
 * send mail yet); the invitee accepts or declines it while logged in with the invited address.
 * Tokens expire, are stored only as a SHA-256, and are good for one answer.
 */
@ApplicationScoped
public class InviteService {
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

    @Inject
    @ConfigProperty(name = "wingman.organisations.invite-ttl-hours", defaultValue = "168")
    long ttlHours;

    public record Created(Invite invite, String token) {
    }

    @Transactional
    public Created create(Caller caller, String organisationId, String email, String role, String customRoleId) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.MANAGE_INVITES);
        String invitedRole = role == null ? OrgRoles.MEMBER : role;
        if (!invitedRole.equals(OrgRoles.MEMBER) && !invitedRole.equals(OrgRoles.ADMIN)) {
            throw ApiException.invalidField("role", "must be admin or member (ownership is transferred, not invited)");
        }
        if (invitedRole.equals(OrgRoles.ADMIN) && standing.rank() < OrgRoles.rank(OrgRoles.OWNER)) {
            throw ApiException.forbidden("Only owners can invite admins");
        }
        OrgRoleService.requireCanGrant(standing, builtIn.permissions(invitedRole));
        if (customRoleId != null) {
            if (!invitedRole.equals(OrgRoles.MEMBER)) {
                throw ApiException.invalidField("roleId", "a custom role goes with the member role");
            }
            OrganisationRole custom = em.find(OrganisationRole.class, customRoleId);
            if (custom == null || !custom.organisationId.equals(organisationId)) {
                throw ApiException.notFound("Organisation role not found");
            }
            OrgRoleService.requireCanGrant(standing, custom.permissions);
        }
        boolean alreadyMember = accounts.findByEmail(email)
                .map(account -> em.find(Member.class, new Member.Key(organisationId, account.id())) != null).orElse(false);
        if (alreadyMember) {
            throw ApiException.conflict(email + " is already a member");
        }
        Instant now = Instant.now();
        for (Invite open : openInvites(organisationId, email)) {
            if (open.expiresAt.isAfter(now)) {
                throw ApiException.conflict(email + " already has a pending invite; revoke it to send another");
            }
            open.revokedAt = now;
        }
        em.flush();
        String token = "inv_" + Secrets.random(40);
        Invite invite = new Invite();
        invite.organisationId = organisationId;
        invite.email = email;
        invite.role = invitedRole;
        invite.customRoleId = customRoleId;
        invite.tokenHash = Secrets.sha256(token);
        invite.invitedBy = caller.userId();
        invite.createdAt = now;
        invite.expiresAt = now.plus(Duration.ofHours(ttlHours));
        em.persist(invite);
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_INVITE_CREATE, "invite", invite.id, Map.of("email", email, "role", invitedRole));
        return new Created(invite, token);
    }

    public List<Invite> list(Caller caller, String organisationId) {
        tenancy.require(caller, organisationId, OrgRoles.MANAGE_INVITES);
        return em.createQuery("select i from Invite i where i.organisationId = :org order by i.createdAt desc", Invite.class)
                .setParameter("org", organisationId).getResultList();
    }

    @Transactional
    public void revoke(Caller caller, String organisationId, String inviteId) {
        tenancy.require(caller, organisationId, OrgRoles.MANAGE_INVITES);
        Invite invite = em.find(Invite.class, inviteId);
        if (invite == null || !invite.organisationId.equals(organisationId)) {
            throw ApiException.notFound("Invite not found");
        }
        if (!invite.status(Instant.now()).equals("pending")) {
            throw ApiException.conflict("The invite is already " + invite.status(Instant.now()));
        }
        invite.revokedAt = Instant.now();
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_INVITE_REVOKE, "invite", invite.id, Map.of("email", invite.email));
    }

    /** Joins the caller to the organisation; answers the organisation id. */
    @Transactional
    public String accept(Caller caller, String token) {
        Invite invite = answerable(caller, token);
        Instant now = Instant.now();
        invite.acceptedAt = now;
        Member member = new Member();
        member.organisationId = invite.organisationId;
        member.userId = caller.userId();
        member.role = invite.role;
        member.customRoleId = invite.role.equals(OrgRoles.MEMBER) ? invite.customRoleId : null;
        member.joinedAt = now;
        em.persist(member);
        tenancy.membershipChanged(member.userId);
        activity.record(invite.organisationId, OrganisationPermissions.ACTIVITY_INVITE_ACCEPT, "user", caller.userId(), Map.of("role", invite.role));
        return invite.organisationId;
    }

    @Transactional
    public void decline(Caller caller, String token) {
        Invite invite = answerable(caller, token);
        invite.declinedAt = Instant.now();
        activity.record(invite.organisationId, OrganisationPermissions.ACTIVITY_INVITE_DECLINE, "invite", invite.id, Map.of("email", invite.email));
    }

    private Invite answerable(Caller caller, String token) {
        List<Invite> found = em.createQuery("select i from Invite i where i.tokenHash = :hash", Invite.class)
                .setParameter("hash", Secrets.sha256(token)).getResultList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Invite not found");
        }
        Invite invite = found.get(0);
        if (!invite.email.equalsIgnoreCase(caller.email())) {
            // Same answer as an unknown token: whoever holds someone else's token learns nothing.
            throw ApiException.notFound("Invite not found");
        }
        String status = invite.status(Instant.now());
        switch (status) {
            case "pending" -> {
            }
            case "expired", "revoked" -> throw new ApiException(410, "The invite has " + (status.equals("expired") ? "expired" : "been revoked"));
            default -> throw ApiException.conflict("The invite was already " + status);
        }
        if (em.find(Member.class, new Member.Key(invite.organisationId, caller.userId())) != null) {
            throw ApiException.conflict("You are already a member of this organisation");
        }
        return invite;
    }

    private List<Invite> openInvites(String organisationId, String email) {
        return em.createQuery("select i from Invite i where i.organisationId = :org and i.email = :email "
                        + "and i.acceptedAt is null and i.declinedAt is null and i.revokedAt is null", Invite.class)
                .setParameter("org", organisationId).setParameter("email", email).getResultList();
    }
}
