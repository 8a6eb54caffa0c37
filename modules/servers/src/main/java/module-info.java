/**
 * Servers: eggs (server templates), servers and their lifecycle on Wings, the Pterodactyl-compatible
 * client API, the console, and the remote API Wings calls. Other modules use only {@code api}.
 * Inside, {@code internal} holds the server core (servers, their status, store, permissions,
 * quotas, live state, activity); each other concept has its own package: {@code internal.eggs},
 * {@code .console}, {@code .transfers}, {@code .backups}, {@code .subusers}, {@code .network} (ports), {@code .startup}
 * (startup and settings), {@code .remote} (what Wings calls and reads), {@code .databases} (database
 * hosts and servers' databases on them) and {@code .client} (the Pterodactyl client API's views and
 * list cache).
 */
module dev.wingman.servers {
    requires transitive dev.wingman.platform;
    requires transitive dev.wingman.auth;
    requires transitive dev.wingman.organisations;
    requires transitive dev.wingman.nodes;
    requires dev.wingman.billing;
    requires jakarta.annotation;
    requires org.hibernate.orm.core;
    requires jakarta.json;
    requires java.logging;
    requires java.net.http;
    requires java.sql;
    requires jakarta.websocket;
    requires microprofile.metrics.api;
    requires com.cronutils;

    exports dev.wingman.servers.api;

    opens dev.wingman.servers.api to weld.core.impl, io.helidon.microprofile.cdi, org.eclipse.yasson;
    opens dev.wingman.servers.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.servers.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.backups to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.client to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.console to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.databases to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.eggs to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.network to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.startup to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.remote to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.schedules to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.subusers to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.servers.internal.transfers to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
