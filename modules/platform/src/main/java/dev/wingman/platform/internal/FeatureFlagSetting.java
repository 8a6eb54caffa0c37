package dev.wingman.platform.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An admin's override of a feature flag's configured default. */
@Entity
@Table(name = "feature_flags")
public class FeatureFlagSetting {
    @Id
    String name;

    @Column(nullable = false)
    boolean enabled;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "updated_by")
    String updatedBy;
}
