package dev.wingman.organisations.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "organisation_invites")
public class Invite extends IdentifiedEntity {

    @Column(name = "organisation_id", nullable = false)
    String organisationId;

    @Column(nullable = false)
    String email;

    @Column(nullable = false)
    String role;

    @Column(name = "custom_role_id")
    String customRoleId;

    @Column(name = "token_hash", nullable = false)
    String tokenHash;

    @Column(name = "invited_by")
    String invitedBy;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "accepted_at")
    Instant acceptedAt;

    @Column(name = "declined_at")
    Instant declinedAt;

    @Column(name = "revoked_at")
    Instant revokedAt;

    /** pending, accepted, declined, revoked or expired. */
    public String status(Instant now) {
        if (acceptedAt != null) {
            return "accepted";
        }
        if (declinedAt != null) {
            return "declined";
        }
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt.isAfter(now) ? "pending" : "expired";
    }

    public String id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String role() {
        return role;
    }

    public String customRoleId() {
        return customRoleId;
    }

    public String invitedBy() {
        return invitedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
