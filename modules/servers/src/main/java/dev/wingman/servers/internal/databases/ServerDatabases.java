package dev.wingman.servers.internal.databases;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.SecretBox;
import dev.wingman.platform.api.Secrets;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.Server;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A server's databases (Pterodactyl's client DatabaseController): each on a database host, with a
 * user of its own that may use that database only and only from the given remote. The panel's
 * rows say what exists; the host is changed first for a rotation and a deletion, and right after
 * the row is stored for a creation (the row is removed again if the host refuses), so a host that
 * cannot be reached changes nothing (502). The caller's keys ({@code database.*}) are checked, and
 * the activity recorded, by {@code ClientDatabases}, which calls these.
 */
@ApplicationScoped
public class ServerDatabases {
    private static final Logger LOG = Logger.getLogger(ServerDatabases.class.getName());
    /** Pterodactyl's rule for the name a user gives: alpha_dash, at most 48 characters. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,48}");
    /** Pterodactyl's rule for remote: the characters of a MySQL host pattern, at most 253. */
    static final Pattern REMOTE = HostConnection.REMOTE;
    static final int PASSWORD_LENGTH = 24;

    @Inject
    DatabaseStore store;

    @Inject
    DatabaseHosts hosts;

    @Inject
    SecretBox secrets;

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "wingman.databases.max-connections", defaultValue = "0")
    int maxConnections;

    /** A database as the client API shows it; {@code password} only for callers holding database.view_password who asked. */
    public record Shown(ServerDatabase database, String address, int port, String password) {
    }

    public List<Shown> list(Server server, boolean withPasswords) {
        Map<String, DatabaseHost> byId = new LinkedHashMap<>();
        List<Shown> shown = new ArrayList<>();
        for (ServerDatabase database : store.databasesOf(server.id)) {
            DatabaseHost host = byId.computeIfAbsent(database.hostId, id -> store.host(id).orElse(null));
            shown.add(show(database, host, withPasswords ? secrets.open(database.sealedPassword) : null));
        }
        return shown;
    }

    /**
     * Creates {@code s<internal id>_<name>} with user {@code u<internal id>_<random>} allowed from
     * {@code remote}, on a host serving the server's node, or else any host, that has room; 409 at
     * the server's {@code feature_limits.databases}, 503 when no host has room, 502 when the host
     * cannot create it.
     */
    public Shown create(Server server, String name, String remote, boolean showPassword) {
        if (name == null || name.isBlank()) {
            throw invalid("database", "The database field is required.");
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid("database", "The database may only contain letters, numbers, dashes and underscores, and may not "
                    + "be greater than 48 characters.");
        }
        if (remote == null || remote.isBlank()) {
            throw invalid("remote", "The remote field is required.");
        }
        if (!REMOTE.matcher(remote).matches()) {
            throw invalid("remote", "The remote must be a host pattern such as %, an IP address or 10.0.0.%, of letters, "
                    + "numbers and . - _ / % : only, at most 253 characters.");
        }
        String prefix = "s" + server.internalId + "_";
        ServerDatabase database = new ServerDatabase();
        database.serverId = server.id;
        database.name = prefix + name.substring(0, Math.min(name.length(), 48 - prefix.length()));
        database.username = ("u" + server.internalId + "_" + Secrets.random(10)).toLowerCase(java.util.Locale.ROOT);
        database.remote = remote;
        database.maxConnections = Math.max(0, maxConnections);
        String password = Secrets.random(PASSWORD_LENGTH);
        database.sealedPassword = secrets.seal(password);

        DatabaseStore.Reserved reserved = store.reserve(database, server.featureLimits.databases(), candidates(server));
        try {
            hosts.connection().create(hosts.target(reserved.host()), database.account(), password, database.maxConnections);
        } catch (HostConnection.HostException | RuntimeException e) {
            store.removeDatabase(database.id);
            throw hostFailed(reserved.host(), "create the database", e);
        }
        if (store.database(server.id, database.id).isEmpty()) {
            // The server was deleted while the host created this: its deletion's drop job may have
            // found nothing yet on the host, so what was just made is dropped by a job of its own.
            scheduleDrop("created-" + database.id, database);
            throw ApiException.notFound("Server not found");
        }
        return show(database, reserved.host(), showPassword ? password : null);
    }

    public Shown rotatePassword(Server server, String id, boolean showPassword) {
        ServerDatabase database = find(server, id);
        DatabaseHost host = hostOf(database);
        String password = Secrets.random(PASSWORD_LENGTH);
        try {
            hosts.connection().rotate(hosts.target(host), database.account(), password);
        } catch (HostConnection.HostException e) {
            throw hostFailed(host, "change the password", e);
        }
        store.setPassword(database.id, secrets.seal(password));
        return show(database, host, showPassword ? password : null);
    }

    public ServerDatabase delete(Server server, String id) {
        ServerDatabase database = find(server, id);
        DatabaseHost host = hostOf(database);
        try {
            hosts.connection().drop(hosts.target(host), database.account());
        } catch (HostConnection.HostException e) {
            throw hostFailed(host, "delete the database", e);
        }
        store.removeDatabase(database.id);
        return database;
    }

    /**
     * The server is being deleted (called inside the deletion's transaction, after it took the
     * server's database lock with {@link DatabaseStore#lockServerDatabases} and before it deletes
     * the row, whose database rows go with it, cascade): schedules the {@code servers.database-drop}
     * job of each of its databases, which drops the database and its user on their host, retried
     * while the host is down. db-scheduler writes through the plain pool, not the JTA-enlisted
     * connection, so the jobs are stored at once, before the deletion commits: a crash before the
     * commit leaves jobs and no deletion, never a deletion without its jobs. Each job therefore
     * first waits for the server's lock and drops nothing while its row is still there
     * ({@link DatabaseStore#stillHeld}: the deletion rolled back).
     */
    public void serverDeleting(String serverId) {
        for (ServerDatabase database : store.databasesOf(serverId)) {
            scheduleDrop(database.id, database);
        }
    }

    private void scheduleDrop(String jobId, ServerDatabase database) {
        jobs.schedule(DatabaseDrop.JOB, jobId, Json.createObjectBuilder().add("id", database.id).add("server", database.serverId)
                .add("host", database.hostId).add("database", database.name).add("username", database.username)
                .add("remote", database.remote).build().toString());
    }

    /** Whether the database's row is still there once a deletion of its server in progress has ended (the drop job). */
    boolean stillHeld(String serverId, String id) {
        return store.stillHeld(serverId, id);
    }

    /** Drops a database and its user that no row holds any more (the drop job); false when the host is gone. */
    boolean drop(String hostId, HostConnection.Account account) throws HostConnection.HostException {
        DatabaseHost host = store.host(hostId).orElse(null);
        if (host == null) {
            return false;
        }
        hosts.connection().drop(hosts.target(host), account);
        return true;
    }

    /** The hosts to try, best first: those serving the server's node, then the others; each group by fewest databases. */
    private List<String> candidates(Server server) {
        Map<String, Long> counts = store.databaseCounts();
        return store.hosts().stream()
                .sorted(Comparator.comparing((DatabaseHost h) -> !Objects.equals(h.nodeId, server.nodeId))
                        .thenComparing(h -> counts.getOrDefault(h.id, 0L)).thenComparing(h -> h.name))
                .map(h -> h.id).toList();
    }

    private ServerDatabase find(Server server, String id) {
        return store.database(server.id, id).orElseThrow(() -> ApiException.notFound("Database not found"));
    }

    private DatabaseHost hostOf(ServerDatabase database) {
        return store.host(database.hostId).orElseThrow(() -> new ApiException(502, "The database's host is gone"));
    }

    private static Shown show(ServerDatabase database, DatabaseHost host, String password) {
        return new Shown(database, host == null ? "" : host.host, host == null ? 0 : host.port, password);
    }

    /**
     * The host could not do it: 502 naming the host as administrators named it; the host's own
     * error goes to the log and, as {@code upstream}, only to callers holding database-hosts:read.
     */
    private static ApiException hostFailed(DatabaseHost host, String what, Exception e) {
        LOG.warning(() -> "Database host " + host.name + " (" + host.id + ") could not " + what + ": " + e.getMessage());
        return new ApiException(502, "The database host '" + host.name + "' could not " + what + ". Please try again later.",
                Map.of("databaseHost", host.id), Map.of(), ServersPermissions.DATABASE_HOSTS_READ,
                Map.of("upstream", String.valueOf(e.getMessage())));
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(422, message, Map.of("field", field), Map.of());
    }
}
