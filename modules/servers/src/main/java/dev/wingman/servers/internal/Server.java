package dev.wingman.servers.internal;

import dev.wingman.platform.api.TimestampedEntity;

import dev.wingman.nodes.api.Allocation;
import dev.wingman.platform.api.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Entity
@Table(name = "servers")
public class Server extends TimestampedEntity {
    @Column(nullable = false)
    public UUID uuid;
    @Column(nullable = false)
    public String identifier;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String description;
    @Column(name = "owner_id", nullable = false)
    public String ownerId;
    @Column(name = "organisation_id")
    public String organisationId;
    @Column(name = "node_id", nullable = false)
    public String nodeId;
    @Column(name = "egg_id", nullable = false)
    public String eggId;
    @Column(name = "allocation_id", nullable = false)
    public String allocationId;
    @Column(name = "docker_image", nullable = false)
    public String dockerImage;
    @Column(nullable = false)
    public String startup;
    /**
     * The egg variables' values in the egg's order: a jsonb array of pairs, not an object, as jsonb
     * does not keep an object's key order. Read and set through {@link #environmentMap()}.
     */
    @Column(nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<Variable> environment;
    @Embedded
    public ServerLimits limits;
    /** Null in the database once installed; read it through {@link #status()}. */
    @Column
    @Convert(converter = ServerStatus.Column.class)
    ServerStatus status;
    @Column(nullable = false)
    public boolean suspended;
    @Embedded
    public FeatureLimits featureLimits = FeatureLimits.DEFAULT;
    /** The node a transfer in flight is moving this server to; while set, the server is locked. */
    @Column(name = "transfer_node_id")
    public String transferNodeId;
    /** One egg variable's value. */
    public record Variable(String name, String value) {
    }

    /** The egg variables' values, in the egg's order. */
    public Map<String, String> environmentMap() {
        Map<String, String> values = new LinkedHashMap<>();
        environment.forEach(v -> values.put(v.name(), v.value()));
        return values;
    }

    /** Sets the egg variables' values, kept in the map's order. */
    void environment(Map<String, String> values) {
        environment = values.entrySet().stream().map(e -> new Variable(e.getKey(), e.getValue())).toList();
    }

    /** The install status ({@link ServerStatus#INSTALLED} once installed). */
    public ServerStatus status() {
        return status == null ? ServerStatus.INSTALLED : status;
    }

    public boolean installing() {
        return status() == ServerStatus.INSTALLING;
    }

    /** A new server: its install runs first. */
    void installStarted() {
        if (status != null) {
            throw new IllegalStateException("Server " + id + " has a status already: " + status);
        }
        status = ServerStatus.INSTALLING;
    }

    /**
     * Runs the install again: refused (409) while an install or a backup restore is running. Answers
     * the status before, for undoing when Wings does not take the reinstall.
     */
    ServerStatus reinstalling() {
        if (installing()) {
            throw ApiException.conflict("This server is already being installed.");
        }
        if (status() == ServerStatus.RESTORING_BACKUP) {
            throw ApiException.conflict("This server is currently restoring from a backup, please try again later.");
        }
        ServerStatus before = status();
        moveTo(ServerStatus.INSTALLING);
        return before;
    }

    /** Wings reported the outcome of an install. */
    void installed(boolean successful, boolean reinstall) {
        moveTo(ServerStatus.installOutcome(successful, reinstall));
    }

    /** Wings restores a backup: refused (409) unless installed, as Pterodactyl refuses it. */
    public void restoringBackup() {
        if (status() != ServerStatus.INSTALLED) {
            throw ApiException.conflict("This server is not currently in a state that allows for a backup to be restored.");
        }
        moveTo(ServerStatus.RESTORING_BACKUP);
    }

    /** Wings reported the restore over (or the panel gave up on it): false if the server was not restoring. */
    public boolean backupRestored() {
        if (status() != ServerStatus.RESTORING_BACKUP) {
            return false;
        }
        moveTo(ServerStatus.INSTALLED);
        return true;
    }

    private void moveTo(ServerStatus target) {
        if (!status().canMoveTo(target)) {
            throw new IllegalStateException("Server " + id + " cannot move from " + status() + " to " + target);
        }
        status = target;
    }

    /** Whether a transfer to another node is in flight. */
    public boolean transferring() {
        return transferNodeId != null;
    }

    /** Refuses changes while a transfer is in flight (409), as Pterodactyl does. */
    public void requireNotTransferring() {
        if (transferNodeId != null) {
            throw ApiException.conflict(
                    "This server is currently being transferred to another node, please try again later.");
        }
    }

    /**
     * The allocations of {@code all} on the server's own node (during a transfer it also holds ports
     * on the destination), the primary first and the others in their order.
     */
    public List<Allocation> ownAllocations(List<Allocation> all) {
        return all.stream().filter(a -> a.nodeId().equals(nodeId))
                .sorted(java.util.Comparator.comparing((Allocation a) -> !a.id().equals(allocationId))).toList();
    }

    /** Whether its users may add a port to the {@code held} ones (Pterodactyl's 400 when not). */
    public void requireRoomForAllocation(int held) {
        if (held >= featureLimits.allocations()) {
            throw ApiException.badRequest("Cannot assign additional allocations to this server: limit has been reached.");
        }
    }

    /** Makes one of its own ports the primary one. */
    public void primary(Allocation allocation) {
        if (!allocation.nodeId().equals(nodeId) || !uuid.toString().equals(allocation.serverUuid())) {
            throw new IllegalStateException("Allocation " + allocation.id() + " is not server " + id + "'s own");
        }
        allocationId = allocation.id();
    }

    /** Refuses (400, as Pterodactyl) removing the primary port, or any port while no allocation limit is set. */
    public void requireRemovable(Allocation allocation) {
        if (featureLimits.allocations() == 0) {
            throw ApiException.badRequest("You cannot delete allocations for this server: no allocation limit is set.");
        }
        if (allocation.id().equals(allocationId)) {
            throw ApiException.badRequest("You cannot delete the primary allocation for this server.");
        }
    }

    /** A new name and, when given, description. */
    public void rename(String newName, String newDescription) {
        name = newName;
        if (newDescription != null) {
            description = newDescription;
        }
    }

    /** Sets one egg variable's value, keeping the others and their order. */
    public void variable(String envVariable, String value) {
        Map<String, String> values = environmentMap();
        values.put(envVariable, value);
        environment(values);
    }

    /**
     * Runs another of the egg's images (Pterodactyl's 400s): only when the current one is among
     * them too, as an image an administrator set by hand is theirs to change.
     */
    public void image(String image, java.util.Collection<String> eggImages) {
        if (!eggImages.contains(dockerImage)) {
            throw ApiException.badRequest("This server's Docker image has been manually set by an administrator and cannot "
                    + "be updated.");
        }
        if (!eggImages.contains(image)) {
            throw ApiException.badRequest("The selected docker image is not one of this server's egg's images.");
        }
        dockerImage = image;
    }

    /** Assigned by the database; Pterodactyl's integer internal_id. */
    @Column(name = "internal_id", insertable = false, updatable = false)
    public Long internalId;
}
