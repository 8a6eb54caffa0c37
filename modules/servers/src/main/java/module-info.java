/**
 * Servers: eggs (server templates), servers and their lifecycle on Wings, the Pterodactyl-compatible
 * client API, the console, and the remote API Wings calls. Other modules use only {@code api}.
 */
module dev.wingman.servers {
    requires transitive dev.wingman.platform;
    requires transitive dev.wingman.auth;
    requires transitive dev.wingman.organisations;
    requires transitive dev.wingman.nodes;
    requires jakarta.annotation;
    requires jakarta.json;
    requires java.logging;
    requires java.net.http;
    requires jakarta.websocket;
    requires microprofile.metrics.api;

    exports dev.wingman.servers.api;

    opens dev.wingman.servers.api to weld.core.impl, io.helidon.microprofile.cdi, org.eclipse.yasson;
    opens dev.wingman.servers.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.servers.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
