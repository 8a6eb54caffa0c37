/**
 * Nodes: the registry of Wings agents, their tokens and config.yml, health from a fleet-wide
 * heartbeat monitor, port allocations, node-wide operations, and the one Wings client with a
 * circuit breaker, bulkhead and timeout per node. Other modules use only {@code api}.
 * Inside, {@code internal} holds the node core (nodes, their spec, store, endpoints, tokens and
 * config.yml, availability); {@code internal.heartbeats}, {@code .reboots}, {@code .allocations}
 * and {@code .wings} (the Wings client, its HTTP and per-node guards) are concepts of their own.
 */
module dev.wingman.nodes {
    requires transitive dev.wingman.platform;
    requires transitive dev.wingman.auth;
    requires transitive dev.wingman.organisations;
    requires jakarta.annotation;
    requires org.hibernate.orm.core;
    requires jakarta.json;
    requires java.logging;
    requires java.net.http;
    requires microprofile.metrics.api;
    requires org.yaml.snakeyaml;

    exports dev.wingman.nodes.api;

    opens dev.wingman.nodes.api to weld.core.impl, io.helidon.microprofile.cdi, org.eclipse.yasson;
    opens dev.wingman.nodes.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.nodes.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.nodes.internal.allocations to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.nodes.internal.heartbeats to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.nodes.internal.reboots to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.nodes.internal.wings to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
