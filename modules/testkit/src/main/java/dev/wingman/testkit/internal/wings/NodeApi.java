package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wingman.testkit.internal.wings.Answers.error;
import static dev.wingman.testkit.internal.wings.Answers.json;

/**
 * The node's HTTP API as the panel calls it, with Wings' status codes and error bodies: the
 * {@code Bearer <token>} check (401 missing, 403 wrong), {@code /api/system}, configuration
 * updates ({@code /api/update}), servers (list, create, get, delete), power, commands, sync and
 * reinstall. Transfers and console denies are answered by {@link Transfers} and {@link Consoles},
 * the file routes by {@link ServerFiles}, backups by {@link ServerBackups}, the signed download and upload
 * links by {@link SignedTransfers}.
 */
public final class NodeApi {
    private static final Pattern SERVER = Pattern.compile("/api/servers/([^/]+)(/.*)?");

    private final NodeToken node;
    private final Servers servers;
    private final PanelClient panel;
    private final Consoles consoles;
    private final Transfers transfers;
    private final SignedTransfers signed;
    private final ServerBackups backups;
    private final List<JsonObject> configurationUpdates = new CopyOnWriteArrayList<>();
    private volatile boolean failCreates;

    public NodeApi(NodeToken node, Servers servers, PanelClient panel, Consoles consoles, Transfers transfers) {
        this.node = node;
        this.servers = servers;
        this.panel = panel;
        this.consoles = consoles;
        this.transfers = transfers;
        this.signed = new SignedTransfers(node, servers);
        this.backups = new ServerBackups(servers, panel, signed);
    }

    /** The node's backups (Wings' local adapter). */
    public ServerBackups backups() {
        return backups;
    }

    /** Configurations pushed with {@code POST /api/update}, oldest first. */
    public List<JsonObject> configurationUpdates() {
        return List.copyOf(configurationUpdates);
    }

    /** Makes {@code POST /api/servers} answer 500, as when Wings' fetch of the configuration from the panel fails. */
    public void failCreates(boolean fail) {
        this.failCreates = fail;
    }

    /** Answers one request that the listener let through. */
    void handle(ServerRequest req, ServerResponse res) {
        String method = req.prologue().method().text();
        if ("OPTIONS".equals(method)) {
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        if (req.path().path().equals("/download/file") && method.equals("GET")) {
            signed.download(req, res);
            return;
        }
        if (req.path().path().equals("/download/backup") && method.equals("GET")) {
            backups.download(req, res);
            return;
        }
        if (req.path().path().equals("/upload/file") && method.equals("POST")) {
            signed.upload(req, res);
            return;
        }
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (req.path().path().equals("/api/transfers") && method.equals("POST")) {
            transfers.receive(req, res, auth.orElse(""));
            return;
        }
        if (auth.isEmpty() || !auth.get().startsWith("Bearer ")) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            error(res, 401, Answers.NO_AUTHORIZATION);
            return;
        }
        if (!node.matches(auth.get().substring(7))) {
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
            update(req, res);
        } else if (path.equals("/api/servers") && method.equals("GET")) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            servers.all().forEach(s -> list.add(s.json()));
            json(res, 200, list.build());
        } else if (path.equals("/api/servers") && method.equals("POST")) {
            create(req, res);
        } else {
            Matcher m = SERVER.matcher(path);
            SimulatedServer target = m.matches() ? servers.get(m.group(1)) : null;
            if (target == null) {
                error(res, 404, Answers.NOT_FOUND);
                return;
            }
            serverRoute(req, res, method + " " + (m.group(2) == null ? "" : m.group(2)), target);
        }
    }

    private void update(ServerRequest req, ServerResponse res) {
        JsonObject config = Answers.body(req, res);
        if (config == null) {
            return;
        }
        configurationUpdates.add(config);
        // Real Wings rewrites config.yml and uses the new token (and token id) from then on.
        if (config.containsKey("token") && !config.isNull("token")) {
            node.token(config.getString("token"));
        }
        if (config.containsKey("token_id") && !config.isNull("token_id")) {
            node.tokenId(config.getString("token_id"));
        }
        json(res, 200, Json.createObjectBuilder().add("applied", true).build());
    }

    private void create(ServerRequest req, ServerResponse res) {
        JsonObject request = Answers.body(req, res);
        if (request == null) {
            return;
        }
        String uuid = request.getString("uuid", "");
        if (failCreates) {
            error(res, 500, Answers.UNEXPECTED);
            return;
        }
        if (!Answers.UUID_V4.matcher(uuid).matches()) {
            error(res, 422, "The data provided in the request could not be validated.");
            return;
        }
        JsonObject configuration = null;
        if (panel.attached()) {
            try {
                configuration = panel.server(uuid);
            } catch (RuntimeException e) {
                error(res, 500, Answers.UNEXPECTED);
                return;
            }
        }
        SimulatedServer created = servers.add(uuid);
        created.configuration = configuration;
        boolean start = request.getBoolean("start_on_completion", false);
        res.status(Status.ACCEPTED_202).send();
        if (panel.attached()) {
            Thread.ofVirtual().start(() -> servers.install(created, start, false));
        } else if (start) {
            created.state("running");
        }
    }

    private void serverRoute(ServerRequest req, ServerResponse res, String route, SimulatedServer target) {
        switch (route) {
            case "GET " -> json(res, 200, target.json());
            case "DELETE " -> {
                servers.remove(target.uuid);
                target.deleteFiles();
                target.consoles.forEach(Console::serverDeleted);
                res.status(Status.NO_CONTENT_204).send();
            }
            case "POST /power" -> {
                JsonObject request = Answers.body(req, res);
                if (request != null) {
                    String refusal = servers.power(target, request.getString("action", ""));
                    if (refusal == null) {
                        res.status(Status.ACCEPTED_202).send();
                    } else {
                        error(res, refusal.startsWith("422 ") ? 422 : refusal.startsWith("400 ") ? 400 : 500,
                                refusal.substring(4));
                    }
                }
            }
            case "POST /commands" -> {
                JsonObject request = Answers.body(req, res);
                if (request == null) {
                    return;
                }
                if (!Servers.command(target, request.getJsonArray("commands").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString).toList())) {
                    error(res, 502, "Cannot send commands to a stopped server instance.");
                    return;
                }
                res.status(Status.NO_CONTENT_204).send();
            }
            case "POST /sync" -> {
                target.syncs.incrementAndGet();
                if (panel.attached() && !servers.resync(target)) {
                    error(res, 500, Answers.UNEXPECTED);
                    return;
                }
                res.status(Status.NO_CONTENT_204).send();
            }
            case "POST /reinstall" -> {
                target.reinstalls.incrementAndGet();
                // Wings holds one power lock per server: while a start or stop is still going, it refuses.
                if ("starting".equals(target.state) || "stopping".equals(target.state)) {
                    error(res, 409, "Cannot execute server reinstall event while another power action is running.");
                    return;
                }
                // Wings stops the server, then runs the installer again.
                target.state("offline");
                res.status(Status.ACCEPTED_202).send();
                if (panel.attached()) {
                    Thread.ofVirtual().start(() -> servers.install(target, false, true));
                }
            }
            case "POST /transfer" -> transfers.start(req, res, target);
            case "DELETE /transfer" -> transfers.cancel(res, target);
            case "POST /ws/deny" -> consoles.deny(req, res);
            default -> {
                if (!ServerFiles.handle(req, res, route, target) && !backups.handle(req, res, route, target)) {
                    error(res, 404, Answers.NOT_FOUND);
                }
            }
        }
    }
}
