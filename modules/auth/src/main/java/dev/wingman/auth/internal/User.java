package dev.wingman.auth.internal;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

@Entity
@Table(name = "users")
public class User extends TimestampedEntity {

    @Column(nullable = false)
    String email;

    @Column(nullable = false)
    String name;

    @Column(name = "password_hash", nullable = false)
    String passwordHash;

    @Column(nullable = false)
    String tier;

    @Column(nullable = false)
    boolean suspended;

    @Column(name = "totp_secret")
    String totpSecret;

    @Column(name = "totp_pending_secret")
    String totpPendingSecret;

    @Column(name = "totp_enabled", nullable = false)
    boolean totpEnabled;

    /**
     * The last 30-second step whose code was accepted; a code is never accepted twice. Only
     * {@link TwoFactorService} moves it, with one conditional UPDATE, so the entity never writes it
     * back (a stale copy flushed by an unrelated change would re-open a used step).
     */
    @Column(name = "totp_last_step", nullable = false, updatable = false)
    long totpLastStep;

    /** Moved by {@link LoginService} with one UPDATE: a login is no edit of the account (no {@code updated_at}). */
    @Column(name = "last_login_at", updatable = false)
    Instant lastLoginAt;

    /** Assigned by the database; Pterodactyl's integer account id. */
    @Column(name = "internal_id", insertable = false, updatable = false)
    Long internalId;

    @ManyToMany(fetch = FetchType.EAGER)
    @JoinTable(name = "user_roles", joinColumns = @JoinColumn(name = "user_id"), inverseJoinColumns = @JoinColumn(name = "role_id"))
    Set<Role> roles = new LinkedHashSet<>();

    // Read access for the REST layer; state changes go through the services.

    public String id() {
        return id;
    }

    /** The integer id Pterodactyl's client API shows; null until the row has been read back from the database. */
    public Long internalId() {
        return internalId;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    public String tier() {
        return tier;
    }

    public boolean suspended() {
        return suspended;
    }

    public boolean totpEnabled() {
        return totpEnabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastLoginAt() {
        return lastLoginAt;
    }

    /** The account's roles, by name order of assignment. */
    public java.util.List<Role> roleList() {
        return java.util.List.copyOf(roles);
    }

    /** Every permission the account's roles hold. */
    public Set<String> permissions() {
        Set<String> all = new LinkedHashSet<>();
        roles.forEach(r -> all.addAll(r.permissions));
        return all;
    }
}
