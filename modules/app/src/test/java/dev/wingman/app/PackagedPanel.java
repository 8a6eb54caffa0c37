package dev.wingman.app;

import dev.wingman.testkit.api.TestServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged panel as an operator runs it: {@code java -jar target/wingman.jar} (with its
 * {@code libs/}) in a process of its own, on the JDK that runs Maven, configured only through
 * environment variables. Everything is the built-in default except the database and Redis: the
 * machine's servers named by {@code WINGMAN_TEST_DATABASE_URL} (a fresh database) and
 * {@code WINGMAN_TEST_REDIS_URL} (a key prefix of its own) when set, otherwise the embedded ones
 * the panel starts itself in a temporary {@code WINGMAN_DATA_DIR}. Its standard output and error
 * are kept in {@code target/it-logs/}.
 */
final class PackagedPanel implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final Path dataDir;

    private PackagedPanel(Process process, int port, Path log, Path dataDir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
    }

    /** Starts the jar with these extra environment variables; {@code name} names its log file. */
    static PackagedPanel start(String name, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        String database = System.getenv("WINGMAN_TEST_DATABASE_URL");
        if (database != null && !database.isBlank()) {
            env.put("WINGMAN_DATABASE_URL", TestServices.freshDatabase(database));
        }
        String redis = System.getenv("WINGMAN_TEST_REDIS_URL");
        if (redis != null && !redis.isBlank()) {
            env.put("WINGMAN_REDIS_URL", redis);
            env.put("WINGMAN_REDIS_KEY_PREFIX", "wingman-it:" + UUID.randomUUID().toString().substring(0, 8) + ":");
        }
        env.putAll(settings);
        return launch(name, freePort(), env);
    }

    /**
     * Starts the jar on {@code port} with exactly this environment (besides the port and a data
     * directory of its own): one of several panels sharing a database and Redis, or one started
     * again on its port after it was killed.
     */
    static PackagedPanel launch(String name, int port, Map<String, String> settings) {
        Path jar = Path.of(System.getProperty("wingman.it.jar", "target/wingman.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("libs"))) {
            throw new IllegalStateException(jar + " and its libs/ are missing: run the package phase first (./mvnw verify does)");
        }
        try {
            Path logs = Files.createDirectories(Path.of(System.getProperty("wingman.it.logs", "target/it-logs")));
            Path log = logs.resolve(name + ".log");
            Path dataDir = Files.createTempDirectory("wingman-it-");

            Map<String, String> env = new HashMap<>();
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("WINGMAN_DATA_DIR", dataDir.toString());
            env.putAll(settings);

            // The JDK running Maven (the pom passes its java.home), else this test JVM's.
            String javaHome = System.getProperty("wingman.it.java-home", System.getProperty("java.home"));
            String java = Path.of(javaHome, "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // Nothing of the build's own environment (another panel's settings) reaches the process.
            builder.environment().keySet().removeIf(key -> key.startsWith("WINGMAN_") || key.startsWith("SERVER_")
                    || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
            builder.environment().putAll(env);
            Process process = builder.start();
            // Should this JVM end before close() (an aborted build), the panel ends with it.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "packaged-panel-stop"));
            return new PackagedPanel(process, port, log, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Ends the process at once (SIGKILL): no shutdown hook runs, nothing is handed back. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dataDir);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return log;
    }

    /** Waits until {@code /health/ready} answers 200; fails at once if the process ends first. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(uri().resolve("/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The packaged panel exited with " + process.exitValue() + " before it was ready; "
                        + log + ":\n" + tail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new AssertionError("The packaged panel was not ready within " + timeout + "; " + log + ":\n" + tail());
    }

    /** Waits for the process to end by itself and answers its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The packaged panel was still running after " + timeout + "; " + log + ":\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM, as Kubernetes or an operator stops the panel, and returns at once. */
    void terminate() {
        process.destroy();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log lines that show a class missing from the jar's class path. */
    List<String> missingClasses() {
        return logText().lines()
                .filter(line -> line.contains("NoClassDefFoundError") || line.contains("ClassNotFoundException"))
                .toList();
    }

    String tail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /**
     * Stops the panel as an operator would (SIGTERM, so its shutdown hooks stop the embedded
     * PostgreSQL and Redis), forcibly after 20 s together with anything it started, then removes the
     * data directory.
     */
    @Override
    public void close() {
        List<ProcessHandle> started = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        stopOrphanedPostgres();
        deleteQuietly(dataDir);
    }

    /** pg_ctl detaches the embedded PostgreSQL from the panel; if the panel did not stop it, stop it by its pid file. */
    private void stopOrphanedPostgres() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(p -> {
                        p.destroy();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                    });
        } catch (IOException | RuntimeException ignored) {
            // nothing to stop
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
