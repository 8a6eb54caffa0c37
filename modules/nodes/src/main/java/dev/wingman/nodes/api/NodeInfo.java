package dev.wingman.nodes.api;

import java.time.Instant;
import java.util.List;

/**
 * A node as other modules and API answers see it: everything except its token.
 *
 * @param url                 the Wings base URL users' browsers reach (console sockets)
 * @param backendUrl          where the panel reaches Wings, if different from {@code url}
 * @param memoryOverallocate  percent over {@code memoryMib} placement may allocate; -1 = no limit
 * @param serverLimit         at most this many servers, or null for no limit
 */
public record NodeInfo(String id, String uuid, String name, String url, String backendUrl, String fqdn, int sftpPort,
                       String nodeType, String organisationId, Integer portRangeStart, Integer portRangeEnd,
                       List<String> ipv4Addresses, String ipv6Subnet, long memoryMib, int memoryOverallocate,
                       long diskMib, int diskOverallocate, Integer serverLimit, boolean deploymentsEnabled,
                       boolean maintenance, String wingsVersion, NodeHealth health, Instant lastCheckAt,
                       String lastStatus, Integer lastResponseMs, String lastError, Instant createdAt,
                       Instant updatedAt) {

    /** Where the panel sends Wings calls. */
    public String wingsUrl() {
        return backendUrl != null ? backendUrl : url;
    }

    /** Whether placement may put new servers here. */
    public boolean schedulable() {
        return health == NodeHealth.HEALTHY && deploymentsEnabled && !maintenance;
    }
}
