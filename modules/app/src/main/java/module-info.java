/**
 * The assembly: the entry point and command line, the JAX-RS application and its OpenAPI
 * description, Flyway at start-up, configuration, and the embedded PostgreSQL and Redis that the
 * panel starts when none is configured.
 */
module dev.wingman.app {
    requires dev.wingman.platform;
    requires dev.wingman.auth;
    requires dev.wingman.organisations;
    requires dev.wingman.nodes;
    requires dev.wingman.servers;
    requires io.helidon;
    requires io.helidon.microprofile.server;
    requires io.helidon.microprofile.cdi;
    requires jakarta.annotation;
    requires java.logging;
    requires java.sql;
    requires flyway.core;
    requires embedded.postgres;
    requires embedded.redis;

    opens dev.wingman.app to weld.core.impl, io.helidon.microprofile.cdi, jersey.server;
}
