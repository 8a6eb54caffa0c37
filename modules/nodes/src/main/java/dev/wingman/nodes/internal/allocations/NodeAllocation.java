package dev.wingman.nodes.internal.allocations;

import dev.wingman.platform.api.IdentifiedEntity;

import dev.wingman.nodes.api.Allocation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

@Entity
@Table(name = "node_allocations")
public class NodeAllocation extends IdentifiedEntity {
    @Column(name = "node_id", nullable = false)
    String nodeId;
    @Column(nullable = false)
    String ip;
    @Column(nullable = false)
    int port;
    @Column(name = "server_uuid")
    UUID serverUuid;
    @Column
    String notes;
    /** Reserved by an administrator (created for no server): given up, it stays on the node unassigned. */
    @Column(nullable = false)
    boolean reserved;
    /** Assigned by the database. */
    @Column(insertable = false, updatable = false)
    Long number;

    public Allocation view() {
        return new Allocation(id, number == null ? 0 : number, nodeId, ip, port,
                serverUuid == null ? null : serverUuid.toString(), notes, createdAt);
    }
}
