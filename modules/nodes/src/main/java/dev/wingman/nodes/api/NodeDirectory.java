package dev.wingman.nodes.api;

import dev.wingman.platform.api.Caller;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Read access to the node registry for other modules (placement, servers, status pages). */
public interface NodeDirectory {

    Optional<NodeInfo> find(String nodeId);

    /**
     * As {@link #find}, from a per-instance cache dropped on every instance whenever the node is
     * edited: for views that show a node's name, addresses and flags on every request. Its health
     * and last-check fields may be minutes old; use {@link #find} to decide anything on health.
     */
    Optional<NodeInfo> describe(String nodeId);

    /** Calls {@code listener} with a node's id on this instance whenever any instance edits or removes that node. */
    void onChange(Consumer<String> listener);

    /**
     * The nodes the caller may place a server on, for a server owned by {@code organisationId}
     * (null: a personal server): by portal tier and node type (enterprise accounts use the paid
     * types for personal servers), all types for node administrators; an organisation's
     * enterprise nodes only ever for that organisation's servers; only healthy nodes open for
     * deployments and not in maintenance. Whether the caller may create servers in the
     * organisation is the caller's check.
     */
    List<NodeInfo> available(Caller caller, String organisationId);

    /**
     * The node whose Wings credentials these are ({@code Authorization: Bearer <tokenId>.<token>}
     * on the remote API), compared in constant time; empty when they match no node.
     */
    Optional<String> authenticateDaemon(String tokenId, String token);
}
