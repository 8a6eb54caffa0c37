package dev.wingman.auth.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "login_challenges")
public class LoginChallenge extends IdentifiedEntity {

    @Column(name = "user_id", nullable = false)
    String userId;

    @Column(name = "token_hash", nullable = false)
    String tokenHash;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(nullable = false)
    int attempts;

    @Column(name = "consumed_at")
    Instant consumedAt;
}
