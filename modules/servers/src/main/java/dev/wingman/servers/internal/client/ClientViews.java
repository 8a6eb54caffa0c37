package dev.wingman.servers.internal.client;

import dev.wingman.platform.api.JsonSupport;
import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.Wings;
import dev.wingman.platform.api.Page;
import dev.wingman.servers.api.EggVariable;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerStatus;
import dev.wingman.servers.internal.eggs.EggService;
import dev.wingman.servers.internal.remote.WingsServerConfiguration;
import dev.wingman.servers.internal.subusers.SubuserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pterodactyl's client API shapes (seed 004, reference/wings-protocol.md §7.3): {@code object} /
 * {@code attributes} / {@code meta}, snake_case, integer ids, pagination meta.
 */
@ApplicationScoped
public class ClientViews {
    @Inject
    dev.wingman.servers.internal.backups.Backups backups;

    @Inject
    NodeDirectory nodes;

    @Inject
    EggService eggs;

    @Inject
    Allocations allocations;

    @Inject
    ServerPermissions permissions;

    static final String HIDDEN = "[hidden]";

    /** A page of servers; nodes and eggs are looked up once per page, not per server. */
    public JsonObject list(Page<Server> page, String callerId) {
        Map<String, NodeInfo> nodeCache = new HashMap<>();
        Map<String, EggService.Shown> eggCache = new HashMap<>();
        Map<String, List<Allocation>> ports = allocations.ofServers(page.data().stream().map(s -> s.uuid.toString()).toList());
        JsonArrayBuilder data = JSON.createArrayBuilder();
        for (Server server : page.data()) {
            data.add(JSON.createObjectBuilder().add("object", "server").add("attributes",
                    attributes(server, callerId, nodeCache, eggCache,
                            server.ownAllocations(ports.getOrDefault(server.uuid.toString(), List.of())))));
        }
        return JSON.createObjectBuilder().add("object", "list").add("data", data)
                .add("meta", JSON.createObjectBuilder().add("pagination", pagination(page))).build();
    }

    public JsonObject server(Server server, String callerId, List<String> userPermissions) {
        JsonArrayBuilder granted = JSON.createArrayBuilder();
        userPermissions.forEach(granted::add);
        return JSON.createObjectBuilder().add("object", "server")
                .add("attributes", attributes(server, callerId, new HashMap<>(), new HashMap<>(),
                        server.ownAllocations(allocations.ofServer(server.uuid.toString()))))
                .add("meta", JSON.createObjectBuilder().add("is_server_owner", server.ownerId.equals(callerId))
                        .add("user_permissions", granted))
                .build();
    }

    /** Stats; uptime in seconds, as seed 004 documents it. */
    public JsonObject resources(Server server, Wings.ServerState state) {
        return JSON.createObjectBuilder().add("object", "stats").add("attributes", JSON.createObjectBuilder()
                .add("current_state", state.state() == null ? "stopped" : state.state())
                .add("is_suspended", server.suspended)
                .add("resources", JSON.createObjectBuilder().add("memory_bytes", state.memoryBytes())
                        .add("cpu_absolute", state.cpuAbsolute()).add("disk_bytes", state.diskBytes())
                        .add("network_rx_bytes", state.networkRxBytes()).add("network_tx_bytes", state.networkTxBytes())
                        .add("uptime", state.uptimeMillis() / 1000)))
                .build();
    }

    /**
     * Activity in Pterodactyl's shape. The IP is shown only to the actor and administrators; array
     * properties get a {@code <key>_count}; {@code include=actor} adds the actor.
     */
    public JsonObject activity(Page<dev.wingman.platform.api.AuditTrail.Entry> page, String viewerId, boolean admin,
                               boolean includeActor) {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        for (var entry : page.data()) {
            JsonObjectBuilder properties = JSON.createObjectBuilder();
            boolean api = Boolean.TRUE.equals(entry.details().get(ServerActivity.API_MARK));
            entry.details().forEach((key, value) -> {
                if (!key.equals(ServerActivity.API_MARK)) {
                    properties.add(key, value == null ? jakarta.json.JsonValue.NULL : JSON.createValue(String.valueOf(value)));
                }
            });
            JsonObject props = properties.build();
            JsonObjectBuilder attributes = JSON.createObjectBuilder().add("id", entry.id()).addNull("batch")
                    .add("event", ServerActivity.pterodactylEvent(entry.action())).add("is_api", api);
            boolean showIp = admin || (entry.actorId() != null && entry.actorId().equals(viewerId));
            if (showIp && entry.ip() != null) {
                attributes.add("ip", entry.ip());
            } else {
                attributes.addNull("ip");
            }
            attributes.addNull("description").add("properties", props).add("has_additional_metadata", !props.isEmpty())
                    .add("timestamp", entry.createdAt().atOffset(java.time.ZoneOffset.UTC).toString());
            if (includeActor && entry.actorId() != null) {
                String email = entry.actorEmail() == null ? "" : entry.actorEmail();
                attributes.add("relationships", JSON.createObjectBuilder().add("actor", JSON.createObjectBuilder()
                        .add("object", "user").add("attributes", JSON.createObjectBuilder().add("uuid", entry.actorId())
                                .add("username", email.contains("@") ? email.substring(0, email.indexOf('@')) : email)
                                .add("email", email))));
            }
            data.add(JSON.createObjectBuilder().add("object", "activity_log").add("attributes", attributes));
        }
        return JSON.createObjectBuilder().add("object", "list").add("data", data)
                .add("meta", JSON.createObjectBuilder().add("pagination", pagination(page))).build();
    }

    /** A directory's entries as Pterodactyl's FileObjectTransformer shows them. */
    public JsonObject files(List<Wings.FileStat> entries) {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        entries.forEach(entry -> data.add(file(entry)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    /** One file_object. */
    public JsonObject file(Wings.FileStat entry) {
        return JSON.createObjectBuilder().add("object", "file_object").add("attributes", JSON.createObjectBuilder()
                .add("name", entry.name())
                .add("mode", entry.mode())
                .add("mode_bits", entry.modeBits())
                .add("size", entry.size())
                .add("is_file", entry.file())
                .add("is_symlink", entry.symlink())
                .add("mimetype", entry.mime())
                .add("created_at", atom(entry.created()))
                .add("modified_at", atom(entry.modified()))).build();
    }

    /** A time as Pterodactyl's transformers write it; a node that gave none gets an empty string, as Carbon prints it. */
    public static String atom(Instant instant) {
        return instant == null ? "" : JsonSupport.atom(instant);
    }

    /** A subuser as Pterodactyl's client API shows one. */
    public JsonObject subuser(SubuserService.Entry entry) {
        var account = entry.account();
        JsonArrayBuilder keys = JSON.createArrayBuilder();
        entry.permissions().forEach(keys::add);
        String email = account.email();
        return JSON.createObjectBuilder().add("object", "server_subuser").add("attributes", JSON.createObjectBuilder()
                .add("uuid", account.id())
                .add("username", email.contains("@") ? email.substring(0, email.indexOf('@')) : email)
                .add("email", email)
                .add("image", "")
                .add("2fa_enabled", account.twoFactorEnabled())
                .add("created_at", entry.subuser().createdAt.atOffset(java.time.ZoneOffset.UTC).toString())
                .add("permissions", keys)).build();
    }

    public static JsonObjectBuilder pagination(Page<?> page) {
        return JSON.createObjectBuilder().add("total", page.meta().total()).add("count", page.data().size())
                .add("per_page", page.meta().perPage()).add("current_page", page.meta().page())
                .add("total_pages", Math.max(1, page.meta().totalPages())).add("links", JSON.createObjectBuilder());
    }

    /** One of the server's ports as Pterodactyl's client API shows it ({@code object: allocation}). */
    public static JsonObject allocation(Server server, Allocation a) {
        return JSON.createObjectBuilder().add("object", "allocation").add("attributes", JSON.createObjectBuilder()
                .add("id", a.number()).add("ip", a.ip()).addNull("ip_alias").add("port", a.port())
                .add("notes", a.notes() == null ? jakarta.json.JsonValue.NULL : JSON.createValue(a.notes()))
                .add("is_default", a.id().equals(server.allocationId))).build();
    }

    /** One user-viewable egg variable with the server's value ({@code object: egg_variable}). */
    public static JsonObject variable(EggVariable v, Map<String, String> environment) {
        return JSON.createObjectBuilder().add("object", "egg_variable").add("attributes", JSON.createObjectBuilder()
                .add("name", v.name()).add("description", v.description()).add("env_variable", v.envVariable())
                .add("default_value", v.defaultValue())
                .add("server_value", environment.getOrDefault(v.envVariable(), v.defaultValue()))
                .add("is_editable", v.userEditable()).add("rules", v.rules())).build();
    }

    /** The startup command with the server's values filled in, those of variables the egg hides from users named only. */
    public static String invocation(Server s, EggService.Shown egg, Map<String, String> environment) {
        return WingsServerConfiguration.fill(s.startup, key -> {
            String name = key.startsWith("env.") ? key.substring(4) : key;
            // As Pterodactyl does: a variable the egg hides from users is named, never shown.
            return egg.hiddenVariables().contains(name) ? HIDDEN : environment.get(name);
        });
    }

    private JsonObject attributes(Server s, String callerId, Map<String, NodeInfo> nodeCache, Map<String, EggService.Shown> eggCache,
                                  List<Allocation> ports) {
        NodeInfo node = nodeCache.computeIfAbsent(s.nodeId, id -> nodes.describe(id).orElse(null));
        EggService.Shown egg = eggCache.computeIfAbsent(s.eggId, eggs::shown);
        Map<String, String> environment = WingsServerConfiguration.environment(s, ports);
        JsonArrayBuilder allocationList = JSON.createArrayBuilder();
        ports.forEach(a -> allocationList.add(allocation(s, a)));
        JsonArrayBuilder variables = JSON.createArrayBuilder();
        egg.viewableVariables().forEach(v -> variables.add(variable(v, environment)));
        JsonArrayBuilder features = JSON.createArrayBuilder();
        egg.features().forEach(features::add);
        JsonObjectBuilder attributes = JSON.createObjectBuilder()
                .add("server_owner", s.ownerId.equals(callerId))
                .add("identifier", s.identifier)
                .add("internal_id", s.internalId == null ? 0 : s.internalId)
                .add("uuid", s.uuid.toString())
                .add("name", s.name)
                .add("node", node == null ? "" : node.name())
                .add("is_node_under_maintenance", node != null && node.maintenance())
                .add("sftp_details", JSON.createObjectBuilder().add("ip", node == null ? "" : node.fqdn())
                        .add("port", node == null ? 2022 : node.sftpPort()))
                .add("description", s.description)
                .add("limits", JSON.createObjectBuilder().add("memory", s.limits.memoryMib()).add("swap", s.limits.swapMib()).add("disk", s.limits.diskMib())
                        .add("io", s.limits.ioWeight()).add("cpu", s.limits.cpuPercent()).addNull("threads").add("oom_disabled", true))
                .add("invocation", invocation(s, egg, environment))
                .add("docker_image", s.dockerImage)
                .add("egg_features", features)
                .add("feature_limits", JSON.createObjectBuilder().add("databases", s.featureLimits.databases())
                        .add("allocations", s.featureLimits.allocations()).add("backups", backups.limitOf(s)));
        if (s.status() == ServerStatus.INSTALLED) {
            attributes.addNull("status");
        } else {
            attributes.add("status", s.status().stored());
        }
        return attributes.add("is_suspended", s.suspended)
                .add("is_installing", s.installing())
                .add("is_transferring", s.transferring())
                .add("relationships", JSON.createObjectBuilder()
                        .add("allocations", JSON.createObjectBuilder().add("object", "list").add("data", allocationList))
                        .add("variables", JSON.createObjectBuilder().add("object", "list").add("data", variables)))
                .build();
    }
}
