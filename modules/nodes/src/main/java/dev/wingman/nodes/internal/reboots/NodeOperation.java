package dev.wingman.nodes.internal.reboots;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/** A long node-wide operation (reboot every server), persisted so any instance can report it and finish it. */
@Entity
@Table(name = "node_operations")
public class NodeOperation extends TimestampedEntity {
    @Column(name = "node_id", nullable = false)
    String nodeId;
    @Column(nullable = false)
    String kind;
    @Column(nullable = false)
    @Convert(converter = OperationStatus.Column.class)
    OperationStatus status;
    @Column(nullable = false)
    String phase;
    @Column(nullable = false)
    int progress;
    @Column
    String message;
    /** JSON array of per-server results. */
    @Column(nullable = false)
    String results;
    @Column(name = "requested_by")
    String requestedBy;
    @Column(name = "claimed_by")
    String claimedBy;
    @Column(name = "claimed_until")
    Instant claimedUntil;
    @Column(name = "finished_at")
    Instant finishedAt;

    boolean running() {
        return status == OperationStatus.RUNNING;
    }
}
