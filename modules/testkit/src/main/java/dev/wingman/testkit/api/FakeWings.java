package dev.wingman.testkit.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the Wings (Go, v1.11) node API as reference/wings-protocol.md
 * describes it: {@code Bearer <token>} checks (401 missing, 403 wrong), {@code /api/system},
 * {@code /api/update}, {@code /api/servers} and the per-server endpoints, with Wings' status codes
 * and {@code {"error": ...}} bodies. It keeps simulated servers with power states and stats, and
 * can be told to go down, hang, answer slowly or fail with 500. Several can run at once; each
 * listens on its own port. The console WebSocket is not simulated yet.
 */
public final class FakeWings implements AutoCloseable {
    private static final Pattern SERVER = Pattern.compile("/api/servers/([^/]+)(/.*)?");
    private static final Pattern UUID_V4 = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final String NOT_FOUND = "The requested resource does not exist on this instance.";

    /** How the fake answers every request. */
    public enum Mode {
        /** Normal service. */
        UP,
        /** The port is closed: connections are refused. */
        DOWN,
        /** Requests are accepted and never answered (until the mode changes). */
        HANG,
        /** Every answer is delayed by {@link #slowDelay(Duration)}. */
        SLOW,
        /** Every request answers 500 like an unexpected Wings error. */
        FAIL
    }

    /** A simulated server and its state. */
    public static final class Server {
        final String uuid;
        volatile String state = "offline";
        volatile boolean suspended;
        /** Ignores stop: stays stopping until killed. */
        volatile boolean stubborn;
        /** Power actions fail with 500. */
        volatile boolean broken;
        final List<String> powerLog = new CopyOnWriteArrayList<>();
        final List<String> commands = new CopyOnWriteArrayList<>();
        final AtomicInteger syncs = new AtomicInteger();
        volatile long startedAt;

        Server(String uuid) {
            this.uuid = uuid;
        }

        public String uuid() {
            return uuid;
        }

        public String state() {
            return state;
        }

        public Server state(String state) {
            this.state = state;
            if ("running".equals(state)) {
                startedAt = System.currentTimeMillis();
            }
            return this;
        }

        public Server stubborn(boolean stubborn) {
            this.stubborn = stubborn;
            return this;
        }

        public Server broken(boolean broken) {
            this.broken = broken;
            return this;
        }

        /** Power actions received, in order. */
        public List<String> powerLog() {
            return List.copyOf(powerLog);
        }

        public List<String> commands() {
            return List.copyOf(commands);
        }

        /** How many times the panel asked Wings to re-fetch this server's configuration. */
        public int syncs() {
            return syncs.get();
        }
    }

    private final int port;
    private volatile String token;
    private volatile HttpServer server;
    private volatile Mode mode = Mode.UP;
    private volatile Duration slowDelay = Duration.ofMillis(200);
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    private volatile Duration transitionDelay = Duration.ofMillis(20);
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final List<JsonObject> configurationUpdates = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<String> deniedJtis = ConcurrentHashMap.newKeySet();

    private FakeWings(String token, int port) throws IOException {
        this.token = token;
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    /** Starts a fake Wings on a free port that accepts {@code Bearer <token>}. */
    public static FakeWings start(String token) {
        return start(token, 0);
    }

    public static FakeWings start(String token, int port) {
        try {
            return new FakeWings(token, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs fake Wings agents until killed, for benchmarks:
     * {@code FakeWings <first port> <token> [count [mode]]} starts {@code count} agents on consecutive
     * ports, in {@link Mode} {@code mode} (UP by default).
     */
    public static void main(String[] args) throws InterruptedException {
        int first = Integer.parseInt(args[0]);
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Mode mode = args.length > 3 ? Mode.valueOf(args[3]) : Mode.UP;
        for (int i = 0; i < count; i++) {
            FakeWings wings = start(args[1], first + i).mode(mode);
            System.out.println("FakeWings listening on " + wings.url() + " (" + mode + ")");
        }
        Thread.currentThread().join();
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
        return http;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String token() {
        return token;
    }

    /** Requests received so far (including rejected ones). */
    public int requests() {
        return requests.get();
    }

    /** Configurations pushed with {@code POST /api/update}, oldest first. */
    public List<JsonObject> configurationUpdates() {
        return List.copyOf(configurationUpdates);
    }

    /** JWT ids the panel revoked with {@code ws/deny}. */
    public Set<String> deniedJtis() {
        return Set.copyOf(deniedJtis);
    }

    public synchronized FakeWings mode(Mode newMode) {
        if (newMode == mode) {
            return this;
        }
        if (mode == Mode.HANG) {
            hangRelease.countDown();
        }
        if (newMode == Mode.HANG) {
            hangRelease = new CountDownLatch(1);
        }
        if (newMode == Mode.DOWN) {
            server.stop(0);
        } else if (mode == Mode.DOWN) {
            try {
                server = listen(port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        mode = newMode;
        return this;
    }

    public Mode mode() {
        return mode;
    }

    public FakeWings slowDelay(Duration delay) {
        this.slowDelay = delay;
        return this;
    }

    /** How long starting and stopping take. */
    public FakeWings transitionDelay(Duration delay) {
        this.transitionDelay = delay;
        return this;
    }

    /** Adds a server as if the panel had created it. */
    public Server addServer(String uuid) {
        return servers.computeIfAbsent(uuid, Server::new);
    }

    public Server server(String uuid) {
        return servers.get(uuid);
    }

    public Map<String, Server> servers() {
        return Map.copyOf(servers);
    }

    @Override
    public void close() {
        hangRelease.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            exchange.getResponseHeaders().set("X-Request-Id", UUID.randomUUID().toString());
            switch (mode) {
                case HANG -> {
                    hangRelease.await(10, TimeUnit.MINUTES);
                    return;
                }
                case SLOW -> Thread.sleep(slowDelay.toMillis());
                case FAIL -> {
                    error(exchange, 500, "An unexpected error was encountered while processing this request");
                    return;
                }
                default -> {
                }
            }
            if ("OPTIONS".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                error(exchange, 401, "The required authorization heads were not present in the request.");
                return;
            }
            if (!MessageDigest.isEqual(auth.substring(7).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                error(exchange, 403, "You are not authorized to access this endpoint.");
                return;
            }
            route(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (a timed-out panel call): nothing to answer
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/system") && method.equals("GET")) {
            json(exchange, 200, Json.createObjectBuilder().add("architecture", "amd64").add("cpu_count", 2)
                    .add("kernel_version", "6.1.0-fake").add("os", "linux").add("version", "1.11.11").build());
        } else if (path.equals("/api/update") && method.equals("POST")) {
            JsonObject config = body(exchange);
            if (config == null) {
                return;
            }
            configurationUpdates.add(config);
            // Real Wings rewrites config.yml and uses the new token from then on.
            if (config.containsKey("token") && !config.isNull("token")) {
                token = config.getString("token");
            }
            json(exchange, 200, Json.createObjectBuilder().add("applied", true).build());
        } else if (path.equals("/api/servers") && method.equals("GET")) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            servers.values().forEach(s -> list.add(serverJson(s)));
            json(exchange, 200, list.build());
        } else if (path.equals("/api/servers") && method.equals("POST")) {
            JsonObject request = body(exchange);
            if (request == null) {
                return;
            }
            String uuid = request.getString("uuid", "");
            if (!UUID_V4.matcher(uuid).matches()) {
                error(exchange, 422, "The data provided in the request could not be validated.");
                return;
            }
            Server created = addServer(uuid);
            if (request.getBoolean("start_on_completion", false)) {
                created.state("running");
            }
            empty(exchange, 202);
        } else {
            Matcher m = SERVER.matcher(path);
            if (!m.matches()) {
                error(exchange, 404, "The requested resource does not exist on this instance.");
                return;
            }
            Server target = servers.get(m.group(1));
            if (target == null) {
                error(exchange, 404, NOT_FOUND);
                return;
            }
            serverRoute(exchange, method, m.group(2) == null ? "" : m.group(2), target);
        }
    }

    private void serverRoute(HttpExchange exchange, String method, String action, Server target) throws IOException {
        switch (method + " " + action) {
            case "GET " -> json(exchange, 200, serverJson(target));
            case "DELETE " -> {
                servers.remove(target.uuid);
                empty(exchange, 204);
            }
            case "POST /power" -> power(exchange, target);
            case "POST /commands" -> {
                JsonObject request = body(exchange);
                if (request == null) {
                    return;
                }
                if (!"running".equals(target.state) && !"starting".equals(target.state)) {
                    error(exchange, 502, "Cannot send commands to a stopped server instance.");
                    return;
                }
                request.getJsonArray("commands").getValuesAs(jakarta.json.JsonString.class)
                        .forEach(c -> target.commands.add(c.getString()));
                empty(exchange, 204);
            }
            case "POST /sync" -> {
                target.syncs.incrementAndGet();
                empty(exchange, 204);
            }
            case "POST /reinstall" -> empty(exchange, 202);
            case "POST /ws/deny" -> {
                JsonObject request = body(exchange);
                if (request == null) {
                    return;
                }
                request.getJsonArray("jtis").getValuesAs(jakarta.json.JsonString.class).forEach(j -> deniedJtis.add(j.getString()));
                empty(exchange, 204);
            }
            default -> error(exchange, 404, NOT_FOUND);
        }
    }

    private void power(HttpExchange exchange, Server target) throws IOException {
        JsonObject request = body(exchange);
        if (request == null) {
            return;
        }
        String action = request.getString("action", "");
        if (!Set.of("start", "stop", "restart", "kill").contains(action)) {
            error(exchange, 422, "The power action provided was not valid, should be one of \"stop\", \"start\", \"restart\", \"kill\"");
            return;
        }
        if (target.suspended && (action.equals("start") || action.equals("restart"))) {
            error(exchange, 400, "Cannot start or restart a server that is suspended.");
            return;
        }
        if (target.broken) {
            error(exchange, 500, "An unexpected error was encountered while processing this request");
            return;
        }
        target.powerLog.add(action);
        switch (action) {
            case "start" -> {
                if ("offline".equals(target.state)) {
                    transition(target, "starting", "running");
                }
            }
            case "stop" -> {
                if (!"offline".equals(target.state)) {
                    transition(target, "stopping", target.stubborn ? null : "offline");
                }
            }
            case "restart" -> {
                target.state = "stopping";
                transition(target, "starting", "running");
            }
            default -> target.state("offline");
        }
        empty(exchange, 202);
    }

    /** Moves to {@code now}, then after the transition delay to {@code then} (unless something else changed it). */
    private void transition(Server target, String now, String then) {
        target.state(now);
        if (then == null) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(transitionDelay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (target) {
                if (now.equals(target.state)) {
                    target.state(then);
                }
            }
        });
    }

    private JsonObject serverJson(Server s) {
        boolean up = !"offline".equals(s.state);
        JsonObjectBuilder utilization = Json.createObjectBuilder()
                .add("memory_bytes", up ? 536870912L : 0).add("memory_limit_bytes", 1610612736L)
                .add("cpu_absolute", up ? 12.5 : 0)
                .add("network", Json.createObjectBuilder().add("rx_bytes", up ? 1024 : 0).add("tx_bytes", up ? 2048 : 0))
                .add("uptime", up ? System.currentTimeMillis() - s.startedAt : 0).add("state", s.state)
                .add("disk_bytes", 1048576L);
        return Json.createObjectBuilder().add("state", s.state).add("is_suspended", s.suspended)
                .add("utilization", utilization)
                .add("configuration", Json.createObjectBuilder().add("uuid", s.uuid).add("suspended", s.suspended))
                .build();
    }

    private static JsonObject body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length == 0) {
            error(exchange, 400, "The data passed in the request was not in a parsable format. Please try again.");
            return null;
        }
        try (var reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (JsonException | ClassCastException e) {
            error(exchange, 400, "The data passed in the request was not in a parsable format. Please try again.");
            return null;
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Json.createObjectBuilder().add("error", message).build());
    }

    private static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static void json(HttpExchange exchange, int status, JsonValue body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
