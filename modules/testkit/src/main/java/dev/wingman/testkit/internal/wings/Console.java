package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One console connection, following Go Wings: nothing but {@code auth} is accepted until a token
 * is valid (HS256 with the node token, unexpired, not denied, with {@code websocket.connect});
 * frames are {@code {"event", "args"}} with string args.
 */
final class Console implements WsListener {
    private static final Pattern SOCKET = Pattern.compile("/api/servers/([^/]+)/ws");

    private final Consoles consoles;
    private final Servers servers;
    private final NodeToken node;
    private WsSession session;
    private SimulatedServer target;
    private volatile JsonObject claims;
    private volatile boolean authenticated;

    Console(Consoles consoles, Servers servers, NodeToken node) {
        this.consoles = consoles;
        this.servers = servers;
        this.node = node;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        Matcher m = SOCKET.matcher(prologue.uriPath().path());
        target = m.matches() ? servers.get(m.group(1)) : null;
        if (target == null) {
            throw new WsUpgradeException(Answers.NOT_FOUND);
        }
        String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
        String required = consoles.requiredOrigin();
        if (required != null && !required.equals(origin)) {
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
        try {
            frame = Answers.read(text);
        } catch (JsonException | ClassCastException e) {
            return; // Wings ignores frames it cannot parse
        }
        String event = frame.getString("event", "");
        List<String> args = frame.containsKey("args") && frame.get("args") instanceof JsonArray array
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
                    target.logLines().forEach(line -> emit("console output", line));
                }
            }
            case "send stats" -> emit("stats", target.stats().toString());
            case "send command" -> {
                if (allowed("control.console") && !args.isEmpty()) {
                    Servers.command(target, List.of(args.get(0)));
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
                    String refusal = servers.power(target, action);
                    if (refusal != null) {
                        emit("daemon error", "Error Event [" + target.uuid + "]: " + refusal.substring(4));
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Holds the connection's lock, so the expiry check never slips a frame in between auth success and what follows it. */
    private synchronized void authenticate(String jwt) {
        JsonObject verified = node.verifyJwt(jwt);
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
        Long deniedAt = consoles.deniedAt(verified.getString("jti", ""));
        if (issued < consoles.bootedAt || (deniedAt != null && issued <= deniedAt)) {
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
                emit("stats", target.stats().toString());
            }
        }
    }

    /** Wings' rule: the exact permission, or {@code *} for anything not starting with "admin". */
    private boolean allowed(String permission) {
        JsonObject current = claims;
        return authenticated && current != null && has(current, permission);
    }

    private static boolean has(JsonObject claims, String permission) {
        if (!(claims.get("permissions") instanceof JsonArray permissions)) {
            return false;
        }
        List<String> held = permissions.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        return held.contains(permission) || (held.contains("*") && !permission.startsWith("admin"));
    }

    /** Warns of a token expiring within a minute; an expired one is dropped with a jwt error. */
    synchronized void checkExpiry(long now) {
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

    /** The server was deleted: says so and closes the connection. */
    void serverDeleted() {
        emit("deleted", "null");
        session.close(1001, "server deleted");
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
