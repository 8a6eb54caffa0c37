package dev.wingman.servers.internal;

import dev.wingman.nodes.api.Allocation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Servers as Wingman's own API shows them. */
public final class ServerViews {
    private ServerViews() {
    }

    public record Limits(int memory, int swap, int disk, int io, int cpu) {
        static Limits of(ServerLimits limits) {
            return new Limits(limits.memoryMib(), limits.swapMib(), limits.diskMib(), limits.ioWeight(), limits.cpuPercent());
        }
    }

    public record Port(String id, String ip, int port) {
    }

    /**
     * status: installing, install_failed, reinstall_failed, restoring_backup, or null once installed.
     * state: what Wings last reported (offline, starting, running, stopping), unknown when its node did not
     * answer, null before the first report; stateObservedAt: when. transferNodeId: the node a transfer in
     * flight is moving the server to (changes are refused meanwhile), else null. Pterodactyl's feature_limits, as
     * {@code PATCH} names them: databaseLimit (databases), allocationLimit (how many ports its users may hold
     * through the client API, the primary included) and backupLimit (backups; null: wingman.backups.default-limit).
     */
    public record View(String id, String uuid, String identifier, String name, String description, String ownerId,
                       String organisationId, String nodeId, String eggId, String dockerImage, String startup,
                       Map<String, String> environment, Limits limits, int databaseLimit, int allocationLimit, Integer backupLimit,
                       List<Port> allocations, String status,
                       boolean suspended, String transferNodeId, String state, Instant stateObservedAt, Instant createdAt, Instant updatedAt) {
    }

    /** hidden: the environment names this viewer may not see (the egg's hidden variables, for anyone but server admins). */
    public static View of(Server s, List<Allocation> allocations, java.util.Optional<ServerStates.Observed> observed,
                          java.util.Set<String> hidden) {
        Map<String, String> environment = new java.util.LinkedHashMap<>(s.environmentMap());
        environment.keySet().removeAll(hidden);
        return new View(s.id, s.uuid.toString(), s.identifier, s.name, s.description, s.ownerId, s.organisationId, s.nodeId,
                s.eggId, s.dockerImage, s.startup, environment,
                Limits.of(s.limits), s.featureLimits.databases(), s.featureLimits.allocations(), s.featureLimits.backups(),
                allocations.stream().map(a -> new Port(a.id(), a.ip(), a.port())).toList(), s.status().stored(), s.suspended,
                s.transferNodeId,
                observed.map(ServerStates.Observed::state).orElse(null),
                observed.map(ServerStates.Observed::at).orElse(null), s.createdAt, s.updatedAt);
    }
}
