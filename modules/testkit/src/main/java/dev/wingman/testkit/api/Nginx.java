package dev.wingman.testkit.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's nginx as the load balancer in front of several panels, as an operator would put it:
 * round robin over the upstreams, WebSocket upgrades passed through, a request that could not be
 * sent to one upstream (connection refused or reset) or that a stopping panel refused (503) tried
 * on the next. A request already sent is not sent again unless it is idempotent (nginx's default:
 * never a POST or PATCH), so a test sees what a client behind a real balancer sees when an instance
 * dies or stops. It also serves a fixed answer on
 * {@code /nginx-static}: the ceiling of what this machine can push through nginx at all.
 *
 * <p>The binary is {@code WINGMAN_TEST_NGINX}, else {@code /usr/sbin/nginx} or {@code nginx} on
 * the path, else Debian's package fetched with {@code apt-get download} and unpacked (no install,
 * no root needed to run it) under the system temporary directory, once per machine.
 */
public final class Nginx implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path prefix;

    private Nginx(Process process, int port, Path prefix) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
    }

    /** Balances a free port on 127.0.0.1 over the panels listening on these local ports. */
    public static Nginx balancing(List<Integer> upstreamPorts) {
        try {
            Path prefix = Files.createTempDirectory("wingman-nginx-");
            Files.createDirectories(prefix.resolve("logs"));
            int port = freePort();
            String upstreams = upstreamPorts.stream()
                    .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=2s;")
                    .collect(Collectors.joining("\n"));
            String conf = """
                    daemon off;
                    worker_processes 1;
                    error_log %1$s/logs/error.log warn;
                    pid %1$s/nginx.pid;
                    events { worker_connections 4096; }
                    http {
                      access_log off;
                      client_body_temp_path %1$s/body;
                      proxy_temp_path %1$s/proxy;
                      fastcgi_temp_path %1$s/fastcgi;
                      uwsgi_temp_path %1$s/uwsgi;
                      scgi_temp_path %1$s/scgi;
                      client_max_body_size 16m;
                      upstream wingman {
                    %2$s
                        keepalive 64;
                      }
                      map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
                      server {
                        listen 127.0.0.1:%3$d;
                        location = /nginx-static { default_type application/json; return 200 '{"ok":true}'; }
                        location / {
                          proxy_pass http://wingman;
                          proxy_http_version 1.1;
                          proxy_set_header Host $host;
                          proxy_set_header X-Forwarded-For $remote_addr;
                          proxy_set_header Upgrade $http_upgrade;
                          proxy_set_header Connection $connection_upgrade;
                          proxy_connect_timeout 2s;
                          proxy_read_timeout 60s;
                          proxy_next_upstream error timeout http_502 http_503;
                          proxy_next_upstream_tries 3;
                        }
                      }
                    }
                    """.formatted(prefix, upstreams, port);
            Path confFile = prefix.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            Process process = new ProcessBuilder(binary().toString(), "-p", prefix.toString(), "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "nginx-stop"));
            Nginx nginx = new Nginx(process, port, prefix);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** nginx's own error log: what it says of upstreams it gave up on. */
    public String errorLog() {
        try {
            return Files.readString(prefix.resolve("logs/error.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + readQuietly("logs/stdout.log")
                        + errorLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen within " + START + ": " + errorLog());
    }

    private String readQuietly(String file) {
        try {
            return Files.readString(prefix.resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    /** The nginx binary to run (see the class comment). */
    static synchronized Path binary() throws IOException {
        String configured = System.getenv("WINGMAN_TEST_NGINX");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path system = Path.of("/usr/sbin/nginx");
        if (Files.isExecutable(system)) {
            return system;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, "nginx");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path unpacked = Path.of(System.getProperty("java.io.tmpdir"), "wingman-test-nginx");
        Path binary = unpacked.resolve("usr/sbin/nginx");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        // Downloaded and unpacked in a folder of its own, then moved into place in one step, so another
        // JVM fetching at the same time never runs a half-written binary.
        Path work = Files.createTempDirectory(unpacked.getParent(), "wingman-test-nginx-");
        run(work, "apt-get", "download", "nginx");
        Path deb;
        try (Stream<Path> files = Files.list(work)) {
            deb = files.filter(f -> f.getFileName().toString().matches("nginx_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download nginx left no nginx_*.deb in " + work));
        }
        Path tree = work.resolve("tree");
        run(work, "dpkg-deb", "-x", deb.toString(), tree.toString());
        if (!Files.isExecutable(tree.resolve("usr/sbin/nginx"))) {
            throw new IOException("Debian's nginx package held no usr/sbin/nginx");
        }
        try {
            Files.move(tree, unpacked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isExecutable(binary)) {
                throw e; // not another JVM that got there first
            }
        }
        deleteQuietly(work);
        return binary;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("nginx is not installed and '" + String.join(" ", command)
                        + "' failed (install Debian's nginx or set WINGMAN_TEST_NGINX): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(prefix);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
