package dev.wingman.servers.internal.transfers;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;
import java.util.Objects;
import java.util.UUID;

/** One attempt to move a server to another node, and how it ended. */
@Entity
@Table(name = "server_transfers")
public class ServerTransfer extends TimestampedEntity {
    /** States in which the transfer is still in flight (and the server locked). */
    static final Set<TransferState> ACTIVE = TransferState.ACTIVE;

    @Column(name = "server_id", nullable = false)
    String serverId;
    @Column(name = "server_uuid", nullable = false)
    UUID serverUuid;
    @Column(name = "source_node_id", nullable = false)
    String sourceNodeId;
    @Column(name = "destination_node_id", nullable = false)
    String destinationNodeId;
    /** The port on the destination that becomes the server's primary allocation. */
    @Column(name = "destination_allocation_id", nullable = false)
    String destinationAllocationId;
    @Column(nullable = false)
    @Convert(converter = TransferState.Column.class)
    TransferState state;
    @Column
    String reason;
    @Column(name = "source_deleted", nullable = false)
    boolean sourceDeleted;
    @Column(name = "start_on_completion", nullable = false)
    boolean startOnCompletion;
    @Column(name = "requested_by", nullable = false)
    String requestedBy;
    @Column(name = "finished_at")
    Instant finishedAt;

    boolean active() {
        return state.active();
    }

    boolean pending() {
        return state == TransferState.PENDING;
    }

    /** A new transfer, before anything was asked of Wings. */
    void requested() {
        if (state != null) {
            throw new IllegalStateException("Transfer " + id + " was requested already");
        }
        state = TransferState.PENDING;
    }

    /** pending → archiving: the source accepted and archives the server. */
    void archiving(Instant now) {
        moveTo(TransferState.ARCHIVING, now);
    }

    /** Ends the transfer in flight with {@code outcome} (completed, failed or cancelled). */
    void ended(TransferState outcome, String reason, Instant now) {
        if (outcome.active()) {
            throw new IllegalStateException("Transfer " + id + " cannot end as " + outcome);
        }
        moveTo(outcome, now);
        this.reason = reason;
        finishedAt = now;
    }

    private void moveTo(TransferState target, Instant now) {
        if (!Objects.requireNonNull(state, "state").canMoveTo(target)) {
            throw new IllegalStateException("Transfer " + id + " cannot move from " + state + " to " + target);
        }
        state = target;
        updatedAt = now; // kept by the base's @PreUpdate: the move's own time
    }
}
