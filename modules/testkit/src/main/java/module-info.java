/** Test support only: PostgreSQL and Redis for tests (local servers or embedded), an HTTP API client, fake third-party APIs (Cloudflare, DNS) and a fake Wings node agent (no Wingman module: platform's own tests use it too; {@code PanelTest} is in testkit-panel). */
module dev.wingman.testkit {
    requires transitive java.net.http;
    requires transitive jakarta.json;
    requires java.sql;
    requires embedded.postgres;
    requires embedded.redis;
    requires org.postgresql.jdbc;
    requires jdk.httpserver;
    requires org.dnsjava;
    requires org.apache.commons.compress;
    requires io.helidon.http;
    requires io.helidon.common.uri;
    requires io.helidon.webserver;
    requires io.helidon.webserver.websocket;
    requires io.helidon.websocket;

    requires io.helidon.common;

    exports dev.wingman.testkit.api;

    provides io.helidon.webserver.http1.spi.Http1UpgradeProvider
            with dev.wingman.testkit.internal.RoutingFirstWsUpgradeProvider;
}
