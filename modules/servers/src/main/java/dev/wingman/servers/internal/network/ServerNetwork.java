package dev.wingman.servers.internal.network;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.WingsSync;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.client.ClientViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server's ports through Pterodactyl's client API ({@code /network/allocations}), as its
 * NetworkAllocationController does: list, add one (auto-assigned on the primary port's IP from the
 * node's port range, up to the server's {@code allocation_limit}), notes, set the primary, remove
 * one (never the primary). Each change runs under the server's row lock and, once committed, has
 * the server's Wings read its configuration again through the durable {@link WingsSync} job, so a
 * node that does not answer neither fails nor undoes the change.
 */
@ApplicationScoped
public class ServerNetwork {
    /** Pterodactyl's allocation notes limit. */
    static final int MAX_NOTES = 255;

    @Inject
    ClientServers actions;

    @Inject
    ServerStore store;

    @Inject
    Allocations allocations;

    @Inject
    WingsSync sync;

    /** Pterodactyl's {@code allocations.enabled}: whether users may add ports at all. */
    @Inject
    @ConfigProperty(name = "wingman.servers.allocations.auto-assign", defaultValue = "true")
    boolean autoAssign;

    public JsonObject list(ClientServers.Access access) {
        actions.require(access, "allocation.read");
        ClientServers.available(access.server());
        JsonArrayBuilder data = JSON.createArrayBuilder();
        own(access.server()).forEach(a -> data.add(ClientViews.allocation(access.server(), a)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    @Transactional
    public JsonObject add(Caller caller, ClientServers.Access access) {
        actions.require(access, "allocation.create");
        ClientServers.available(access.server());
        if (!autoAssign) {
            throw ApiException.badRequest("Server auto-allocation is not enabled for this instance.");
        }
        AtomicReference<Allocation> added = new AtomicReference<>();
        Server server = store.change(access.server().id, s -> {
            ClientServers.available(s);
            List<Allocation> held = own(s);
            s.requireRoomForAllocation(held.size());
            String ip = held.isEmpty() ? null : held.get(0).ip(); // the primary's
            added.set(allocations.assign(s.nodeId, ip, s.uuid.toString()));
        });
        actions.activity(caller, server, ServersPermissions.ACTIVITY_ALLOCATION_CREATE, Map.of("allocation", name(added.get())));
        sync.afterCommit(server);
        return ClientViews.allocation(server, added.get());
    }

    @Transactional
    public JsonObject notes(Caller caller, ClientServers.Access access, String reference, String notes) {
        actions.require(access, "allocation.update");
        ClientServers.available(access.server());
        if (notes != null && notes.length() > MAX_NOTES) {
            throw ClientServers.invalid("notes", "The notes may not be greater than " + MAX_NOTES + " characters.");
        }
        Server server = access.server();
        Allocation before = find(server, reference);
        String value = notes == null || notes.isEmpty() ? null : notes;
        Allocation after = allocations.annotate(before.id(), server.uuid.toString(), value).orElseThrow(ServerNetwork::notFound);
        if (!java.util.Objects.equals(before.notes(), value)) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("allocation", name(after));
            properties.put("old", before.notes() == null ? "" : before.notes());
            properties.put("new", value == null ? "" : value);
            actions.activity(caller, server, ServersPermissions.ACTIVITY_ALLOCATION_NOTES, properties);
        }
        return ClientViews.allocation(server, after);
    }

    @Transactional
    public JsonObject primary(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "allocation.update");
        ClientServers.available(access.server());
        AtomicReference<Allocation> chosen = new AtomicReference<>();
        Server server = store.change(access.server().id, s -> {
            ClientServers.available(s);
            chosen.set(find(s, reference));
            s.primary(chosen.get());
        });
        actions.activity(caller, server, ServersPermissions.ACTIVITY_ALLOCATION_PRIMARY, Map.of("allocation", name(chosen.get())));
        sync.afterCommit(server);
        return ClientViews.allocation(server, chosen.get());
    }

    @Transactional
    public void remove(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "allocation.delete");
        ClientServers.available(access.server());
        AtomicReference<Allocation> removed = new AtomicReference<>();
        Server server = store.change(access.server().id, s -> {
            ClientServers.available(s);
            Allocation allocation = find(s, reference);
            s.requireRemovable(allocation);
            if (!allocations.releaseFromServer(allocation.id(), s.uuid.toString())) {
                throw notFound();
            }
            removed.set(allocation);
        });
        actions.activity(caller, server, ServersPermissions.ACTIVITY_ALLOCATION_DELETE, Map.of("allocation", name(removed.get())));
        sync.afterCommit(server);
    }

    /** The server's ports on its node, the primary first. */
    private List<Allocation> own(Server server) {
        return server.ownAllocations(allocations.ofServer(server.uuid.toString()));
    }

    /** One of the server's own ports by its number (Pterodactyl's allocation id); 404 for any other. */
    private Allocation find(Server server, String reference) {
        long number;
        try {
            number = Long.parseLong(reference);
        } catch (NumberFormatException e) {
            throw notFound();
        }
        return own(server).stream().filter(a -> a.number() == number).findFirst().orElseThrow(ServerNetwork::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("The requested resource could not be found on the server.");
    }

    /** How Pterodactyl's activity names an allocation: ip:port. */
    private static String name(Allocation allocation) {
        return allocation.ip().contains(":") ? "[" + allocation.ip() + "]:" + allocation.port()
                : allocation.ip() + ":" + allocation.port();
    }
}
