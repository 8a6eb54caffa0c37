/** Test support only: PostgreSQL and Redis for tests (local servers or embedded), an HTTP API client, and fake third-party APIs (Cloudflare). */
module dev.wingman.testkit {
    requires transitive java.net.http;
    requires transitive jakarta.json;
    requires java.sql;
    requires embedded.postgres;
    requires embedded.redis;
    requires org.postgresql.jdbc;
    requires jdk.httpserver;

    exports dev.wingman.testkit.api;
}
