package dev.wingman.servers.internal;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.servers.internal.client.ClientListCache;
import dev.wingman.servers.internal.databases.DatabaseStore;
import dev.wingman.servers.internal.transfers.ServerTransfer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Server rows. Each write is one transaction, so Wings is called before or after, never inside one. */
@ApplicationScoped
public class ServerStore {
    public static final Set<String> SORTABLE = Set.of("name", "createdAt");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    ClientListCache clientLists;

    /**
     * Inserts the server if it still fits on its node. A transaction-scoped advisory lock per node
     * serialises this check-and-insert, so concurrent creates can never overfill a node.
     */
    @Transactional
    public boolean insertIfFits(Server server, NodeInfo node, ServerQuotas.Quota quota) {
        if (quota != null && !quota.unlimited()) {
            withinQuota(server, quota);
        }
        if (!Capacity.fits(node, lockAndMeasure(node.id(), server.id), server.limits)) {
            return false;
        }
        em.persist(server);
        clientLists.changed();
        return true;
    }

    /**
     * Refused (409 for a tier's quota, 403 for a plan's limits) unless the server's payer (its
     * organisation, else its owner) stays within its quota with it. The payer's quota lock is held for the rest of the transaction, always before
     * a node's capacity lock, so concurrent creates are counted one at a time.
     */
    private void withinQuota(Server server, ServerQuotas.Quota quota) {
        boolean organisation = server.organisationId != null;
        String payer = organisation ? server.organisationId : server.ownerId;
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.quota'), hashtext(?))")
                .setParameter(1, payer).getSingleResult();
        Object[] usage = (Object[]) em.createNativeQuery("select count(*), coalesce(sum(memory_mib), 0), coalesce(sum(disk_mib), 0) "
                        + "from servers where " + (organisation ? "organisation_id = ?1" : "owner_id = ?1 and organisation_id is null")
                        + " and id <> ?2")
                .setParameter(1, payer).setParameter(2, server.id).getSingleResult();
        quota.check(((Number) usage[0]).longValue() + 1, ((Number) usage[1]).longValue() + server.limits.memoryMib(),
                ((Number) usage[2]).longValue() + server.limits.diskMib());
    }

    /**
     * Takes the node's capacity lock for the rest of the transaction and answers what its other
     * servers use: every check-and-write of a node's servers goes through here, one at a time.
     */
    private Capacity.Usage lockAndMeasure(String nodeId, String excludedServerId) {
        lockCapacity(nodeId);
        return measure(nodeId, excludedServerId);
    }

    private void lockCapacity(String nodeId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.node-capacity'), hashtext(?))")
                .setParameter(1, nodeId).getSingleResult();
    }

    /** What the node's servers but one use; meaningful only under the node's capacity lock. */
    private Capacity.Usage measure(String nodeId, String excludedServerId) {
        // Servers being transferred in count already: the destination must keep their room.
        Object[] usage = (Object[]) em.createNativeQuery("select count(*), coalesce(sum(memory_mib), 0), "
                        + "coalesce(sum(disk_mib), 0) from servers where (node_id = ?1 or transfer_node_id = ?1) and id <> ?2")
                .setParameter(1, nodeId).setParameter(2, excludedServerId).getSingleResult();
        return new Capacity.Usage(((Number) usage[1]).longValue(), ((Number) usage[2]).longValue(),
                ((Number) usage[0]).longValue());
    }

    /**
     * Changes a server under its row lock (as {@link #change} does) and, when that makes it need
     * more room than it had, checks that it still fits its node in the same transaction, under the
     * node's capacity lock (as inserts take it): 409 naming the node, nothing written, when it does
     * not. {@code node} is the server's node as the caller read it, given whenever the change may
     * touch the limits (null: the node is gone, and a larger server is 409); its capacity lock is
     * taken before the row lock, in the order a transfer's start takes the two.
     */
    @Transactional
    public Server changeFitting(String serverId, NodeInfo node, Consumer<Server> change) {
        if (node != null) {
            lockCapacity(node.id());
        }
        return change(serverId, server -> {
            ServerLimits before = server.limits;
            change.accept(server);
            if (!server.limits.needMoreRoomThan(before)) {
                return;
            }
            if (node == null) {
                throw ApiException.conflict("The server's node is gone");
            }
            if (!node.id().equals(server.nodeId)) { // a transfer finished since the caller read it: not the node locked
                throw ApiException.conflict("The server has just moved to another node; try the change again.");
            }
            if (!Capacity.fits(node, measure(node.id(), server.id), server.limits)) {
                throw ApiException.conflict("Node '" + node.name() + "' has no room for " + server.limits.room());
            }
        });
    }

    /**
     * Starts a transfer if the server still fits on the destination (same lock as inserts) and no
     * other transfer of it is in flight: stores the transfer and locks the server to it.
     */
    @Transactional
    public boolean beginTransferIfFits(Server server, ServerTransfer transfer, NodeInfo destination) {
        if (!Capacity.fits(destination, lockAndMeasure(destination.id(), server.id), server.limits)) {
            return false;
        }
        // Not while a backup restore runs either: the restore takes the same row lock (Backups.beginRestore).
        int locked = em.createNativeQuery("update servers set transfer_node_id = ? where id = ? and transfer_node_id is null "
                        + "and (status is null or status <> 'restoring_backup')")
                .setParameter(1, destination.id()).setParameter(2, server.id).executeUpdate();
        if (locked == 0) {
            throw ApiException.conflict("This server is already being transferred or is restoring from a backup.");
        }
        em.persist(transfer);
        clientLists.changed();
        return true;
    }

    /**
     * Deletes the server's row (its databases', backups' rows go with it, cascade). Under the
     * server's database lock, taken on this connection: {@code beforeDelete} runs within the same
     * transaction first (the databases' drop jobs are scheduled there).
     */
    @Transactional
    public void remove(String serverId, Runnable beforeDelete) {
        DatabaseStore.lockServerDatabases(em, serverId);
        beforeDelete.run();
        em.createQuery("delete from Server s where s.id = :id").setParameter("id", serverId).executeUpdate();
        clientLists.changed();
    }

    public Server find(String id) {
        return em.find(Server.class, id);
    }

    /** By id, uuid or 8-character identifier. */
    public Server findByAnyId(String reference) {
        Server byId = em.find(Server.class, reference);
        if (byId != null) {
            return byId;
        }
        String query = reference.length() == 8 ? "select s from Server s where s.identifier = :ref"
                : "select s from Server s where cast(s.uuid as string) = :ref";
        return em.createQuery(query, Server.class).setParameter("ref", reference).getResultStream().findFirst().orElse(null);
    }

    /** The node's servers in creation order, for Wings' paged boot listing. */
    public Page<Server> onNode(String nodeId, PageRequest page) {
        List<Server> data = em.createQuery("select s from Server s where s.nodeId = :node order by s.createdAt, s.id", Server.class)
                .setParameter("node", nodeId).setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList();
        long total = em.createQuery("select count(s) from Server s where s.nodeId = :node", Long.class)
                .setParameter("node", nodeId).getSingleResult();
        return Page.of(data, page, total);
    }

    /** The server with this uuid if it is on the node; a node never sees another node's servers. */
    public Server onNode(String nodeId, String uuid) {
        return em.createQuery("select s from Server s where s.nodeId = :node and cast(s.uuid as string) = :uuid", Server.class)
                .setParameter("node", nodeId).setParameter("uuid", uuid).getResultStream().findFirst().orElse(null);
    }

    /** The server with this uuid if it is on the node or being transferred to it. */
    public Server onOrComingTo(String nodeId, String uuid) {
        return em.createQuery("select s from Server s where (s.nodeId = :node or s.transferNodeId = :node) "
                        + "and cast(s.uuid as string) = :uuid", Server.class)
                .setParameter("node", nodeId).setParameter("uuid", uuid).getResultStream().findFirst().orElse(null);
    }

    /** The server with this 8-character identifier if it is on the node. */
    public Server onNodeByIdentifier(String nodeId, String identifier) {
        return em.createQuery("select s from Server s where s.nodeId = :node and s.identifier = :identifier", Server.class)
                .setParameter("node", nodeId).setParameter("identifier", identifier).getResultStream().findFirst().orElse(null);
    }

    /**
     * Changes a server under its row lock, in the caller's transaction: {@code change} calls the
     * entity's intent methods and the change is written at commit. Concurrent changes of one server
     * (two ports added at once against its limit) wait for each other. 404 when it is gone.
     */
    @Transactional
    public Server change(String serverId, Consumer<Server> change) {
        Server server = Locking.row(em, Server.class, serverId);
        if (server == null) {
            throw notFound();
        }
        change.accept(server);
        clientLists.changed();
        return server;
    }

    /**
     * Marks the server installing for a reinstall, under the server's row lock (as a backup restore
     * takes it, so the two cannot both begin); 409 while installing or restoring. Answers the status before.
     */
    @Transactional
    public ServerStatus reinstalling(String serverId) {
        Server locked = Locking.row(em, Server.class, serverId);
        if (locked == null) {
            throw notFound();
        }
        ServerStatus before = locked.reinstalling();
        clientLists.changed();
        return before;
    }

    /** Writes the status as it is (also to undo a reinstall Wings did not take). */
    @Transactional
    public void setStatus(String serverId, ServerStatus status) {
        em.createQuery("update Server s set s.status = :status, s.updatedAt = current_timestamp where s.id = :id")
                .setParameter("status", status).setParameter("id", serverId).executeUpdate();
        clientLists.changed();
    }

    /**
     * What Wings' boot means for its servers: an install it was running did not finish, and a
     * restore it was running is over.
     */
    @Transactional
    public int resetNode(String nodeId) {
        int changed = 0;
        for (ServerStatus from : ServerStatus.values()) {
            if (from.afterNodeBoot() != from) {
                changed += em.createQuery("update Server s set s.status = :to where s.nodeId = :node and s.status = :from")
                        .setParameter("to", from.afterNodeBoot()).setParameter("node", nodeId).setParameter("from", from)
                        .executeUpdate();
            }
        }
        if (changed > 0) {
            clientLists.changed();
        }
        return changed;
    }

    /** Wings reported how an install ended. */
    @Transactional
    public void installed(String serverId, boolean successful, boolean reinstall) {
        Server server = Locking.row(em, Server.class, serverId);
        if (server == null) {
            return; // deleted meanwhile
        }
        server.installed(successful, reinstall);
        clientLists.changed();
    }

    public long countUsingEgg(String eggId) {
        return em.createQuery("select count(s) from Server s where s.eggId = :egg", Long.class)
                .setParameter("egg", eggId).getSingleResult();
    }

    public long countOwnedBy(String organisationId) {
        return em.createQuery("select count(s) from Server s where s.organisationId = :org", Long.class)
                .setParameter("org", organisationId).getSingleResult();
    }

    /**
     * Servers visible through ownership of {@code ownerId} (none when null), its subuser keys (only
     * the servers in {@code shared} when that is given, for a narrowly scoped API key), or the
     * given organisations ({@code everything} for administrators), optionally filtered by a name
     * fragment, node and organisation.
     */
    public Page<Server> search(String ownerId, java.util.Collection<String> shared, List<String> organisations, boolean everything,
                               String nameContains, String nodeId, String organisationId, PageRequest page) {
        String sharedWith = shared == null ? "s.id in (select su.serverId from Subuser su where su.userId = :owner)"
                : shared.isEmpty() ? "1 = 0" : "s.id in :shared";
        String ownOrShared = ownerId == null ? "1 = 0" : "s.ownerId = :owner or " + sharedWith;
        StringBuilder where = new StringBuilder(everything ? "where 1 = 1"
                : "where (" + ownOrShared + (organisations.isEmpty() ? ")" : " or s.organisationId in :orgs)"));
        if (nameContains != null) {
            where.append(" and lower(s.name) like :name escape '\\'");
        }
        if (nodeId != null) {
            where.append(" and s.nodeId = :node");
        }
        if (organisationId != null) {
            where.append(" and s.organisationId = :org");
        }
        TypedQuery<Server> rows = em.createQuery("select s from Server s " + where + " order by s." + page.sortField()
                + (page.descending() ? " desc" : " asc") + ", s.id", Server.class);
        TypedQuery<Long> count = em.createQuery("select count(s) from Server s " + where, Long.class);
        for (TypedQuery<?> query : List.of(rows, count)) {
            if (!everything && ownerId != null) {
                query.setParameter("owner", ownerId);
                if (shared != null && !shared.isEmpty()) {
                    query.setParameter("shared", shared);
                }
            }
            if (!everything) {
                if (!organisations.isEmpty()) {
                    query.setParameter("orgs", organisations);
                }
            }
            if (nameContains != null) {
                query.setParameter("name", nameContains);
            }
            if (nodeId != null) {
                query.setParameter("node", nodeId);
            }
            if (organisationId != null) {
                query.setParameter("org", organisationId);
            }
        }
        List<Server> data = rows.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList();
        // A first page that is not full is everything: most users' lists need no count query.
        long total = page.offset() == 0 && data.size() < page.perPage() ? data.size() : count.getSingleResult();
        return Page.of(data, page, total);
    }

    static ApiException notFound() {
        return ApiException.notFound("Server not found");
    }
}
