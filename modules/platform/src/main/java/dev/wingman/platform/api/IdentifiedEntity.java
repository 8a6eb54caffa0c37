package dev.wingman.platform.api;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Base of entities with an opaque {@link Ids} id and a creation time: both are assigned when the
 * entity is persisted unless set before (set the id by hand only where it is needed before persisting).
 * Columns {@code id} and {@code created_at}. Public fields so a module's code keeps reading {@code x.id}.
 */
@MappedSuperclass
public abstract class IdentifiedEntity {
    @Id
    public String id;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @PrePersist
    protected void beforeInsert() {
        if (id == null) {
            id = Ids.newId();
        }
        if (createdAt == null) {
            createdAt = now();
        }
    }

    /**
     * Now, to the microsecond PostgreSQL keeps: a time answered right after an insert is the one
     * every later read gives (PostgreSQL would round the nanoseconds away).
     */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
