/** Test support only: PostgreSQL and Redis for tests (local servers or embedded), and an HTTP API client. */
module dev.wingman.testkit {
    requires transitive java.net.http;
    requires transitive jakarta.json;
    requires java.sql;
    requires embedded.postgres;
    requires embedded.redis;
    requires org.postgresql.jdbc;

    exports dev.wingman.testkit.api;
}
