package dev.wingman.platform.api;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;

import java.time.Instant;

/**
 * An {@link IdentifiedEntity} that also keeps {@code updated_at}: the creation time on insert, now
 * on every update Hibernate flushes (bulk JPQL or SQL updates must still set it themselves).
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

    @PreUpdate
    protected void beforeUpdate() {
        updatedAt = Instant.now();
    }
}
