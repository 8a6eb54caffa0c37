package dev.wingman.nodes.api;

/**
 * Reserves ports on a node. The database's unique (node, ip, port) constraint makes every
 * reservation exclusive: concurrent callers never receive the same port.
 */
public interface Allocations {

    /**
     * Reserves a port on the node.
     *
     * @param ip         one of the node's IPv4 addresses or an address in its IPv6 subnet; null for its first IPv4 address
     * @param port       a specific port (409 if taken); null for one of the node's range: for a server, as
     *                   {@link #assign} chooses it; for no server (an administrator's reservation), the lowest free one
     * @param serverUuid the server that will use it, or null
     * @param notes      the allocation's notes; null keeps those of a reservation given to the server
     */
    Allocation allocate(String nodeId, String ip, Integer port, String serverUuid, String notes);

    /** The allocations a server holds, oldest first. */
    java.util.List<Allocation> ofServer(String serverUuid);

    /** The allocations of many servers in one query, by server uuid (servers without any are absent). */
    java.util.Map<String, java.util.List<Allocation>> ofServers(java.util.Collection<String> serverUuids);

    /**
     * Frees the allocations a server holds on one node (the other side of a transfer keeps its own).
     * Like every release here: a port an administrator reserved stays on the node with no server and
     * no notes; one the panel created for the server is deleted.
     */
    int releaseServerOnNode(String serverUuid, String nodeId);

    /** Frees every allocation a server holds. */
    int releaseServer(String serverUuid);

    /**
     * Gives the server a port on {@code ip} of the node, as Pterodactyl's auto-assignment does: an
     * allocation of the node's port range on that IP that no server holds (one an administrator
     * reserved) first, else the lowest free port of the range. The same choice for every port a
     * server is given without naming one (its first at creation, one more through the client API,
     * a transfer's when its number is taken), so a reservation is never passed over. 409 when the
     * node has no range or none is free.
     */
    Allocation assign(String nodeId, String ip, String serverUuid);

    /** Sets the notes of an allocation the server holds (null clears them); empty when it holds no such allocation. */
    java.util.Optional<Allocation> annotate(String allocationId, String serverUuid, String notes);

    /**
     * Frees one allocation the server holds, so its port returns to the node (an administrator's
     * reservation stays, unassigned, to be assigned again); false when it holds no such allocation.
     */
    boolean releaseFromServer(String allocationId, String serverUuid);
}
