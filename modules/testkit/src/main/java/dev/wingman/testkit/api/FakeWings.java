package dev.wingman.testkit.api;

import dev.wingman.testkit.internal.wings.Consoles;
import dev.wingman.testkit.internal.wings.Listener;
import dev.wingman.testkit.internal.wings.NodeApi;
import dev.wingman.testkit.internal.wings.NodeToken;
import dev.wingman.testkit.internal.wings.PanelClient;
import dev.wingman.testkit.internal.wings.Servers;
import dev.wingman.testkit.internal.wings.SimulatedServer;
import dev.wingman.testkit.internal.wings.Transfers;
import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

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
 *
 * <p>This class is the façade; each Wings surface is a class in
 * {@code dev.wingman.testkit.internal.wings}: {@code NodeApi} (HTTP routes), {@code Servers} and
 * {@code SimulatedServer} (power, commands, install, sync), {@code ServerFiles} (the file routes over a
 * real directory per server), {@code ServerBackups} (backups of that directory, restores, their signed downloads), {@code Consoles} and {@code Console}
 * (the WebSocket), {@code Transfers}, {@code PanelClient} (calls to the panel's remote API),
 * {@code NodeToken} (the token and JWT checks) and {@code Listener} (the port and the fault modes).
 */
public final class FakeWings implements AutoCloseable {

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
        private final SimulatedServer simulated;

        Server(SimulatedServer simulated) {
            this.simulated = simulated;
        }

        public String uuid() {
            return simulated.uuid();
        }

        public String state() {
            return simulated.state();
        }

        public Server state(String newState) {
            simulated.state(newState);
            return this;
        }

        /** Ignores stop: stays stopping until killed. */
        public Server stubborn(boolean value) {
            simulated.stubborn(value);
            return this;
        }

        /** Power actions fail with 500. */
        public Server broken(boolean value) {
            simulated.broken(value);
            return this;
        }

        public Server suspended(boolean value) {
            simulated.suspended(value);
            return this;
        }

        /** A line the server printed: kept for {@code send logs} and sent to connected consoles while it runs. */
        public Server print(String line) {
            simulated.print(line);
            return this;
        }

        /** Power actions received, in order (HTTP and console). */
        public List<String> powerLog() {
            return simulated.powerLog();
        }

        /** Remote downloads the panel asked for ({@code POST /files/pull} bodies), in order. */
        public List<JsonObject> pulls() {
            return simulated.pulls();
        }

        /** Console commands received, in order (HTTP and console). */
        public List<String> commands() {
            return simulated.commands();
        }

        /** How many times the panel asked Wings to re-fetch this server's configuration. */
        public int syncs() {
            return simulated.syncs();
        }

        /** How many reinstalls the panel asked for (taken or refused). */
        public int reinstalls() {
            return simulated.reinstalls();
        }

        /** The configuration Wings last fetched from the panel (when the server was created, or at its last sync), or null. */
        public JsonObject configuration() {
            return simulated.configuration();
        }

        /** Whether the install was reported to the panel. */
        public boolean installed() {
            return simulated.installed();
        }

        /** Whether an outgoing transfer is running. */
        public boolean transferring() {
            return simulated.transferring();
        }

        /** Whether this server's archive was pushed to a destination that accepted it. */
        public boolean transferPushed() {
            return simulated.transferPushed();
        }

        /** The destination URL of the last outgoing transfer, or null. */
        public String transferredTo() {
            return simulated.transferredTo();
        }

        /**
         * The server's data directory, a real one that the file routes read and write: put files
         * here to list or read them through the panel, and read here what the panel wrote.
         */
        public java.nio.file.Path files() {
            return simulated.files();
        }

        /**
         * Whether file contents are sent in chunks without a Content-Length, which Go Wings never
         * does: for the panel's relay of an answer whose length it cannot know beforehand.
         */
        public Server contentsWithoutLength(boolean chunked) {
            simulated.contentsWithoutLength = chunked;
            return this;
        }

        /** Console WebSocket connections open now. */
        public int consoles() {
            return simulated.consoles();
        }
    }

    private final NodeToken node;
    private final PanelClient panel;
    private final Servers servers;
    private final Consoles consoles;
    private final Transfers transfers;
    private final NodeApi api;
    private final Listener listener;
    /** One {@link Server} per simulated server, so that asking twice answers the same object. */
    private final Map<String, Server> views = new ConcurrentHashMap<>();

    private FakeWings(String token, int port, Duration expiryCheck) {
        node = new NodeToken(token);
        panel = new PanelClient(node);
        servers = new Servers(panel);
        consoles = new Consoles(servers, node, expiryCheck);
        transfers = new Transfers(servers, node, panel);
        api = new NodeApi(node, servers, panel, consoles, transfers);
        try {
            listener = new Listener(port, api, consoles);
        } catch (RuntimeException e) {
            consoles.close();
            throw e;
        }
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
    public static void main(String[] args) throws IOException, InterruptedException {
        int first = Integer.parseInt(args[0]);
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Mode mode = args.length > 3 ? Mode.valueOf(args[3]) : Mode.UP;
        List<FakeWings> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            agents.add(start(args[1], first + i).mode(mode));
            System.out.println("FakeWings listening on " + agents.get(i).url() + " (" + mode + ")");
        }
        var commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
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
                    LockSupport.parkNanos(wait);
                }
            }
            Instant now = Instant.now();
            String line = "bench " + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000) + " " + n;
            servers.all().forEach(s -> s.print(line));
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return listener.port();
    }

    public String token() {
        return node.token();
    }

    /** Requests received so far (including rejected ones). */
    public int requests() {
        return listener.requests();
    }

    /** Requests received so far with this method and path, e.g. {@code "GET /api/system"} (the heartbeat). */
    public int requests(String methodAndPath) {
        return listener.requests(methodAndPath);
    }

    /** Configurations pushed with {@code POST /api/update}, oldest first. */
    public List<JsonObject> configurationUpdates() {
        return api.configurationUpdates();
    }

    /** JWT ids the panel revoked with {@code ws/deny}. */
    public Set<String> deniedJtis() {
        return consoles.deniedJtis();
    }

    /**
     * Points this agent at a panel, as config.yml's {@code remote} and {@code token_id} do: creating a
     * server then fetches its configuration from {@code GET /api/remote/servers/{uuid}} (a failure
     * answers 500, as Go Wings does) and reports the install to {@code POST .../install}.
     */
    public FakeWings panel(String url, String panelTokenId) {
        panel.attach(url, panelTokenId);
        return this;
    }

    /**
     * Makes incoming transfers fail after the archive arrived, as a failed extraction does: the
     * destination reports failure to the panel and answers the source 500.
     */
    public FakeWings failIncomingTransfers(boolean fail) {
        transfers.failIncoming(fail);
        return this;
    }

    /** Holds outgoing transfers before they send anything until {@link #releaseTransfers()} (or a cancel). */
    public FakeWings holdTransfers() {
        transfers.hold();
        return this;
    }

    public FakeWings releaseTransfers() {
        transfers.release();
        return this;
    }

    /** Server uuids this agent received by transfer and reported as succeeded. */
    public List<String> incomingTransfers() {
        return transfers.incoming();
    }

    /** While true, backups and restores run but are never reported to the panel (a node that hangs mid-backup). */
    public FakeWings holdBackupReports(boolean hold) {
        api.backups().holdReports(hold);
        return this;
    }

    /** While true, backups report failure to the panel. */
    public FakeWings failBackups(boolean fail) {
        api.backups().failBackups(fail);
        return this;
    }

    /** While true, deleting a backup's archive fails with Wings' 500 (a node whose disk refuses it). */
    public FakeWings failBackupDeletes(boolean fail) {
        api.backups().failDeletes(fail);
        return this;
    }

    /** Holds deletes of backup archives until {@link #releaseBackupDeletes()}, so a test can act while one runs. */
    public FakeWings holdBackupDeletes() {
        api.backups().holdDeletes();
        return this;
    }

    public FakeWings releaseBackupDeletes() {
        api.backups().releaseDeletes();
        return this;
    }

    /** The archive of a backup in the node's backup folder (outside every server's data); it may not exist. */
    public java.nio.file.Path backupArchive(String backupUuid) {
        return api.backups().archive(backupUuid);
    }

    /** Makes installs report failure to the panel. */
    public FakeWings failInstalls(boolean fail) {
        servers.failInstalls(fail);
        return this;
    }

    /**
     * What Wings does when it boots: {@code POST /api/remote/servers/reset}, then every page of
     * {@code GET /api/remote/servers} (starting at page 0, as Go Wings does). Answers the server
     * configurations the panel listed.
     */
    public List<JsonObject> boot() {
        return panel.boot();
    }

    /**
     * Sends one activity batch as Wings' activity cron does ({@code POST /api/remote/activity}):
     * each entry {@code {user, server, event, metadata, ip, timestamp}}.
     */
    public void sendActivity(List<JsonObject> entries) {
        panel.sendActivity(entries);
    }

    /**
     * Makes {@code POST /api/servers} answer 500, as Go Wings does when its synchronous fetch of the
     * server's configuration from the panel fails.
     */
    public FakeWings failCreates(boolean fail) {
        api.failCreates(fail);
        return this;
    }

    /** Refuses console connections whose {@code Origin} is not this (Go Wings' check); null accepts any (wings-rs). */
    public FakeWings requireOrigin(String origin) {
        consoles.requireOrigin(origin);
        return this;
    }

    public FakeWings mode(Mode newMode) {
        listener.mode(newMode);
        return this;
    }

    public Mode mode() {
        return listener.mode();
    }

    public FakeWings slowDelay(Duration delay) {
        listener.slowDelay(delay);
        return this;
    }

    /** How long a power action takes to be answered, after Wings took it. */
    public FakeWings powerReplyDelay(Duration delay) {
        servers.powerReplyDelay(delay);
        return this;
    }

    /** When requests with this method and path arrived, oldest first. */
    public List<Instant> requestTimes(String methodAndPath) {
        return listener.requestTimes(methodAndPath);
    }

    /** How long starting and stopping take. */
    public FakeWings transitionDelay(Duration delay) {
        servers.transitionDelay(delay);
        return this;
    }

    /** Adds a server as if the panel had created it. */
    public Server addServer(String uuid) {
        return view(servers.add(uuid));
    }

    public Server server(String uuid) {
        return view(servers.get(uuid));
    }

    /** Forgets a server, as if Wings had lost it (a wiped node). */
    public void removeServer(String uuid) {
        servers.remove(uuid);
    }

    public Map<String, Server> servers() {
        Map<String, Server> all = new LinkedHashMap<>();
        servers.all().forEach(s -> all.put(s.uuid(), view(s)));
        return Map.copyOf(all);
    }

    private Server view(SimulatedServer simulated) {
        if (simulated == null) {
            return null;
        }
        return views.compute(simulated.uuid(), (uuid, known) -> known != null && known.simulated == simulated ? known : new Server(simulated));
    }

    @Override
    public void close() {
        listener.close();
        consoles.close();
        servers.all().forEach(SimulatedServer::deleteFiles);
    }
}
