package dev.wingman.nodes.api;

import java.time.Instant;

/** One reserved (node, ip, port); {@code serverUuid} is null while no server uses it. */
public record Allocation(String id, String nodeId, String ip, int port, String serverUuid, String notes,
                         Instant createdAt) {
}
