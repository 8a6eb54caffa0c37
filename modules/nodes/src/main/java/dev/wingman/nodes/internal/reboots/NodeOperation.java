package dev.wingman.nodes.internal.reboots;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

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
    /** Per-server results, a jsonb array in the order the servers were listed. */
    @Column(nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<RebootOperations.ServerResult> results;
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
