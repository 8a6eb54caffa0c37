package dev.wingman.servers.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

@Entity
@Table(name = "servers")
public class Server {
    @Id
    String id;
    @Column(nullable = false)
    UUID uuid;
    @Column(nullable = false)
    String identifier;
    @Column(nullable = false)
    String name;
    @Column(nullable = false)
    String description;
    @Column(name = "owner_id", nullable = false)
    String ownerId;
    @Column(name = "organisation_id")
    String organisationId;
    @Column(name = "node_id", nullable = false)
    String nodeId;
    @Column(name = "egg_id", nullable = false)
    String eggId;
    @Column(name = "allocation_id", nullable = false)
    String allocationId;
    @Column(name = "docker_image", nullable = false)
    String dockerImage;
    @Column(nullable = false)
    String startup;
    /** JSON object. */
    @Column(nullable = false)
    String environment;
    @Column(name = "memory_mib", nullable = false)
    int memoryMib;
    @Column(name = "swap_mib", nullable = false)
    int swapMib;
    @Column(name = "disk_mib", nullable = false)
    int diskMib;
    @Column(name = "io_weight", nullable = false)
    int ioWeight;
    @Column(name = "cpu_percent", nullable = false)
    int cpuPercent;
    @Column
    String status;
    @Column(nullable = false)
    boolean suspended;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    /** The egg variables' values, in the egg's order. */
    Map<String, String> environmentMap() {
        Map<String, String> values = new LinkedHashMap<>();
        ((JsonObject) EggFormat.parse(environment)).forEach((k, v) -> values.put(k, ((JsonString) v).getString()));
        return values;
    }

    /** Assigned by the database; Pterodactyl's integer internal_id. */
    @Column(name = "internal_id", insertable = false, updatable = false)
    Long internalId;
}
