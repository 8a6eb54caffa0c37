package dev.wingman.servers.internal;

import dev.wingman.nodes.api.Allocations;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.Map;

/** What the remote API does for a node's Wings: its servers' configuration and install lifecycle. */
@ApplicationScoped
public class ServerRemote {
    @Inject
    ServerStore store;

    @Inject
    EggService eggs;

    @Inject
    Allocations allocations;

    @Inject
    AuditTrail audit;

    public Page<Server> onNode(String nodeId, PageRequest page) {
        return store.onNode(nodeId, page);
    }

    /** The node's server, or 404 as if no such server existed (also for another node's server). */
    public Server onNode(String nodeId, String uuid) {
        Server server = store.onNode(nodeId, uuid);
        if (server == null) {
            throw ApiException.notFound("The requested server does not exist on this node.");
        }
        return server;
    }

    public JsonObject configuration(Server server) {
        return WingsServerConfiguration.of(server, eggs.find(server.eggId), allocations.ofServer(server.uuid.toString()));
    }

    public JsonObject installScript(Server server) {
        Egg egg = eggs.find(server.eggId);
        return Json.createObjectBuilder().add("container_image", egg.installContainer).add("entrypoint", egg.installEntrypoint)
                .add("script", egg.installScript).build();
    }

    public void installed(Server server, boolean successful, boolean reinstall) {
        String status = successful ? null : reinstall ? "reinstall_failed" : "install_failed";
        store.setStatus(server.id, status);
        audit.record(successful ? "server.installed" : "server.install-failed", "server", server.id,
                Map.of("reinstall", reinstall));
    }

    public void resetNode(String nodeId) {
        store.resetNode(nodeId);
    }
}
