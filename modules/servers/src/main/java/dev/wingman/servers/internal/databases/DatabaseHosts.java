package dev.wingman.servers.internal.databases;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.SecretBox;
import dev.wingman.platform.api.Validate;
import dev.wingman.servers.api.ServersPermissions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Database hosts as administrators register them. Creating or changing one logs in to it first:
 * credentials that do not work are refused (400) and nothing is stored. The host's address is
 * whatever the administrator gives, private addresses included: database hosts normally sit on a
 * private network beside the nodes, and only holders of {@code database-hosts:manage} choose it
 * (as node addresses, and unlike URLs users give). Connections use short timeouts
 * ({@code wingman.databases.connect-timeout}, {@code socket-timeout}).
 */
@ApplicationScoped
public class DatabaseHosts {
    private static final Logger LOG = Logger.getLogger(DatabaseHosts.class.getName());
    /** A host name, an IPv4 or an IPv6 address: nothing that could change the JDBC URL it goes into. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}|[0-9A-Fa-f:.]{2,45}");

    @Inject
    DatabaseStore store;

    @Inject
    SecretBox secrets;

    @Inject
    AuditTrail audit;

    @Inject
    NodeDirectory nodes;

    @Inject
    @ConfigProperty(name = "wingman.databases.connect-timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "wingman.databases.socket-timeout", defaultValue = "PT15S")
    Duration socketTimeout;

    private HostConnection connection;

    @PostConstruct
    void init() {
        connection = new HostConnection(connectTimeout, socketTimeout);
    }

    /** The one way to reach hosts, with the configured timeouts. */
    HostConnection connection() {
        return connection;
    }

    /** What an administrator gives; password null keeps the stored one on an update (empty is a valid password). */
    public record Input(String name, String host, Integer port, String username, String password, Integer maxDatabases,
                        String nodeId) {
    }

    /** A host as administrators see it: never its password. {@code databases}: how many it holds. */
    public record View(String id, String name, String host, int port, String username, Integer maxDatabases, String nodeId,
                       long databases, Instant createdAt, Instant updatedAt) {
    }

    public List<View> list() {
        Map<String, Long> counts = store.databaseCounts();
        return store.hosts().stream().map(h -> view(h, counts.getOrDefault(h.id, 0L))).toList();
    }

    public View get(String id) {
        DatabaseHost host = store.host(id).orElseThrow(DatabaseStore::hostNotFound);
        return view(host, store.databaseCounts().getOrDefault(id, 0L));
    }

    public View create(Input input) {
        DatabaseHost host = valid(input);
        String password = input.password() == null ? "" : input.password();
        check(host, password);
        host.sealedPassword = secrets.seal(password);
        store.insertHost(host);
        audit.record(ServersPermissions.AUDIT_DATABASE_HOST_CREATE, "database_host", host.id,
                Map.of("name", host.name, "host", host.host, "port", host.port));
        return view(host, 0);
    }

    /** Replaces the host's settings; the credentials are checked again when the address, port, user or password change. */
    public View update(String id, Input input) {
        DatabaseHost before = store.host(id).orElseThrow(DatabaseStore::hostNotFound);
        DatabaseHost changed = valid(input);
        String password = input.password() == null ? secrets.open(before.sealedPassword) : input.password();
        if (input.password() != null || !changed.host.equals(before.host) || changed.port != before.port
                || !changed.username.equals(before.username)) {
            check(changed, password);
        }
        DatabaseHost host = store.updateHost(id, changed, input.password() == null ? null : secrets.seal(password));
        audit.record(ServersPermissions.AUDIT_DATABASE_HOST_UPDATE, "database_host", id,
                Map.of("name", host.name, "host", host.host, "port", host.port, "password", input.password() != null));
        return get(id);
    }

    public void delete(String id) {
        DatabaseHost host = store.deleteHost(id);
        audit.record(ServersPermissions.AUDIT_DATABASE_HOST_DELETE, "database_host", id, Map.of("name", host.name));
    }

    /** Where and as whom to log in to the host, its password opened. */
    HostConnection.Target target(DatabaseHost host) {
        return host.target(secrets.open(host.sealedPassword));
    }

    private void check(DatabaseHost host, String password) {
        try {
            connection.check(host.target(password));
        } catch (HostConnection.HostException e) {
            LOG.info(() -> "Database host " + host.host + ":" + host.port + " refused the check: " + e.getMessage());
            throw ApiException.badRequest("Could not log in to the database host with these settings: " + e.getMessage());
        }
    }

    private DatabaseHost valid(Input input) {
        Validate.body(input);
        DatabaseHost host = new DatabaseHost();
        host.name = Validate.text(input.name(), "name", 191);
        host.host = Validate.text(input.host(), "host", 253);
        if (!HOST.matcher(host.host).matches()) {
            throw ApiException.invalidField("host", "must be a host name or an IP address");
        }
        int port = input.port() == null ? 3306 : input.port();
        if (port < 1 || port > 65535) {
            throw ApiException.invalidField("port", "must be between 1 and 65535");
        }
        host.port = port;
        host.username = Validate.text(input.username(), "username", 80);
        if (input.password() != null && input.password().length() > 255) {
            throw ApiException.invalidField("password", "must be at most 255 characters");
        }
        if (input.maxDatabases() != null && input.maxDatabases() < 0) {
            throw ApiException.invalidField("maxDatabases", "must be 0 or more (leave it out for no limit)");
        }
        host.maxDatabases = input.maxDatabases();
        if (input.nodeId() != null) {
            if (nodes.find(input.nodeId()).isEmpty()) {
                throw ApiException.invalidField("nodeId", "is not a node");
            }
            host.nodeId = input.nodeId();
        }
        return host;
    }

    private static View view(DatabaseHost h, long databases) {
        return new View(h.id, h.name, h.host, h.port, h.username, h.maxDatabases, h.nodeId, databases, h.createdAt, h.updatedAt);
    }
}
