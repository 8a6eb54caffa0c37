package dev.wingman.servers.internal.databases;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Database host and server database rows. Each write is one short transaction: the panel never
 * talks to a database host while it holds a PostgreSQL transaction open.
 */
@ApplicationScoped
public class DatabaseStore {
    private static final String SERVER_DATABASES = "wingman.server-databases";
    @Inject
    @PanelPersistence
    EntityManager em;

    public List<DatabaseHost> hosts() {
        return em.createQuery("from DatabaseHost order by name", DatabaseHost.class).getResultList();
    }

    public Optional<DatabaseHost> host(String id) {
        return Optional.ofNullable(em.find(DatabaseHost.class, id));
    }

    /** How many databases each host holds, by host id. */
    public Map<String, Long> databaseCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("select d.hostId, count(d) from ServerDatabase d group by d.hostId", Object[].class)
                .getResultList()) {
            counts.put((String) row[0], (Long) row[1]);
        }
        return counts;
    }

    @Transactional
    public DatabaseHost insertHost(DatabaseHost host) {
        lockHostNames();
        requireFreeName(host.name, null);
        em.persist(host);
        return host;
    }

    /** Replaces what an administrator may change; the password only when {@code sealedPassword} is given. */
    @Transactional
    public DatabaseHost updateHost(String id, DatabaseHost changed, String sealedPassword) {
        lockHostNames();
        DatabaseHost host = em.find(DatabaseHost.class, id);
        if (host == null) {
            throw hostNotFound();
        }
        requireFreeName(changed.name, id);
        host.name = changed.name;
        host.host = changed.host;
        host.port = changed.port;
        host.username = changed.username;
        host.maxDatabases = changed.maxDatabases;
        host.nodeId = changed.nodeId;
        if (sealedPassword != null) {
            host.sealedPassword = sealedPassword;
        }
        return host;
    }

    /** Deletes the host; 409 while it holds databases (checked under the host's lock, so none is added meanwhile). */
    @Transactional
    public DatabaseHost deleteHost(String id) {
        DatabaseHost host = em.find(DatabaseHost.class, id);
        if (host == null) {
            throw hostNotFound();
        }
        lock("wingman.database-host", id);
        long held = em.createQuery("select count(d) from ServerDatabase d where d.hostId = ?1", Long.class)
                .setParameter(1, id).getSingleResult();
        if (held > 0) {
            throw ApiException.conflict("The database host still holds " + held + " database(s); delete them first");
        }
        em.remove(host);
        return host;
    }

    public List<ServerDatabase> databasesOf(String serverId) {
        return em.createQuery("from ServerDatabase where serverId = ?1 order by createdAt, id", ServerDatabase.class)
                .setParameter(1, serverId).getResultList();
    }

    /**
     * Takes the lock {@link #reserve} takes for the server's databases, on {@code em}'s connection,
     * until its transaction ends: the server's deletion takes it on the connection that deletes
     * the server's row, so no database is added meanwhile and a drop job asking
     * {@link #stillHeld} waits until that deletion has committed or rolled back.
     */
    public static void lockServerDatabases(EntityManager em, String serverId) {
        lock(em, SERVER_DATABASES, serverId);
    }

    /**
     * Whether the database's row is still there, asked once any transaction holding the server's
     * database lock (a deletion of the server in progress) has committed or rolled back.
     */
    @Transactional
    public boolean stillHeld(String serverId, String id) {
        lock(em, SERVER_DATABASES, serverId);
        return em.createQuery("select count(d) from ServerDatabase d where d.id = ?1", Long.class).setParameter(1, id)
                .getSingleResult() > 0;
    }

    public Optional<ServerDatabase> database(String serverId, String id) {
        ServerDatabase database = em.find(ServerDatabase.class, id);
        return database == null || !database.serverId.equals(serverId) ? Optional.empty() : Optional.of(database);
    }

    /**
     * Stores a new database row for the server if it stays within {@code limit} and its name is
     * free, on the first of {@code hostIds} (in preference order) that has room. The server's lock
     * and the chosen host's lock are held until commit, so concurrent creates are counted one at a
     * time. Answers the row with its host.
     */
    @Transactional
    public Reserved reserve(ServerDatabase database, int limit, List<String> hostIds) {
        lock(em, SERVER_DATABASES, database.serverId);
        if (em.createNativeQuery("select count(*) from servers where id = ?1").setParameter(1, database.serverId)
                .getSingleResult() instanceof Number n && n.longValue() == 0) {
            throw ApiException.notFound("Server not found"); // deleted meanwhile
        }
        long held = em.createQuery("select count(d) from ServerDatabase d where d.serverId = ?1", Long.class)
                .setParameter(1, database.serverId).getSingleResult();
        if (held >= limit) {
            throw ApiException.conflict("Cannot create additional databases on this server: it has reached its limit of "
                    + limit + ".");
        }
        boolean taken = !em.createQuery("select d.id from ServerDatabase d where d.serverId = ?1 and d.name = ?2", String.class)
                .setParameter(1, database.serverId).setParameter(2, database.name).getResultList().isEmpty();
        if (taken) {
            throw new ApiException(422, "The database name has already been taken.", Map.of("field", "database"), Map.of());
        }
        for (String hostId : hostIds) {
            lock("wingman.database-host", hostId);
            DatabaseHost host = em.find(DatabaseHost.class, hostId);
            if (host == null) {
                continue;
            }
            long onHost = em.createQuery("select count(d) from ServerDatabase d where d.hostId = ?1", Long.class)
                    .setParameter(1, hostId).getSingleResult();
            if (host.hasRoom(onHost)) {
                database.hostId = hostId;
                em.persist(database);
                return new Reserved(database, host);
            }
        }
        throw new ApiException(503, "No database host was found that meets the requirements for this server.");
    }

    /** A database row just stored and the host it is on. */
    public record Reserved(ServerDatabase database, DatabaseHost host) {
    }

    @Transactional
    public void setPassword(String id, String sealedPassword) {
        ServerDatabase database = em.find(ServerDatabase.class, id);
        if (database != null) {
            database.sealedPassword = sealedPassword;
        }
    }

    @Transactional
    public void removeDatabase(String id) {
        em.createQuery("delete from ServerDatabase where id = ?1").setParameter(1, id).executeUpdate();
    }

    private void requireFreeName(String name, String exceptId) {
        boolean taken = em.createQuery("select h.id from DatabaseHost h where lower(h.name) = lower(?1)", String.class)
                .setParameter(1, name).getResultList().stream().anyMatch(id -> !id.equals(exceptId));
        if (taken) {
            throw ApiException.conflict("A database host with this name exists");
        }
    }

    private void lockHostNames() {
        lock("wingman.database-host-names", "");
    }

    private void lock(String kind, String key) {
        lock(em, kind, key);
    }

    private static void lock(EntityManager em, String kind, String key) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1), hashtext(?2))")
                .setParameter(1, kind).setParameter(2, key).getSingleResult();
    }

    static ApiException hostNotFound() {
        return ApiException.notFound("Database host not found");
    }
}
