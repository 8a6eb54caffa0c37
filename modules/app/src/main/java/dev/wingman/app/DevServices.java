package dev.wingman.app;

import io.helidon.common.Weighted;
import io.helidon.spi.HelidonShutdownHandler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The embedded defaults: with no WINGMAN_DATABASE_URL an embedded PostgreSQL (real binaries) and
 * with no WINGMAN_REDIS_URL an embedded redis-server, both keeping their data under
 * WINGMAN_DATA_DIR (default {@code ./data}) so that a restart keeps accounts. For development and
 * trials; production names its servers.
 */
final class DevServices {
    private static final Logger LOG = Logger.getLogger(DevServices.class.getName());

    private DevServices() {
    }

    static void startMissing() throws IOException {
        Path dataDir = Path.of(firstNonNull(Settings.get("wingman.data-dir"), "data")).toAbsolutePath();
        if (Settings.get("wingman.database.url") == null) {
            Path pgData = dataDir.resolve("postgres");
            EmbeddedDatabase postgres = EmbeddedDatabase.start(pgData);
            stopAfterThePanel("embedded PostgreSQL", postgres::close);
            System.setProperty("wingman.database.url", postgres.jdbcUrl());
            System.setProperty("javax.sql.DataSource.wingman.dataSource.user", "postgres");
            System.setProperty("javax.sql.DataSource.wingman.dataSource.password", "postgres");
            LOG.info("Database: embedded PostgreSQL at " + postgres.jdbcUrl() + ", data in " + pgData);
        } else {
            LOG.info("Database: " + redact(System.getProperty("wingman.database.url")));
        }
        if (Settings.get("wingman.redis.url") == null) {
            Path redisData = Files.createDirectories(dataDir.resolve("redis"));
            int port = freePort();
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir " + redisData)
                    .setting("appendonly yes")
                    .build();
            redis.start();
            stopAfterThePanel("embedded Redis", () -> stop(redis));
            System.setProperty("wingman.redis.url", "redis://127.0.0.1:" + port);
            LOG.info("Redis: embedded redis-server on port " + port + ", data in " + redisData);
        } else {
            LOG.info("Redis: " + redact(Settings.get("wingman.redis.url")));
        }
    }

    /**
     * Stops an embedded service once the panel has stopped, rather than in a shutdown hook of its
     * own: JVM shutdown hooks run at the same time, and the panel drains its requests in flight
     * (which need the database) before it stops. Helidon's shutdown hook runs its handlers in
     * order of weight, heaviest first; the CDI container's weighs 200.
     */
    private static void stopAfterThePanel(String name, Runnable stop) {
        io.helidon.Main.addShutdownHandler(new AfterThePanel(name, stop));
    }

    private record AfterThePanel(String name, Runnable stop) implements HelidonShutdownHandler, Weighted {
        @Override
        public void shutdown() {
            stop.run();
        }

        @Override
        public double weight() {
            return 1;
        }

        @Override
        public String toString() {
            return "stop the " + name;
        }
    }

    private static String redact(String url) {
        // Up to the last "@": a password may hold "/" or "@" (unencoded) and must not show.
        return url.replaceFirst("//.*@", "//***@").replaceAll("password=[^&]*", "password=***");
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An embedded PostgreSQL whose data directory outlives it. */
    static final class EmbeddedDatabase implements AutoCloseable {
        private final EmbeddedPostgres postgres;

        private EmbeddedDatabase(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        static EmbeddedDatabase start(Path dataDirectory) throws IOException {
            return new EmbeddedDatabase(EmbeddedPostgres.builder()
                    .setDataDirectory(Files.createDirectories(dataDirectory))
                    .setCleanDataDirectory(false)
                    // Stopped after the panel (stopAfterThePanel), not by a JVM shutdown hook of its own.
                    .setRegisterShutdownHook(false)
                    .setPort(freePort())
                    .start());
        }

        String jdbcUrl() {
            return postgres.getJdbcUrl("postgres", "postgres");
        }

        @Override
        public void close() {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void stop(RedisServer redis) {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
