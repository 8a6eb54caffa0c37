package dev.wingman.nodes.rest;

import dev.wingman.nodes.api.NodeInfo;

import java.time.Instant;
import java.util.List;

/** A node in API answers. Never carries the token. */
public record NodeView(String id, String uuid, String name, String url, String backendWingsUrl, String fqdn, int sftpPort,
                       String nodeType, String organisationId, Integer portRangeStart, Integer portRangeEnd,
                       List<String> ipv4Addresses, String ipv6Subnet, long memory, int memoryOverallocate, long disk,
                       int diskOverallocate, Integer serverLimit, boolean deploymentsEnabled, boolean maintenance,
                       String wingsVersion, Health health, Instant createdAt, Instant updatedAt) {

    /**
     * @param status healthy, unhealthy or pending (no heartbeat yet)
     * @param lastStatus the latest heartbeat: ok, timeout or error
     */
    public record Health(String status, Instant lastCheckAt, String lastStatus, Integer lastResponseMs, String lastError) {
    }

    static NodeView of(NodeInfo n) {
        return new NodeView(n.id(), n.uuid(), n.name(), n.url(), n.backendUrl(), n.fqdn(), n.sftpPort(), n.nodeType(),
                n.organisationId(), n.portRangeStart(), n.portRangeEnd(), n.ipv4Addresses(), n.ipv6Subnet(), n.memoryMib(),
                n.memoryOverallocate(), n.diskMib(), n.diskOverallocate(), n.serverLimit(), n.deploymentsEnabled(),
                n.maintenance(), n.wingsVersion(),
                new Health(n.health().wire(), n.lastCheckAt(), n.lastStatus(), n.lastResponseMs(), n.lastError()),
                n.createdAt(), n.updatedAt());
    }
}
