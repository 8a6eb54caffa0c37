package dev.wingman.auth.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "sessions")
public class Session extends IdentifiedEntity {

    @Column(name = "user_id", nullable = false)
    String userId;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "last_seen_at", nullable = false)
    Instant lastSeenAt;

    String ip;

    @Column(name = "user_agent")
    String userAgent;

    @Column(name = "revoked_at")
    Instant revokedAt;

    boolean activeAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    // Read access for the REST layer; state changes go through the services.

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public String ip() {
        return ip;
    }

    public String userAgent() {
        return userAgent;
    }
}
