package dev.wingman.auth.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

@Entity
@Table(name = "api_keys")
public class ApiKey extends IdentifiedEntity {

    @Column(name = "user_id", nullable = false)
    String userId;

    @Column(nullable = false)
    String name;

    /** The first characters of the secret, shown in lists so that people can tell keys apart. */
    @Column(nullable = false)
    String prefix;

    @Column(name = "secret_hash", nullable = false)
    String secretHash;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "api_key_permissions", joinColumns = @JoinColumn(name = "api_key_id"))
    @Column(name = "permission")
    Set<String> permissions = new LinkedHashSet<>();

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    // Read access for the REST layer; state changes go through the services.

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String prefix() {
        return prefix;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Set<String> permissions() {
        return Set.copyOf(permissions);
    }
}
