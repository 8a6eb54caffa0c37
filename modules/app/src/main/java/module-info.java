/**
 * The assembly: the modules that ship, the entry point and command line, and the embedded
 * PostgreSQL and Redis that the panel starts when none is configured. The JAX-RS application,
 * the persistence unit, Flyway and the base configuration are platform's.
 *
 * <p>It requires only the modules app's own code and tests use (Main: platform and auth; the
 * panel tests here: nodes and servers). A module is shipped by app's pom dependency, not by a line
 * here: the panel runs on the class path, and the descriptor shapes compilation only.
 */
module dev.wingman.app {
    requires dev.wingman.platform;
    requires dev.wingman.auth;
    requires dev.wingman.nodes;
    requires dev.wingman.servers;
    requires io.helidon;
    requires io.helidon.common;
    requires io.helidon.microprofile.server;
    requires io.helidon.microprofile.cdi;
    requires jakarta.annotation;
    requires java.logging;
    requires java.sql;
    requires embedded.postgres;
    requires embedded.redis;

    opens dev.wingman.app to weld.core.impl, io.helidon.microprofile.cdi, jersey.server;
}
