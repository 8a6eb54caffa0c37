package dev.wingman.servers.internal;

import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The Pterodactyl permission keys a caller holds on a server ({@code control.start},
 * {@code websocket.connect}, ...), as the client API reports them and Wings' JWTs carry them:
 * {@code *} for the owner and for whoever manages servers in its organisation; {@code *} plus
 * Wings' admin keys for panel administrators; a subuser's own keys; none otherwise.
 */
@ApplicationScoped
public class ServerPermissions {
    static final List<String> OWNER = List.of("*");
    static final List<String> ADMIN = List.of("*", "admin.websocket.errors", "admin.websocket.install",
            "admin.websocket.transfer");

    @Inject
    OrganisationAccess organisations;

    @Inject
    SubuserService subusers;

    public List<String> of(Caller caller, Server server) {
        if (caller.has("servers:*")) {
            return ADMIN;
        }
        if (server.ownerId.equals(caller.userId())) {
            return OWNER;
        }
        if (server.organisationId != null && organisations.allows(caller, server.organisationId, "servers:manage")) {
            return OWNER;
        }
        return subusers.permissionsOf(server.id, caller.userId());
    }

    /** Wings' rule: the exact key, or {@code *} for every key that does not start with "admin". */
    public static boolean grants(List<String> held, String permission) {
        return held.contains(permission) || (held.contains("*") && !permission.startsWith("admin"));
    }
}
