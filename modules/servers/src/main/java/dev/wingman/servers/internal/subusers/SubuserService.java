package dev.wingman.servers.internal.subusers;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.servers.api.ServersPermissions;

import dev.wingman.auth.api.Accounts;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.servers.internal.AuditTrailScopes;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.client.ClientListCache;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.console.ConsoleCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Subusers: other accounts given some of Pterodactyl's permission keys on a server. Nobody grants
 * a key they do not hold. When a subuser's keys shrink or they are removed, their console tokens
 * are denied at Wings ({@code ws/deny}) so an open console cannot outlive the access.
 */
@ApplicationScoped
public class SubuserService {
    private static final Logger LOG = Logger.getLogger(SubuserService.class.getName());
    /** The keys a subuser can hold (reference/wings-protocol.md §7.2); "*" and admin.* are not assignable. */
    public static final Set<String> KEYS = Set.of("websocket.connect", "control.console", "control.start", "control.stop",
            "control.restart", "user.create", "user.read", "user.update", "user.delete", "file.create", "file.read",
            "file.read-content", "file.update", "file.delete", "file.archive", "file.sftp", "backup.create", "backup.read",
            "backup.delete", "backup.download", "backup.restore", "allocation.read", "allocation.create",
            "allocation.update", "allocation.delete", "startup.read", "startup.update", "startup.docker-image",
            "database.create", "database.read", "database.update", "database.delete", "database.view_password",
            "schedule.create", "schedule.read", "schedule.update", "schedule.delete", "settings.rename",
            "settings.reinstall", "activity.read");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    ClientListCache clientLists;

    @Inject
    Accounts accounts;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    /** Through the proxy, so the transactional writes below are transactions (a self-call would bypass it). */
    @Inject
    SubuserService self;

    /** A subuser with their account. */
    public record Entry(Subuser subuser, Accounts.Account account) {
        public List<String> permissions() {
            return List.copyOf(subuser.permissions);
        }
    }

    public List<Entry> list(ClientServers.Access access) {
        require(access, "user.read");
        return em.createQuery("select s from Subuser s where s.serverId = :server order by s.createdAt", Subuser.class)
                .setParameter("server", access.server().id).getResultList().stream()
                .map(s -> new Entry(s, accounts.findById(s.userId).orElse(null)))
                .filter(e -> e.account() != null).toList();
    }

    public Entry get(ClientServers.Access access, String userId) {
        require(access, "user.read");
        return entry(access.server(), userId);
    }

    @Transactional
    public Entry add(Caller caller, ClientServers.Access access, String email, List<String> permissions) {
        require(access, "user.create");
        Set<String> keys = keys(access, permissions);
        Accounts.Account account = accounts.findByEmail(email == null ? "" : email)
                .orElseThrow(() -> new ApiException(422, "No account uses that e-mail; they need to register first.",
                        Map.of("field", "email"), Map.of()));
        Server server = access.server();
        if (account.id().equals(server.ownerId)) {
            throw new ApiException(422, "The server's owner cannot be a subuser.", Map.of("field", "email"), Map.of());
        }
        if (em.find(Subuser.class, new Subuser.Key(server.id, account.id())) != null) {
            throw ApiException.conflict("That user is already a subuser of this server.");
        }
        Subuser subuser = new Subuser();
        subuser.serverId = server.id;
        subuser.userId = account.id();
        subuser.permissions = List.copyOf(keys);
        subuser.createdAt = Instant.now();
        subuser.updatedAt = subuser.createdAt;
        em.persist(subuser);
        clientLists.changed();
        audit.record(AuditTrailScopes.server(server.id), ServersPermissions.ACTIVITY_SUBUSER_CREATE, "user", account.id(),
                Map.of("email", account.email(), "permissions", String.join(",", keys), ServerActivity.API_MARK,
                        caller.apiKeyId() != null));
        return new Entry(subuser, account);
    }

    public Entry update(Caller caller, ClientServers.Access access, String userId, List<String> permissions) {
        require(access, "user.update");
        Set<String> keys = keys(access, permissions);
        Entry entry = entry(access.server(), userId);
        self.write(access.server().id, userId, List.copyOf(keys));
        audit.record(AuditTrailScopes.server(access.server().id), ServersPermissions.ACTIVITY_SUBUSER_UPDATE, "user", userId,
                Map.of("permissions", String.join(",", keys), ServerActivity.API_MARK, caller.apiKeyId() != null));
        revokeConsole(access.server(), userId);
        entry.subuser().permissions = List.copyOf(keys);
        return entry;
    }

    public void remove(Caller caller, ClientServers.Access access, String userId) {
        require(access, "user.delete");
        entry(access.server(), userId);
        self.delete(access.server().id, userId);
        audit.record(AuditTrailScopes.server(access.server().id), ServersPermissions.ACTIVITY_SUBUSER_DELETE, "user", userId,
                Map.of(ServerActivity.API_MARK, caller.apiKeyId() != null));
        revokeConsole(access.server(), userId);
    }

    @Transactional
    public void write(String serverId, String userId, List<String> permissions) {
        em.createQuery("update Subuser s set s.permissions = :p, s.updatedAt = :now where s.serverId = :server and s.userId = :user")
                .setParameter("p", permissions).setParameter("now", Instant.now()).setParameter("server", serverId)
                .setParameter("user", userId).executeUpdate();
        clientLists.changed();
    }

    @Transactional
    public void delete(String serverId, String userId) {
        em.createQuery("delete from Subuser s where s.serverId = :server and s.userId = :user")
                .setParameter("server", serverId).setParameter("user", userId).executeUpdate();
        clientLists.changed();
    }

    /** The keys a subuser holds on the server, empty if they are not one. */
    /** Every server the user is a subuser of, with their keys there. */
    public java.util.Map<String, List<String>> grantsOf(String userId) {
        java.util.Map<String, List<String>> grants = new java.util.LinkedHashMap<>();
        em.createQuery("select s from Subuser s where s.userId = :user", Subuser.class).setParameter("user", userId)
                .getResultList().forEach(s -> grants.put(s.serverId, List.copyOf(s.permissions)));
        return grants;
    }

    public List<String> permissionsOf(String serverId, String userId) {
        Subuser subuser = em.find(Subuser.class, new Subuser.Key(serverId, userId));
        return subuser == null ? List.of() : List.copyOf(subuser.permissions);
    }

    /** Denies the user's console tokens for this server at Wings; best effort, as they expire anyway. */
    private void revokeConsole(Server server, String userId) {
        try {
            wings.denyTokens(server.nodeId, server.uuid.toString(), List.of(ConsoleCredentials.jti(userId, server.uuid.toString())));
        } catch (WingsException e) {
            LOG.log(Level.WARNING, "Could not deny console tokens at Wings for server " + server.id + ": " + e.detail());
        }
    }

    private Entry entry(Server server, String userId) {
        Subuser subuser = em.find(Subuser.class, new Subuser.Key(server.id, userId));
        Accounts.Account account = subuser == null ? null : accounts.findById(userId).orElse(null);
        if (account == null) {
            throw ApiException.notFound("Subuser not found");
        }
        return new Entry(subuser, account);
    }

    /** Valid keys the caller holds themselves; 422 for an unknown key, 403 for one they lack. */
    private static Set<String> keys(ClientServers.Access access, List<String> permissions) {
        if (permissions == null) {
            throw new ApiException(422, "The permissions field is required.", Map.of("field", "permissions"), Map.of());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String key : permissions) {
            if (key == null || !KEYS.contains(key)) {
                throw new ApiException(422, "Unknown permission " + key + ".", Map.of("field", "permissions"), Map.of());
            }
            if (!ServerPermissions.grants(access.permissions(), key)) {
                throw ApiException.forbidden("You cannot grant " + key + ": you do not hold it.");
            }
            keys.add(key);
        }
        return keys;
    }

    private static void require(ClientServers.Access access, String key) {
        if (!ServerPermissions.grants(access.permissions(), key)) {
            throw ApiException.forbidden("This action is unauthorized.");
        }
    }
}
