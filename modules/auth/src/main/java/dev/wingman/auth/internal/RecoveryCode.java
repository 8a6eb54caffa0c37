package dev.wingman.auth.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "recovery_codes")
public class RecoveryCode {
    @Id
    String id;

    @Column(name = "user_id", nullable = false)
    String userId;

    @Column(name = "code_hash", nullable = false)
    String codeHash;

    @Column(name = "used_at")
    Instant usedAt;
}
