package dev.wingman.organisations.rest;

import dev.wingman.organisations.internal.Invite;
import dev.wingman.organisations.internal.MemberService;
import dev.wingman.organisations.internal.OrganisationRole;
import dev.wingman.organisations.internal.OrganisationService;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Request and response bodies of the organisations API, and how entities become responses. */
public final class Views {
    private Views() {
    }

    public record OrganisationRequest(String name, String handle) {
    }

    public record MemberChange(String role, String roleId) {
    }

    public record TransferRequest(String userId) {
    }

    public record RoleRequest(String name, String description, List<String> permissions) {
    }

    public record InviteRequest(String email, String role, String roleId) {
    }

    public record TokenRequest(String token) {
    }

    public record TierChange(String tier) {
    }

    /** {@code role} is the caller's role in it; absent when a panel admin looks from outside. */
    public record OrganisationView(String id, String name, String handle, String tier, String role, long memberCount,
                                   Instant createdAt, Instant updatedAt) {
    }

    public record RoleRef(String id, String name) {
    }

    public record MemberView(String userId, String email, String name, String role, RoleRef customRole, Instant joinedAt) {
    }

    public record RoleView(String id, String name, String description, Set<String> permissions, Instant createdAt,
                           Instant updatedAt) {
    }

    /** status is pending, accepted, declined, revoked or expired. */
    public record InviteView(String id, String email, String role, String roleId, String status, String invitedBy,
                             Instant createdAt, Instant expiresAt) {
    }

    /** Returned once, when the invite is made: {@code token} is what the invitee accepts with. */
    public record CreatedInviteView(String id, String email, String role, String roleId, String status, Instant expiresAt,
                                    String token) {
    }

    static OrganisationView organisation(OrganisationService.Listed listed) {
        var o = listed.organisation();
        return new OrganisationView(o.id(), o.name(), o.handle(), o.tier(), listed.role(), listed.members(), o.createdAt(),
                o.updatedAt());
    }

    static MemberView member(MemberService.Listed listed) {
        var m = listed.member();
        var a = listed.account();
        OrganisationRole custom = listed.customRole();
        return new MemberView(m.userId(), a == null ? null : a.email(), a == null ? null : a.name(), m.role(),
                custom == null ? null : new RoleRef(custom.id(), custom.name()), m.joinedAt());
    }

    static RoleView role(OrganisationRole r) {
        return new RoleView(r.id(), r.name(), r.description(), r.permissions(), r.createdAt(), r.updatedAt());
    }

    static InviteView invite(Invite i) {
        return new InviteView(i.id(), i.email(), i.role(), i.customRoleId(), i.status(Instant.now()), i.invitedBy(),
                i.createdAt(), i.expiresAt());
    }
}
