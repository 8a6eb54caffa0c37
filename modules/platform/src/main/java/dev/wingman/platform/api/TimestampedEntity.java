package dev.wingman.platform.api;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Transient;

import java.time.Instant;
import java.util.Objects;

/**
 * An {@link IdentifiedEntity} that also keeps {@code updated_at}: the creation time on insert, now
 * on every update Hibernate flushes, unless the entity's own code set it during the change (a state
 * move stamped with its own time keeps that time). Bulk JPQL or SQL updates must still set it
 * themselves.
 */
@MappedSuperclass
public abstract class TimestampedEntity extends IdentifiedEntity {
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    @PrePersist
    protected void beforeInsert() {
        super.beforeInsert();
        if (updatedAt == null) {
            updatedAt = createdAt;
        }
    }

    /** {@code updated_at} as the database holds it, to tell a time set by hand from an untouched one. */
    @Transient
    private Instant storedUpdatedAt;

    @PostLoad
    @PostPersist
    @PostUpdate
    protected void afterReadOrWrite() {
        storedUpdatedAt = updatedAt;
    }

    @PreUpdate
    protected void beforeUpdate() {
        if (storedUpdatedAt == null || Objects.equals(updatedAt, storedUpdatedAt)) {
            updatedAt = now();
        }
    }
}
