package dev.wingman.servers.internal.console;

import dev.wingman.servers.api.ServersPermissions;
import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.auth.api.CredentialVerifier;
import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.Wings;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.InstanceTimers;
import dev.wingman.platform.api.ShutdownOrder;
import dev.wingman.servers.internal.AuditTrailScopes;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.client.ClientServers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console proxy for clients that cannot reach a node themselves. One {@link Bridge} per
 * client socket: it authenticates the panel credential, opens Wings' console with a JWT of its
 * own, relays events both ways, answers Wings' token warnings by re-authenticating itself (the
 * console never freezes), re-checks the credential and the caller's access at an interval and
 * closes when either is gone or the server is suspended. Output is relayed one frame at a time:
 * the next frame is read from Wings only after the client has taken the previous one, so a slow
 * client slows its own stream (Wings drops lines for slow readers) instead of filling memory.
 */
@ApplicationScoped
public class ConsoleProxy {
    private static final Logger LOG = Logger.getLogger(ConsoleProxy.class.getName());
    /**
     * Close codes in the private range, 4000 + the HTTP status they resemble: 4001 credential
     * refused, 4003 no access, 4004 unknown server, 4408 no credential in time or idle too long,
     * 4429 too many sockets for the account, 4502 Wings unreachable.
     */
    public static final int UNAUTHORIZED = 4001;
    public static final int FORBIDDEN = 4003;
    public static final int NOT_FOUND = 4004;
    public static final int TIMEOUT = 4408;
    public static final int TOO_MANY = 4429;
    public static final int UPSTREAM = 4502;
    /**
     * 1012 (Service Restart): this instance is shutting down. The client reconnects, and the load
     * balancer, which already sees this instance not ready, sends it to another one.
     */
    public static final int RESTART = CloseReason.CloseCodes.SERVICE_RESTART.getCode();
    public static final String RESTARTING = "This panel instance is restarting; reconnect";
    private static final Set<String> REFRESH_EVENTS = Set.of("token expiring", "token expired");

    @Inject
    CredentialVerifier credentials;

    @Inject
    ClientServers servers;

    @Inject
    NodeDirectory nodes;

    @Inject
    Wings wings;

    @Inject
    ConsoleCredentials console;

    @Inject
    ServerStore store;

    @Inject
    AuditTrail audit;

    @Inject
    MetricRegistry metrics;

    @Inject
    CurrentRequest request;

    @Inject
    ConsoleProxy self;

    @Inject
    @ConfigProperty(name = "wingman.console.proxy.check-interval", defaultValue = "PT10S")
    Duration checkInterval;

    @Inject
    @ConfigProperty(name = "wingman.console.proxy.auth-timeout", defaultValue = "PT10S")
    Duration authTimeout;

    @Inject
    @ConfigProperty(name = "wingman.console.proxy.idle-timeout", defaultValue = "PT10M")
    Duration idleTimeout;

    @Inject
    @ConfigProperty(name = "wingman.console.proxy.max-sockets-per-user", defaultValue = "20")
    int maxSocketsPerUser;

    @Inject
    @ConfigProperty(name = "wingman.public-url", defaultValue = "http://localhost:8080")
    String panelUrl;

    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    /** Every console socket this instance holds, authenticated or not, so shutdown can close each with a reason. */
    private final Set<Session> sockets = ConcurrentHashMap.newKeySet();
    /** Shutdown began: sockets are closed with {@link #RESTART} and no new one is taken. */
    private volatile boolean closing;
    /** Open bridges per account on this instance; a slot is taken before Wings is dialled. */
    private final Map<String, Integer> socketsPerUser = new ConcurrentHashMap<>();
    /**
     * This instance's timers for its own sockets (auth deadline, permission re-checks, token
     * refresh, idle close): per-socket state that dies with the instance, so not jobs, but the
     * shared {@link InstanceTimers} rather than an executor of its own.
     */
    @Inject
    InstanceTimers timers;

    /** A refusal before the bridge opens: the close code and reason the client gets. */
    public static final class Refused extends Exception {
        private final int code;

        Refused(int code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    @PostConstruct
    void init() {
        metrics.gauge("wingman.console.sessions", bridges, Map::size);
    }

    /**
     * Closes a socket that has not authenticated within {@code wingman.console.proxy.auth-timeout};
     * the endpoint cancels the answer once a bridge opens.
     */
    public Future<?> awaitCredential(Session client, java.util.function.BooleanSupplier authenticated) {
        return timers.after(authTimeout, () -> {
            if (!authenticated.getAsBoolean() && client.isOpen()) {
                closeQuietly(client, TIMEOUT, "No credential within " + seconds(authTimeout));
            }
        });
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    static void closeQuietly(Session client, int code, String reason) {
        try {
            client.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // already gone, or going: nothing to close, and nothing that may stop a shutdown
        }
    }

    private boolean takeSlot(String userId) {
        boolean[] taken = {false};
        socketsPerUser.compute(userId, (id, open) -> {
            int now = open == null ? 0 : open;
            if (now >= maxSocketsPerUser) {
                return open;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void releaseSlot(String userId) {
        socketsPerUser.computeIfPresent(userId, (id, open) -> open <= 1 ? null : open - 1);
    }

    /**
     * A socket opened. False once this instance is shutting down: the socket is then closed with
     * {@link #RESTART} at once, so the client reconnects elsewhere.
     */
    public boolean accept(Session client) {
        sockets.add(client);
        if (closing) {
            sockets.remove(client);
            closeQuietly(client, RESTART, RESTARTING);
            return false;
        }
        return true;
    }

    /** A socket closed, whichever side closed it. */
    public void forget(Session client) {
        sockets.remove(client);
    }

    /**
     * At shutdown, once readiness is DOWN and the load balancer had its pre-stop delay to notice
     * ({@link ShutdownOrder#CLOSE_CONNECTIONS}): every console socket is closed with 1012 and a
     * reason, its Wings console with it, and none is taken any more. Before the instance timers
     * stop, so the bridges' timers are cancelled rather than dropped.
     */
    void closeForShutdown(@Observes @Priority(ShutdownOrder.CLOSE_CONNECTIONS) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        closing = true;
        int open = sockets.size();
        closeAll();
        if (open > 0) {
            LOG.info("Shutting down: closed " + open + " console socket(s) with " + RESTART + " so their clients reconnect elsewhere");
        }
    }

    /**
     * Closes every socket, each on a virtual thread of its own and all within {@link #CLOSE_ALL_WITHIN}:
     * a close frame is a blocking write, and a client that stopped reading must not hold up the
     * shutdown (what is not closed by then is dropped when the server stops).
     */
    private void closeAll() {
        List<Thread> closing = new java.util.ArrayList<>();
        for (Session client : List.copyOf(sockets)) {
            Bridge bridge = bridges.get(client.getId());
            closing.add(Thread.ofVirtual().start(() -> {
                if (bridge != null) {
                    bridge.close(RESTART, RESTARTING);
                } else {
                    closeQuietly(client, RESTART, RESTARTING);
                }
            }));
            sockets.remove(client);
        }
        for (Bridge bridge : List.copyOf(bridges.values())) {
            closing.add(Thread.ofVirtual().start(() -> bridge.close(RESTART, RESTARTING)));
        }
        long deadline = System.nanoTime() + CLOSE_ALL_WITHIN.toNanos();
        for (Thread thread : closing) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    LOG.warning("Shutting down: console sockets still closing after " + CLOSE_ALL_WITHIN + "; going on");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final Duration CLOSE_ALL_WITHIN = Duration.ofSeconds(2);

    @PreDestroy
    void stop() {
        closing = true;
        closeAll();
    }

    /**
     * Authenticates, checks access and opens Wings' console; the bridge then relays until either
     * side closes. A WebSocket message is not an HTTP request, so the request context (which the
     * audit trail reads the actor from) is opened here for the socket's caller.
     */
    @ActivateRequestContext
    public Bridge open(Session client, String reference, String credential) throws Refused {
        if (closing) {
            throw new Refused(RESTART, RESTARTING);
        }
        CredentialVerifier.Verdict verdict = credentials.verify(credential);
        if (!verdict.accepted()) {
            throw new Refused(UNAUTHORIZED, verdict.reason());
        }
        Caller caller = verdict.caller();
        request.identify(Ids.newId(), "unknown", "console-proxy", "api/client/servers/" + reference + "/ws");
        request.authenticate(caller);
        ClientServers.Access access;
        try {
            access = servers.access(caller, reference);
        } catch (ApiException e) {
            throw new Refused(NOT_FOUND, "Server not found");
        }
        if (!ServerPermissions.grants(access.permissions(), "websocket.connect")) {
            throw new Refused(FORBIDDEN, "You do not have permission to connect to this server's websocket.");
        }
        if (access.server().suspended) {
            throw new Refused(FORBIDDEN, "This server is suspended.");
        }
        NodeInfo node = nodes.find(access.server().nodeId).orElseThrow(() -> new Refused(UPSTREAM, "Node not available"));
        if (!takeSlot(caller.userId())) {
            throw new Refused(TOO_MANY, "Too many console sockets open for this account (at most " + maxSocketsPerUser + ")");
        }
        Bridge bridge = new Bridge(client, credential, caller, access.server(), node, access.permissions());
        // Registered first, so that whichever way it ends (refused below, or closed by either side
        // at any moment) its close gives the account's slot back exactly once.
        bridges.put(client.getId(), bridge);
        try {
            bridge.connect();
        } catch (RuntimeException e) {
            bridge.discard();
            LOG.log(Level.INFO, "Console proxy could not open Wings' console on node " + node.id() + ": " + e);
            throw new Refused(UPSTREAM, "Could not reach Wings on node '" + node.name() + "'");
        }
        if (closing) {
            // Shutdown's sweep may have run while Wings was dialled: this bridge would outlive it.
            bridge.discard();
            throw new Refused(RESTART, RESTARTING);
        }
        audit.record(AuditTrailScopes.server(access.server().id), ServersPermissions.ACTIVITY_CONSOLE_SESSION, "server", access.server().id,
                Map.of(ServerActivity.API_MARK, caller.apiKeyId() != null));
        return bridge;
    }

    /** The credential still works, the caller as they are now still has console access, and the server is not suspended. */
    @ActivateRequestContext
    public void recheck(Bridge bridge) {
        var verdict = credentials.verify(bridge.credential);
        if (!verdict.accepted()) {
            bridge.close(UNAUTHORIZED, "Your session or API key is no longer valid");
            return;
        }
        // The caller as they are now (roles, suspension, memberships), not as they were when the socket opened.
        Caller fresh = verdict.caller();
        Server current = store.find(bridge.server.id);
        if (current == null) {
            bridge.close(NOT_FOUND, "The server was deleted");
            return;
        }
        if (current.suspended) {
            bridge.close(FORBIDDEN, "The server was suspended");
            return;
        }
        try {
            List<String> now = servers.access(fresh, bridge.server.id).permissions();
            if (!ServerPermissions.grants(now, "websocket.connect")) {
                bridge.close(FORBIDDEN, "Your access to this server was revoked");
                return;
            }
            bridge.permissions = now;
        } catch (ApiException e) {
            bridge.close(FORBIDDEN, "Your access to this server was revoked");
        }
    }

    /** One client socket and its Wings console. */
    public final class Bridge implements WebSocket.Listener {
        private final Session client;
        private final String credential;
        private final Caller caller;
        private final Server server;
        private final NodeInfo node;
        private volatile List<String> permissions;
        private volatile WebSocket upstream;
        private final StringBuilder partial = new StringBuilder();
        private final Object sendLock = new Object();
        private Future<?> checks;
        private Future<?> refresh;
        private Future<?> idle;
        /** When a frame last went either way; the socket closes after idle-timeout without one. */
        private volatile long lastFrame = System.nanoTime();
        private volatile boolean closed;
        /** Wings answers every re-authentication with "auth success"; the client needs only the first. */
        private volatile boolean authConfirmed;

        Bridge(Session client, String credential, Caller caller, Server server, NodeInfo node, List<String> permissions) {
            this.client = client;
            this.credential = credential;
            this.caller = caller;
            this.server = server;
            this.node = node;
            this.permissions = permissions;
        }

        void connect() {
            // Through the node's guard (breaker, timeouts, kind=console meters), like every Wings call.
            upstream = wings.console(node.id(), server.uuid.toString(), panelUrl, this);
            authenticateUpstream();
            checks = timers.every("console-recheck", checkInterval, this::recheck);
            idle = timers.after(idleTimeout, this::checkIdle);
        }

        /** Closes the socket once no frame went either way for idle-timeout; otherwise looks again when it could be. */
        private void checkIdle() {
            if (closed) {
                return;
            }
            long left = idleTimeout.toNanos() - (System.nanoTime() - lastFrame);
            if (left <= 0) {
                close(TIMEOUT, "Idle for " + seconds(idleTimeout));
            } else {
                idle = timers.after(Duration.ofNanos(left), this::checkIdle);
            }
        }

        /** Sends Wings a fresh JWT and plans the next one ahead of its expiry, in case a warning is missed. */
        private void authenticateUpstream() {
            String token = console.token(caller, server, node, permissions);
            sendUpstream(JSON.createObjectBuilder().add("event", "auth").add("args", JSON.createArrayBuilder().add(token))
                    .build().toString());
            if (refresh != null) {
                refresh.cancel(false);
            }
            long lifetime = console.lifetime().toMillis();
            long ahead = Math.max(lifetime / 2, lifetime - 60_000);
            refresh = timers.after(Duration.ofMillis(ahead), this::authenticateUpstream);
        }

        /** A frame from the client: everything but {@code auth} (the proxy authenticates itself) goes to Wings. */
        public void fromClient(String text) {
            if (closed) {
                return;
            }
            lastFrame = System.nanoTime();
            try (var reader = JSON.createReader(new StringReader(text))) {
                if ("auth".equals(reader.readObject().getString("event", ""))) {
                    return;
                }
            } catch (JsonException | ClassCastException e) {
                return; // Wings ignores what it cannot parse; so does the proxy
            }
            sendUpstream(text);
        }

        private void sendUpstream(String text) {
            synchronized (sendLock) {
                upstream.sendText(text, true).join();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                relay(frame);
            }
            // Back-pressure: ask Wings for the next frame only once this one was handed to the client.
            webSocket.request(1);
            return null;
        }

        private void relay(String frame) {
            try (var reader = JSON.createReader(new StringReader(frame))) {
                JsonObject event = reader.readObject();
                String name = event.getString("event", "");
                if (REFRESH_EVENTS.contains(name) || ("jwt error".equals(name) && mentionsExpiry(event))) {
                    authenticateUpstream();
                    return;
                }
                if ("auth success".equals(name)) {
                    if (authConfirmed) {
                        return;
                    }
                    authConfirmed = true;
                }
            } catch (JsonException | ClassCastException e) {
                return;
            }
            lastFrame = System.nanoTime();
            try {
                client.getBasicRemote().sendText(frame);
            } catch (IOException | IllegalStateException e) {
                close(CloseReason.CloseCodes.GOING_AWAY.getCode(), "client went away");
            }
        }

        private boolean mentionsExpiry(JsonObject event) {
            return event.get("args") instanceof JsonArray args && args.toString().contains("exp claim is invalid");
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            close(statusCode == 1000 ? CloseReason.CloseCodes.NORMAL_CLOSURE.getCode() : UPSTREAM,
                    reason == null || reason.isBlank() ? "Wings closed the console" : reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            close(UPSTREAM, "Lost the connection to Wings");
        }

        private void recheck() {
            try {
                self.recheck(this);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Console access check failed; will retry", e);
            }
        }

        /** Ends the bridge without touching the client socket, which the caller closes itself. */
        void discard() {
            closed = true;
            release();
        }

        private void release() {
            if (bridges.remove(client.getId(), this)) {
                releaseSlot(caller.userId());
            }
            for (Future<?> task : new Future<?>[] {checks, refresh, idle}) {
                if (task != null) {
                    task.cancel(false);
                }
            }
            WebSocket wingsConsole = upstream;
            if (wingsConsole != null) {
                // A close frame first, so Wings ends the console at once rather than when it next
                // writes to a dropped connection; the connection is dropped once it went, or soon.
                wingsConsole.sendClose(WebSocket.NORMAL_CLOSURE, "panel closed the console")
                        .orTimeout(1, TimeUnit.SECONDS)
                        .whenComplete((sent, failure) -> wingsConsole.abort());
            }
        }

        public void close(int code, String reason) {
            if (closed) {
                return;
            }
            closed = true;
            release();
            if (client.isOpen()) {
                closeQuietly(client, code, reason); // it may close between the check and the close
            }
        }
    }
}
