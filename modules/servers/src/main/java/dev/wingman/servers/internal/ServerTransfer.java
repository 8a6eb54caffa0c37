package dev.wingman.servers.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** One attempt to move a server to another node, and how it ended. */
@Entity
@Table(name = "server_transfers")
public class ServerTransfer {
    /** States in which the transfer is still in flight (and the server locked). */
    static final Set<String> ACTIVE = Set.of("pending", "archiving");

    @Id
    String id;
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
    String state;
    @Column
    String reason;
    @Column(name = "source_deleted", nullable = false)
    boolean sourceDeleted;
    @Column(name = "start_on_completion", nullable = false)
    boolean startOnCompletion;
    @Column(name = "requested_by", nullable = false)
    String requestedBy;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @Column(name = "finished_at")
    Instant finishedAt;

    boolean active() {
        return ACTIVE.contains(state);
    }
}
