package dev.wingman.nodes.api;

import java.time.Instant;

/**
 * One reserved (node, ip, port); {@code serverUuid} is null while no server uses it.
 *
 * @param number a unique integer id, for Pterodactyl's client API which identifies allocations by number
 */
public record Allocation(String id, long number, String nodeId, String ip, int port, String serverUuid, String notes,
                         Instant createdAt) {
}
