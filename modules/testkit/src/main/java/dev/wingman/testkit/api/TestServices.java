package dev.wingman.testkit.api;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL and Redis every integration test in this JVM shares, started once.
 *
 * <ul>
 *   <li>{@code WINGMAN_TEST_DATABASE_URL} (a JDBC URL with rights to create databases): a fresh
 *   database is created on that server for this run and dropped at exit. Otherwise an embedded
 *   PostgreSQL (real binaries) is started.</li>
 *   <li>{@code WINGMAN_TEST_REDIS_URL}: that Redis is used, with a key prefix of its own per test
 *   class, so runs never see each other's counters. Otherwise an embedded redis-server is started.</li>
 * </ul>
 */
public final class TestServices {
    private static TestServices shared;

    private final String adminUrl;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String redisUrl;

    private TestServices(String adminUrl, String jdbcUrl, String user, String password, String redisUrl) {
        this.adminUrl = adminUrl;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.redisUrl = redisUrl;
    }

    public static synchronized TestServices get() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static TestServices start() {
        String adminUrl = System.getenv("WINGMAN_TEST_DATABASE_URL");
        String jdbcUrl;
        String serverUrl;
        String user = null;
        String password = null;
        if (adminUrl != null && !adminUrl.isBlank()) {
            jdbcUrl = freshDatabase(adminUrl);
            serverUrl = adminUrl;
        } else {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the process is ending anyway
                    }
                }));
                jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
                serverUrl = jdbcUrl;
                user = "postgres";
                password = "postgres";
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        String redisUrl = System.getenv("WINGMAN_TEST_REDIS_URL");
        if (redisUrl == null || redisUrl.isBlank()) {
            TestRedis redis = TestRedis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
            redisUrl = redis.url();
        }
        return new TestServices(serverUrl, jdbcUrl, user, password, redisUrl);
    }

    /**
     * Configuration for one test class's panel: these servers, a random port, a Redis key prefix of
     * its own, and rate limits high enough that tests sharing 127.0.0.1 do not trip each other.
     * Pass it from a {@code @AddConfigSource} method.
     */
    public Map<String, String> panelConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("config_ordinal", "1000");
        config.put("server.port", "0");
        config.put("wingman.database.url", jdbcUrl);
        if (user != null) {
            config.put("javax.sql.DataSource.wingman.dataSource.user", user);
            config.put("javax.sql.DataSource.wingman.dataSource.password", password);
        }
        config.put("wingman.redis.url", redisUrl);
        config.put("wingman.redis.key-prefix", "wingman-test:" + UUID.randomUUID().toString().substring(0, 8) + ":");
        // Every bucket a test does not set by name (wingman.rate-limits.<name>.limit) is lifted, so
        // a module's new limits need no list here.
        config.put("wingman.rate-limits.minimum", "100000");
        return config;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Another empty database on the same server, dropped when this JVM exits: its JDBC URL with the
     * credentials as parameters, for processes of their own (several panels sharing one database).
     */
    public String freshDatabaseUrl() {
        String url = freshDatabase(adminUrl);
        return url.contains("user=") ? url : url + (url.contains("?") ? "&" : "?") + "user=" + user + "&password=" + password;
    }

    /** The Redis URL tests share (use a key prefix of your own). */
    public String redisUrl() {
        return redisUrl;
    }

    /**
     * Creates an empty database on the server {@code adminUrl} names (a JDBC URL allowed to create
     * databases), dropped when this JVM exits, and answers its JDBC URL (the same parameters).
     */
    public static String freshDatabase(String adminUrl) {
        String database = "wingman_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(adminUrl, "create database " + database);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(adminUrl, database)));
        return withDatabase(adminUrl, database);
    }

    private static String withDatabase(String adminUrl, String database) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        String base = adminUrl.substring(0, slash);
        String params = query < 0 ? "" : adminUrl.substring(query);
        return base + "/" + database.toLowerCase(Locale.ROOT) + params;
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on WINGMAN_TEST_DATABASE_URL", e);
        }
    }

    private static void dropQuietly(String adminUrl, String database) {
        try {
            execute(adminUrl, "drop database if exists " + database + " with (force)");
        } catch (RuntimeException ignored) {
            // leaving a test database behind is not worth failing the build for
        }
    }
}
