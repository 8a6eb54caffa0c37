/** Test support only: PostgreSQL and Redis for tests (local servers or embedded), an HTTP API client, fake third-party APIs (Cloudflare, DNS) and a fake Wings node agent, and {@code PanelTest}, the base of every module's panel tests. */
module dev.wingman.testkit {
    requires transitive dev.wingman.auth;
    requires transitive org.junit.jupiter.api;
    requires io.helidon.config.mp;
    requires transitive java.net.http;
    requires transitive jakarta.json;
    requires java.sql;
    requires embedded.postgres;
    requires embedded.redis;
    requires org.postgresql.jdbc;
    requires jdk.httpserver;
    requires org.dnsjava;
    requires io.helidon.http;
    requires io.helidon.common.uri;
    requires io.helidon.webserver;
    requires io.helidon.webserver.websocket;
    requires io.helidon.websocket;

    requires io.helidon.common;

    exports dev.wingman.testkit.api;

    opens dev.wingman.testkit.api to weld.core.impl, io.helidon.microprofile.cdi;

    provides io.helidon.webserver.http1.spi.Http1UpgradeProvider
            with dev.wingman.testkit.internal.RoutingFirstWsUpgradeProvider;
}
