package dev.wingman.servers.internal.client;

import dev.wingman.platform.api.Caller;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.databases.ServerDatabase;
import dev.wingman.servers.internal.databases.ServerDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * The database actions of Pterodactyl's client API on one server ({@code /databases}): each checks
 * the caller's key as Pterodactyl's DatabaseController does ({@code database.read},
 * {@code .create}, {@code .update}, {@code .delete}; passwords only with
 * {@code database.view_password}), refuses a server that is installing, suspended or being
 * transferred (409), and records changes in the server's activity with Pterodactyl's names.
 */
@ApplicationScoped
public class ClientDatabases {
    static final String VIEW_PASSWORD = "database.view_password";

    @Inject
    ClientServers actions;

    @Inject
    ServerDatabases databases;

    public List<ServerDatabases.Shown> list(ClientServers.Access access, boolean includePassword) {
        actions.require(access, "database.read");
        ClientServers.available(access.server());
        return databases.list(access.server(), includePassword && seesPasswords(access));
    }

    public ServerDatabases.Shown create(Caller caller, ClientServers.Access access, String name, String remote) {
        actions.require(access, "database.create");
        ClientServers.available(access.server());
        ServerDatabases.Shown created = databases.create(access.server(), name, remote, seesPasswords(access));
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_DATABASE_CREATE,
                Map.of("name", created.database().name));
        return created;
    }

    public ServerDatabases.Shown rotatePassword(Caller caller, ClientServers.Access access, String id) {
        actions.require(access, "database.update");
        ClientServers.available(access.server());
        ServerDatabases.Shown rotated = databases.rotatePassword(access.server(), id, seesPasswords(access));
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_DATABASE_ROTATE_PASSWORD,
                Map.of("name", rotated.database().name));
        return rotated;
    }

    public void delete(Caller caller, ClientServers.Access access, String id) {
        actions.require(access, "database.delete");
        ClientServers.available(access.server());
        ServerDatabase deleted = databases.delete(access.server(), id);
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_DATABASE_DELETE, Map.of("name", deleted.name));
    }

    private static boolean seesPasswords(ClientServers.Access access) {
        return ServerPermissions.grants(access.permissions(), VIEW_PASSWORD);
    }
}
