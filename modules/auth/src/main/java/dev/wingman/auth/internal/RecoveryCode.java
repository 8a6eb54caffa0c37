package dev.wingman.auth.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "recovery_codes")
public class RecoveryCode extends IdentifiedEntity {

    @Column(name = "user_id", nullable = false)
    String userId;

    @Column(name = "code_hash", nullable = false)
    String codeHash;

    @Column(name = "used_at")
    Instant usedAt;
}
