package dev.wingman.servers.internal;

import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.Caller;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.subusers.SubuserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Pterodactyl permission keys a caller holds on a server ({@code control.start},
 * {@code websocket.connect}, ...), as the client API reports them and Wings' JWTs carry them:
 * {@code *} for the owner and for whoever manages servers in its organisation; {@code *} plus
 * Wings' admin keys for panel administrators; a subuser's own keys; none otherwise. Every grant
 * is narrowed by the API key's scope ({@link Caller#narrow}), so a key scoped to
 * {@code control.*} holds only the control keys even on its owner's servers, and a key that names
 * no server key reaches no server at all.
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

    /**
     * Every key an owner's {@code *} stands for: the subuser keys and {@link #DELETE}, which only
     * owners hold. A narrowed {@code *} becomes those of them the key's scope names.
     */
    static final Set<String> CATALOGUE;
    /** Deleting the server: Wingman's own key (Pterodactyl's client API cannot delete); never a subuser's. */
    static final String DELETE = "settings.delete";
    /** What managing an organisation's servers grants: every key but deletion. */
    static final List<String> MANAGER = SubuserService.KEYS.stream().sorted().toList();

    static {
        Set<String> all = new TreeSet<>(SubuserService.KEYS);
        all.add(DELETE);
        CATALOGUE = Set.copyOf(all);
    }

    public List<String> of(Caller caller, Server server) {
        return caller.narrow(grantOf(caller, server), CATALOGUE);
    }

    /** What the account holds on the server, before an API key's scope narrows it. */
    private List<String> grantOf(Caller caller, Server server) {
        if (caller.has(ServersPermissions.ALL)) {
            return ADMIN;
        }
        if (server.ownerId.equals(caller.userId())) {
            return OWNER;
        }
        if (server.organisationId != null && organisations.allows(caller, server.organisationId, ServersPermissions.MANAGE)) {
            return MANAGER; // deleting needs servers:delete in the organisation, checked on its own
        }
        return subusers.permissionsOf(server.id, caller.userId());
    }

    /** Wings' rule: the exact key, or {@code *} for every key that does not start with "admin". */
    public static boolean grants(List<String> held, String permission) {
        return held.contains(permission) || (held.contains("*") && !permission.startsWith("admin"));
    }
}
