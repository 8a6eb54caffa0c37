package dev.wingman.testkit.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP and WebSocket server speaking the Wings (Go, v1.11) node API as
 * reference/wings-protocol.md describes it: {@code Bearer <token>} checks (401 missing, 403
 * wrong), {@code /api/system}, {@code /api/update}, {@code /api/servers} and the per-server
 * endpoints with Wings' status codes and {@code {"error": ...}} bodies, and the console WebSocket
 * ({@code /api/servers/{uuid}/ws}: the {@code auth} event with an HS256 JWT signed with the node
 * token, permission checks, {@code status}, {@code stats}, {@code console output}, commands and
 * power, token-expiry warnings and the {@code ws/deny} list). It keeps simulated servers with
 * power states and stats, and can be told to go down, hang, answer slowly or fail with 500.
 * Several can run at once; each listens on its own port.
 */
public final class FakeWings implements AutoCloseable {
    private static final Pattern SERVER = Pattern.compile("/api/servers/([^/]+)(/.*)?");
    private static final Pattern SOCKET = Pattern.compile("/api/servers/([^/]+)/ws");
    private static final Pattern UUID_V4 = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final String NOT_FOUND = "The requested resource does not exist on this instance.";
    private static final String UNEXPECTED = "An unexpected error was encountered while processing this request";
    private static final int LOG_LINES = 150;

    /** How the fake answers every HTTP request. */
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
    public final class Server {
        final String uuid;
        volatile String state = "offline";
        volatile boolean suspended;
        /** Ignores stop: stays stopping until killed. */
        volatile boolean stubborn;
        /** Power actions fail with 500. */
        volatile boolean broken;
        final List<String> powerLog = new CopyOnWriteArrayList<>();
        final List<String> commands = new CopyOnWriteArrayList<>();
        final Deque<String> log = new ArrayDeque<>();
        final AtomicInteger syncs = new AtomicInteger();
        final List<Console> consoles = new CopyOnWriteArrayList<>();
        volatile long startedAt;
        /** The configuration Wings last read from the panel (create or sync). */
        volatile JsonObject configuration;
        volatile boolean installed;
        /** An outgoing transfer is running (source side). */
        volatile boolean transferring;
        /** Where the last outgoing transfer was sent, and whether it was pushed. */
        volatile String transferredTo;
        volatile boolean transferPushed;

        Server(String uuid) {
            this.uuid = uuid;
        }

        public String uuid() {
            return uuid;
        }

        public String state() {
            return state;
        }

        public Server state(String newState) {
            boolean changed = !newState.equals(state);
            state = newState;
            if ("running".equals(newState)) {
                startedAt = System.currentTimeMillis();
            }
            if (changed) {
                consoles.forEach(c -> c.emit("status", newState));
                if ("offline".equals(newState)) {
                    consoles.forEach(c -> c.emit("stats", stats(this).toString()));
                }
            }
            return this;
        }

        public Server stubborn(boolean value) {
            this.stubborn = value;
            return this;
        }

        public Server broken(boolean value) {
            this.broken = value;
            return this;
        }

        public Server suspended(boolean value) {
            this.suspended = value;
            return this;
        }

        /** A line the server printed: kept for {@code send logs} and sent to connected consoles while it runs. */
        public Server print(String line) {
            synchronized (log) {
                log.addLast(line);
                while (log.size() > LOG_LINES) {
                    log.removeFirst();
                }
            }
            if (!"offline".equals(state)) {
                consoles.forEach(c -> c.emit("console output", line));
            }
            return this;
        }

        /** Power actions received, in order (HTTP and console). */
        public List<String> powerLog() {
            return List.copyOf(powerLog);
        }

        /** Console commands received, in order (HTTP and console). */
        public List<String> commands() {
            return List.copyOf(commands);
        }

        /** How many times the panel asked Wings to re-fetch this server's configuration. */
        public int syncs() {
            return syncs.get();
        }

        /** The configuration Wings fetched from the panel when the server was created, or null. */
        public JsonObject configuration() {
            return configuration;
        }

        /** Whether the install was reported to the panel. */
        public boolean installed() {
            return installed;
        }

        /** Whether an outgoing transfer is running. */
        public boolean transferring() {
            return transferring;
        }

        /** Whether this server's archive was pushed to a destination that accepted it. */
        public boolean transferPushed() {
            return transferPushed;
        }

        /** The destination URL of the last outgoing transfer, or null. */
        public String transferredTo() {
            return transferredTo;
        }

        /** Console WebSocket connections open now. */
        public int consoles() {
            return consoles.size();
        }
    }

    private final int port;
    private final long bootedAt = System.currentTimeMillis() / 1000;
    private volatile String token;
    private volatile WebServer server;
    private volatile Mode mode = Mode.UP;
    private volatile Duration slowDelay = Duration.ofMillis(200);
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);
    private volatile Duration transitionDelay = Duration.ofMillis(20);
    private volatile String requiredOrigin;
    private volatile boolean failCreates;
    private volatile boolean failInstalls;
    private volatile boolean failIncomingTransfers;
    private volatile CountDownLatch transferGate = new CountDownLatch(0);
    private final List<String> incomingTransfers = new CopyOnWriteArrayList<>();
    private volatile String panelUrl;
    private volatile String tokenId;
    private final java.net.http.HttpClient panelClient = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final List<JsonObject> configurationUpdates = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Denied JWT ids and when they were denied (epoch seconds): tokens issued before are refused. */
    private final Map<String, Long> deniedJtis = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiryTicker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("fake-wings-expiry").factory());

    private FakeWings(String token, int port, Duration expiryCheck) {
        this.token = token;
        this.server = listen(port);
        this.port = server.port();
        long every = expiryCheck.toMillis();
        expiryTicker.scheduleWithFixedDelay(this::checkExpiry, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts a fake Wings on a free port that accepts {@code Bearer <token>}. */
    public static FakeWings start(String token) {
        return start(token, 0);
    }

    public static FakeWings start(String token, int port) {
        return new FakeWings(token, port, Duration.ofSeconds(30));
    }

    /** As {@link #start(String)}, checking console tokens' expiry every {@code expiryCheck} instead of 30 s. */
    public static FakeWings start(String token, Duration expiryCheck) {
        return new FakeWings(token, 0, expiryCheck);
    }

    /**
     * Runs fake Wings agents until killed, for benchmarks:
     * {@code FakeWings <first port> <token> [count [mode]]} starts {@code count} agents on consecutive
     * ports, in {@link Mode} {@code mode} (UP by default). A mode name read on standard input switches
     * every agent of the process to it, so a benchmark can make a node hang without restarting it;
     * {@code PRINT <count> <per second>} makes every running server print benchmark lines.
     */
    public static void main(String[] args) throws java.io.IOException, InterruptedException {
        int first = Integer.parseInt(args[0]);
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Mode mode = args.length > 3 ? Mode.valueOf(args[3]) : Mode.UP;
        List<FakeWings> agents = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            agents.add(start(args[1], first + i).mode(mode));
            System.out.println("FakeWings listening on " + agents.get(i).url() + " (" + mode + ")");
        }
        var commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.strip().split("\\s+");
            if (command[0].equals("PRINT") && command.length == 3) {
                int lines = Integer.parseInt(command[1]);
                int perSecond = Integer.parseInt(command[2]);
                Thread.ofPlatform().name("fake-wings-print").start(() -> agents.forEach(agent -> agent.printBenchLines(lines, perSecond)));
            } else if (!line.isBlank()) {
                Mode next = Mode.valueOf(command[0]);
                agents.forEach(agent -> agent.mode(next));
                System.out.println("FakeWings now " + next);
            }
        }
        Thread.currentThread().join();
    }

    /**
     * Makes every running server print {@code count} lines {@code bench <epoch microseconds> <n>},
     * {@code perSecond} a second (0: as fast as the consoles take them), for the console benchmark:
     * a reader on the same machine subtracts the stamp from its own clock.
     */
    void printBenchLines(int count, int perSecond) {
        long started = System.nanoTime();
        for (int n = 0; n < count; n++) {
            if (perSecond > 0) {
                long due = started + n * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            java.time.Instant now = java.time.Instant.now();
            String line = "bench " + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000) + " " + n;
            servers.values().forEach(s -> s.print(line));
        }
    }

    private WebServer listen(int port) {
        return WebServer.builder()
                // A node agent of its own: none of the panel's server features (metrics, health, ...)
                // that happen to be on the class path, and no JVM shutdown hook.
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .host("127.0.0.1")
                .port(port)
                // Go Wings' sockets send small frames at once (Go sets TCP_NODELAY on every connection).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing -> routing.any(this::handle))
                .addRouting(WsRouting.builder().endpoint("/api/servers/{uuid}/ws", Console::new))
                .build()
                .start();
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
        return Set.copyOf(deniedJtis.keySet());
    }

    /**
     * Points this agent at a panel, as config.yml's {@code remote} and {@code token_id} do: creating a
     * server then fetches its configuration from {@code GET /api/remote/servers/{uuid}} (a failure
     * answers 500, as Go Wings does) and reports the install to {@code POST .../install}.
     */
    public FakeWings panel(String url, String panelTokenId) {
        this.panelUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.tokenId = panelTokenId;
        return this;
    }

    /**
     * Makes incoming transfers fail after the archive arrived, as a failed extraction does: the
     * destination reports failure to the panel and answers the source 500.
     */
    public FakeWings failIncomingTransfers(boolean fail) {
        this.failIncomingTransfers = fail;
        return this;
    }

    /** Holds outgoing transfers before they send anything until {@link #releaseTransfers()} (or a cancel). */
    public FakeWings holdTransfers() {
        this.transferGate = new CountDownLatch(1);
        return this;
    }

    public FakeWings releaseTransfers() {
        transferGate.countDown();
        return this;
    }

    /** Server uuids this agent received by transfer and reported as succeeded. */
    public List<String> incomingTransfers() {
        return List.copyOf(incomingTransfers);
    }

    /** Makes installs report failure to the panel. */
    public FakeWings failInstalls(boolean fail) {
        this.failInstalls = fail;
        return this;
    }

    /**
     * What Wings does when it boots: {@code POST /api/remote/servers/reset}, then every page of
     * {@code GET /api/remote/servers} (starting at page 0, as Go Wings does). Answers the server
     * configurations the panel listed.
     */
    public List<JsonObject> boot() {
        remote("POST", "/api/remote/servers/reset", "");
        List<JsonObject> loaded = new java.util.ArrayList<>();
        int page = 0;
        int lastPage = 1;
        do {
            JsonObject answer = remote("GET", "/api/remote/servers?page=" + page + "&per_page=2", null);
            loaded.addAll(answer.getJsonArray("data").getValuesAs(JsonObject.class));
            lastPage = answer.getJsonObject("meta").getInt("last_page");
            page = answer.getJsonObject("meta").getInt("current_page") + 1;
        } while (page <= lastPage);
        return loaded;
    }

    /**
     * Sends one activity batch as Wings' activity cron does ({@code POST /api/remote/activity}):
     * each entry {@code {user, server, event, metadata, ip, timestamp}}.
     */
    public void sendActivity(List<JsonObject> entries) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        entries.forEach(data::add);
        remote("POST", "/api/remote/activity", Json.createObjectBuilder().add("data", data).build().toString());
    }

    /** One call to the panel's remote API; throws when it does not answer 2xx. */
    private JsonObject remote(String method, String path, String body) {
        if (panelUrl == null) {
            throw new IllegalStateException("FakeWings is not attached to a panel");
        }
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(panelUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + tokenId + "." + token)
                .header("Accept", "application/vnd.pterodactyl.v1+json")
                .header("Content-Type", "application/json")
                .header("User-Agent", "Pterodactyl Wings/v1.11.11 (id:" + tokenId + ")")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            var response = panelClient.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("panel answered " + response.statusCode() + ": " + response.body());
            }
            if (response.body().isBlank()) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            try (var reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code POST /api/servers} answer 500, as Go Wings does when its synchronous fetch of the
     * server's configuration from the panel fails.
     */
    public FakeWings failCreates(boolean fail) {
        this.failCreates = fail;
        return this;
    }

    /** Refuses console connections whose {@code Origin} is not this (Go Wings' check); null accepts any (wings-rs). */
    public FakeWings requireOrigin(String origin) {
        this.requiredOrigin = origin;
        return this;
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
            server.stop();
        } else if (mode == Mode.DOWN) {
            server = listen(port);
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

    /** Forgets a server, as if Wings had lost it (a wiped node). */
    public void removeServer(String uuid) {
        servers.remove(uuid);
    }

    public Map<String, Server> servers() {
        return Map.copyOf(servers);
    }

    @Override
    public void close() {
        hangRelease.countDown();
        expiryTicker.shutdownNow();
        if (server.isRunning()) {
            server.stop();
        }
    }

    private void handle(ServerRequest req, ServerResponse res) {
        requests.incrementAndGet();
        res.header(HeaderNames.create("X-Request-Id"), UUID.randomUUID().toString());
        try {
            switch (mode) {
                case HANG -> {
                    hangRelease.await(10, TimeUnit.MINUTES);
                    return;
                }
                case SLOW -> Thread.sleep(slowDelay.toMillis());
                case FAIL -> {
                    error(res, 500, UNEXPECTED);
                    return;
                }
                default -> {
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String method = req.prologue().method().text();
        if ("OPTIONS".equals(method)) {
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (req.path().path().equals("/api/transfers") && method.equals("POST")) {
            receiveTransfer(req, res, auth.orElse(""));
            return;
        }
        if (auth.isEmpty() || !auth.get().startsWith("Bearer ")) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            error(res, 401, "The required authorization heads were not present in the request.");
            return;
        }
        if (!MessageDigest.isEqual(auth.get().substring(7).getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            error(res, 403, "You are not authorized to access this endpoint.");
            return;
        }
        route(req, res, method, req.path().path());
    }

    private void route(ServerRequest req, ServerResponse res, String method, String path) {
        if (path.equals("/api/system") && method.equals("GET")) {
            json(res, 200, Json.createObjectBuilder().add("architecture", "amd64").add("cpu_count", 2)
                    .add("kernel_version", "6.1.0-fake").add("os", "linux").add("version", "1.11.11").build());
        } else if (path.equals("/api/update") && method.equals("POST")) {
            JsonObject config = body(req, res);
            if (config == null) {
                return;
            }
            configurationUpdates.add(config);
            // Real Wings rewrites config.yml and uses the new token (and token id) from then on.
            if (config.containsKey("token") && !config.isNull("token")) {
                token = config.getString("token");
            }
            if (config.containsKey("token_id") && !config.isNull("token_id")) {
                tokenId = config.getString("token_id");
            }
            json(res, 200, Json.createObjectBuilder().add("applied", true).build());
        } else if (path.equals("/api/servers") && method.equals("GET")) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            servers.values().forEach(s -> list.add(serverJson(s)));
            json(res, 200, list.build());
        } else if (path.equals("/api/servers") && method.equals("POST")) {
            JsonObject request = body(req, res);
            if (request == null) {
                return;
            }
            String uuid = request.getString("uuid", "");
            if (failCreates) {
                error(res, 500, UNEXPECTED);
                return;
            }
            if (!UUID_V4.matcher(uuid).matches()) {
                error(res, 422, "The data provided in the request could not be validated.");
                return;
            }
            JsonObject configuration = null;
            if (panelUrl != null) {
                try {
                    configuration = remote("GET", "/api/remote/servers/" + uuid, null);
                } catch (RuntimeException e) {
                    error(res, 500, UNEXPECTED);
                    return;
                }
            }
            Server created = addServer(uuid);
            created.configuration = configuration;
            boolean start = request.getBoolean("start_on_completion", false);
            res.status(Status.ACCEPTED_202).send();
            if (panelUrl != null) {
                Thread.ofVirtual().start(() -> install(created, start, false));
            } else if (start) {
                created.state("running");
            }
        } else {
            Matcher m = SERVER.matcher(path);
            Server target = m.matches() ? servers.get(m.group(1)) : null;
            if (target == null) {
                error(res, 404, NOT_FOUND);
                return;
            }
            serverRoute(req, res, method + " " + (m.group(2) == null ? "" : m.group(2)), target);
        }
    }

    private void serverRoute(ServerRequest req, ServerResponse res, String route, Server target) {
        switch (route) {
            case "GET " -> json(res, 200, serverJson(target));
            case "DELETE " -> {
                servers.remove(target.uuid);
                target.consoles.forEach(c -> {
                    c.emit("deleted", "null");
                    c.session.close(1001, "server deleted");
                });
                res.status(Status.NO_CONTENT_204).send();
            }
            case "POST /power" -> {
                JsonObject request = body(req, res);
                if (request != null) {
                    String refusal = power(target, request.getString("action", ""));
                    if (refusal == null) {
                        res.status(Status.ACCEPTED_202).send();
                    } else {
                        error(res, refusal.startsWith("422 ") ? 422 : refusal.startsWith("400 ") ? 400 : 500,
                                refusal.substring(4));
                    }
                }
            }
            case "POST /commands" -> {
                JsonObject request = body(req, res);
                if (request == null) {
                    return;
                }
                if (!command(target, request.getJsonArray("commands").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString).toList())) {
                    error(res, 502, "Cannot send commands to a stopped server instance.");
                    return;
                }
                res.status(Status.NO_CONTENT_204).send();
            }
            case "POST /sync" -> {
                target.syncs.incrementAndGet();
                if (panelUrl != null && !resync(target)) {
                    error(res, 500, UNEXPECTED);
                    return;
                }
                res.status(Status.NO_CONTENT_204).send();
            }
            case "POST /reinstall" -> {
                // Wings holds one power lock per server: while a start or stop is still going, it refuses.
                if ("starting".equals(target.state) || "stopping".equals(target.state)) {
                    error(res, 409, "Cannot execute server reinstall event while another power action is running.");
                    return;
                }
                // Wings stops the server, then runs the installer again.
                target.state("offline");
                res.status(Status.ACCEPTED_202).send();
                if (panelUrl != null) {
                    Thread.ofVirtual().start(() -> install(target, false, true));
                }
            }
            case "POST /transfer" -> {
                JsonObject request = body(req, res);
                if (request == null) {
                    return;
                }
                if (target.transferring) {
                    error(res, 409, "A transfer is already in progress for this server.");
                    return;
                }
                target.transferring = true;
                target.transferredTo = request.getString("url", "");
                target.transferPushed = false;
                res.status(Status.ACCEPTED_202).send();
                String authorization = request.getString("token", "");
                Thread.ofVirtual().start(() -> pushTransfer(target, target.transferredTo, authorization));
            }
            case "DELETE /transfer" -> {
                if (!target.transferring) {
                    error(res, 409, "Server is not currently being transferred.");
                    return;
                }
                target.transferring = false;
                target.consoles.forEach(c -> c.emit("transfer status", "cancelled"));
                res.status(Status.ACCEPTED_202).send();
            }
            case "POST /ws/deny" -> {
                JsonObject request = body(req, res);
                if (request == null) {
                    return;
                }
                long now = System.currentTimeMillis() / 1000;
                request.getJsonArray("jtis").getValuesAs(JsonString.class).forEach(j -> deniedJtis.put(j.getString(), now));
                res.status(Status.NO_CONTENT_204).send();
            }
            default -> error(res, 404, NOT_FOUND);
        }
    }

    private static final String BOUNDARY = "fake-wings-transfer-boundary";

    /**
     * The source side of a transfer: stops the server, then streams its "archive" to the
     * destination as multipart form data (part {@code archive}, then {@code checksum}, the hex
     * SHA-256 of the archive) with the {@code Authorization} value the panel gave, verbatim. A push
     * the destination refuses, or that cannot connect, is reported to the panel as a failure.
     */
    private void pushTransfer(Server target, String url, String authorization) {
        target.consoles.forEach(c -> c.emit("transfer status", "processing"));
        target.state("offline");
        try {
            transferGate.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!target.transferring) {
            return; // cancelled while held
        }
        byte[] archive = ("fake archive of " + target.uuid + "\n" + String.join("\n", target.commands)).getBytes(StandardCharsets.UTF_8);
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"archive.tar.gz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"checksum\"\r\n\r\n" + sha256(archive)
                + "\r\n--" + BOUNDARY + "--\r\n";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(archive);
        body.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        boolean pushed;
        try {
            var response = panelClient.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            pushed = response.statusCode() == 200;
        } catch (java.io.IOException e) {
            pushed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        target.transferPushed = pushed;
        if (!pushed) {
            target.transferring = false;
            target.consoles.forEach(c -> c.emit("transfer status", "failed"));
            reportTransfer(target.uuid, false);
        }
    }

    /**
     * The destination side ({@code POST /api/transfers}): the JWT must be HS256 with this node's
     * token, unexpired, its {@code sub} the server's uuid; the checksum must match. It then reads
     * the server's configuration from the panel, keeps the server and reports success; anything
     * failing after the token check is reported as a failure.
     */
    private void receiveTransfer(ServerRequest req, ServerResponse res, String authorization) {
        JsonObject claims = authorization.startsWith("Bearer ") ? verifyJwt(authorization.substring(7)) : null;
        long now = System.currentTimeMillis() / 1000;
        if (claims == null || !claims.containsKey("exp") || claims.getJsonNumber("exp").longValue() < now
                || !UUID_V4.matcher(claims.getString("sub", "")).matches()) {
            error(res, 401, "The required authorization heads were not present in the request.");
            return;
        }
        String uuid = claims.getString("sub");
        Map<String, byte[]> parts = multipart(req.content().as(byte[].class),
                req.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
        byte[] archive = parts.get("archive");
        byte[] checksum = parts.get("checksum");
        boolean valid = archive != null && checksum != null
                && sha256(archive).equals(new String(checksum, StandardCharsets.UTF_8).strip());
        if (!valid || failIncomingTransfers) {
            reportTransfer(uuid, false);
            error(res, 500, UNEXPECTED);
            return;
        }
        try {
            JsonObject configuration = remote("GET", "/api/remote/servers/" + uuid, null);
            Server received = addServer(uuid);
            received.configuration = configuration;
            received.installed = true;
            reportTransfer(uuid, true);
            incomingTransfers.add(uuid);
        } catch (RuntimeException e) {
            servers.remove(uuid);
            reportTransfer(uuid, false);
            error(res, 500, UNEXPECTED);
            return;
        }
        res.status(Status.OK_200).send();
    }

    private void reportTransfer(String uuid, boolean successful) {
        try {
            remote("POST", "/api/remote/servers/" + uuid + "/transfer/" + (successful ? "success" : "failure"), "");
        } catch (RuntimeException e) {
            System.err.println("FakeWings: transfer report for " + uuid + " failed: " + e.getMessage());
        }
    }

    /** The named parts of a multipart/form-data body (enough of RFC 7578 for the transfer stream). */
    private static Map<String, byte[]> multipart(byte[] body, String contentType) {
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        Map<String, byte[]> parts = new java.util.HashMap<>();
        if (!m.find()) {
            return parts;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + m.group(1);
        for (String part : text.split(Pattern.quote(delimiter))) {
            int split = part.indexOf("\r\n\r\n");
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(part);
            if (split < 0 || !name.find() || name.start() > split) {
                continue;
            }
            String content = part.substring(split + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            parts.put(name.group(1), content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of an HS256 token signed with this node's token, or null if it is not one. */
    private JsonObject verifyJwt(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            try (var reader = Json.createReader(new StringReader(payload))) {
                return reader.readObject();
            }
        } catch (GeneralSecurityException | IllegalArgumentException | JsonException | ClassCastException e) {
            return null;
        }
    }

    /**
     * What Wings does on sync: re-reads the server from the panel and applies it; a server that
     * became suspended is stopped. False when the panel could not be read.
     */
    private boolean resync(Server target) {
        try {
            JsonObject configuration = remote("GET", "/api/remote/servers/" + target.uuid, null);
            target.configuration = configuration;
            target.suspended = configuration.getJsonObject("settings").getBoolean("suspended", false);
            if (target.suspended && !"offline".equals(target.state)) {
                target.state("offline");
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs the "installer" and reports it to the panel, as Wings does after creating a server. */
    private void install(Server server, boolean start, boolean reinstall) {
        try {
            Thread.sleep(transitionDelay.toMillis());
            server.consoles.forEach(c -> c.emit("install started", ""));
            server.consoles.forEach(c -> c.emit("install completed", ""));
            remote("POST", "/api/remote/servers/" + server.uuid + "/install",
                    Json.createObjectBuilder().add("successful", !failInstalls).add("reinstall", reinstall).build().toString());
            server.installed = true;
            if (start && !failInstalls) {
                server.state("running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            server.print("[Pterodactyl Daemon]: install report failed: " + e.getMessage());
        }
    }

    /** Applies a power action; null when accepted, else "<status> <message>". */
    private String power(Server target, String action) {
        if (!Set.of("start", "stop", "restart", "kill").contains(action)) {
            return "422 The power action provided was not valid, should be one of \"stop\", \"start\", \"restart\", \"kill\"";
        }
        if (target.suspended && (action.equals("start") || action.equals("restart"))) {
            return "400 Cannot start or restart a server that is suspended.";
        }
        if (target.broken) {
            return "500 " + UNEXPECTED;
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
                target.state("stopping");
                transition(target, "starting", "running");
            }
            default -> target.state("offline");
        }
        return null;
    }

    /** Writes commands to the server's console; false when it is offline. */
    private static boolean command(Server target, List<String> lines) {
        if (!"running".equals(target.state) && !"starting".equals(target.state)) {
            return false;
        }
        lines.forEach(line -> {
            target.commands.add(line);
            target.print("> " + line);
        });
        return true;
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

    private static JsonObject stats(Server s) {
        boolean up = !"offline".equals(s.state);
        return Json.createObjectBuilder()
                .add("memory_bytes", up ? 536870912L : 0).add("memory_limit_bytes", 1610612736L)
                .add("cpu_absolute", up ? 12.5 : 0)
                .add("network", Json.createObjectBuilder().add("rx_bytes", up ? 1024 : 0).add("tx_bytes", up ? 2048 : 0))
                .add("uptime", up ? System.currentTimeMillis() - s.startedAt : 0).add("state", s.state)
                .add("disk_bytes", 1048576L).build();
    }

    private static JsonObject serverJson(Server s) {
        return Json.createObjectBuilder().add("state", s.state).add("is_suspended", s.suspended)
                .add("utilization", stats(s))
                .add("configuration", Json.createObjectBuilder().add("uuid", s.uuid).add("suspended", s.suspended))
                .build();
    }

    private static JsonObject body(ServerRequest req, ServerResponse res) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (text.isBlank()) {
            error(res, 400, "The data passed in the request was not in a parsable format. Please try again.");
            return null;
        }
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | ClassCastException e) {
            error(res, 400, "The data passed in the request was not in a parsable format. Please try again.");
            return null;
        }
    }

    private static void error(ServerResponse res, int status, String message) {
        json(res, status, Json.createObjectBuilder().add("error", message).build());
    }

    private static void json(ServerResponse res, int status, JsonValue body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void checkExpiry() {
        long now = System.currentTimeMillis() / 1000;
        for (Server s : servers.values()) {
            for (Console console : s.consoles) {
                console.checkExpiry(now);
            }
        }
    }

    /**
     * One console connection, following Go Wings: nothing but {@code auth} is accepted until a
     * token is valid; frames are {@code {"event", "args"}} with string args.
     */
    private final class Console implements WsListener {
        private WsSession session;
        private Server target;
        private volatile JsonObject claims;
        private volatile boolean authenticated;

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            Matcher m = SOCKET.matcher(prologue.uriPath().path());
            target = m.matches() ? servers.get(m.group(1)) : null;
            if (target == null) {
                throw new WsUpgradeException(NOT_FOUND);
            }
            String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
            if (requiredOrigin != null && !requiredOrigin.equals(origin)) {
                throw new WsUpgradeException("request origin not allowed by Upgrader.CheckOrigin");
            }
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            target.consoles.add(this);
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            target.consoles.remove(this);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            JsonObject frame;
            try (var reader = Json.createReader(new StringReader(text))) {
                frame = reader.readObject();
            } catch (JsonException | ClassCastException e) {
                return; // Wings ignores frames it cannot parse
            }
            String event = frame.getString("event", "");
            List<String> args = frame.containsKey("args") && frame.get("args") instanceof jakarta.json.JsonArray array
                    ? array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList() : List.of();
            if (event.equals("auth")) {
                authenticate(String.join("", args));
                return;
            }
            if (!authenticated) {
                emit("jwt error", "jwt: no jwt present");
                return;
            }
            switch (event) {
                case "send logs" -> {
                    if ("running".equals(target.state)) {
                        List<String> lines;
                        synchronized (target.log) {
                            lines = List.copyOf(target.log);
                        }
                        lines.forEach(line -> emit("console output", line));
                    }
                }
                case "send stats" -> emit("stats", stats(target).toString());
                case "send command" -> {
                    if (allowed("control.console") && !args.isEmpty()) {
                        command(target, List.of(args.get(0)));
                    }
                }
                case "set state" -> {
                    String action = args.isEmpty() ? "" : args.get(0);
                    String needed = switch (action) {
                        case "start" -> "control.start";
                        case "restart" -> "control.restart";
                        default -> "control.stop";
                    };
                    // Without the permission Wings ignores the request silently.
                    if (allowed(needed)) {
                        String refusal = power(target, action);
                        if (refusal != null) {
                            emit("daemon error", "Error Event [" + target.uuid + "]: " + refusal.substring(4));
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void authenticate(String jwt) {
            JsonObject verified = verifyJwt(jwt);
            String prefix = "Error Event [" + target.uuid + "]: ";
            if (verified == null) {
                emit("daemon error", prefix + "an unexpected error was encountered while handling this request");
                return;
            }
            long now = System.currentTimeMillis() / 1000;
            if (!verified.containsKey("exp") || verified.getJsonNumber("exp").longValue() < now) {
                emit("jwt error", prefix + "jwt: exp claim is invalid");
                return;
            }
            long issued = verified.containsKey("iat") ? verified.getJsonNumber("iat").longValue() : 0;
            Long deniedAt = deniedJtis.get(verified.getString("jti", ""));
            if (issued < bootedAt || (deniedAt != null && issued <= deniedAt)) {
                emit("jwt error", prefix + "jwt: created too far in past (denylist)");
                return;
            }
            if (!has(verified, "websocket.connect")) {
                emit("jwt error", prefix + "jwt: missing connect permission");
                return;
            }
            boolean first = !authenticated;
            claims = verified;
            authenticated = true;
            emit("auth success");
            if (!target.uuid.equals(verified.getString("server_uuid", ""))) {
                emit("jwt error", "jwt: server uuid mismatch");
                authenticated = false;
                return;
            }
            if (first) {
                emit("status", target.state);
                if ("offline".equals(target.state)) {
                    emit("stats", stats(target).toString());
                }
            }
        }

        /** Wings' rule: the exact permission, or {@code *} for anything not starting with "admin". */
        private boolean allowed(String permission) {
            JsonObject current = claims;
            return authenticated && current != null && has(current, permission);
        }

        private static boolean has(JsonObject claims, String permission) {
            if (!(claims.get("permissions") instanceof jakarta.json.JsonArray permissions)) {
                return false;
            }
            List<String> held = permissions.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            return held.contains(permission) || (held.contains("*") && !permission.startsWith("admin"));
        }

        void checkExpiry(long now) {
            JsonObject current = claims;
            if (!authenticated || current == null) {
                return;
            }
            long exp = current.getJsonNumber("exp").longValue();
            if (exp < now) {
                // Go Wings replaces "token expired" with this jwt error, and drops the token.
                authenticated = false;
                emit("jwt error", "jwt: exp claim is invalid");
            } else if (exp - now <= 60) {
                emit("token expiring");
            }
        }

        synchronized void emit(String event, String... args) {
            JsonObjectBuilder frame = Json.createObjectBuilder().add("event", event);
            if (args.length > 0) {
                JsonArrayBuilder list = Json.createArrayBuilder();
                for (String arg : args) {
                    list.add(arg);
                }
                frame.add("args", list);
            }
            try {
                session.send(frame.build().toString(), true);
            } catch (RuntimeException e) {
                target.consoles.remove(this);
            }
        }
    }
}
