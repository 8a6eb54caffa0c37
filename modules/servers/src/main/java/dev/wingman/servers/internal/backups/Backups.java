package dev.wingman.servers.internal.backups;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RecurringJob;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.AuditTrailScopes;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerStatus;
import dev.wingman.servers.internal.client.ClientListCache;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.client.SignedLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Pterodactyl's backups of a server ({@code /api/client/servers/{server}/backups}), made and kept
 * by the server's node with Wings' local adapter. Each client action checks its permission key
 * (backup.read, .create, .download, .restore, .delete) and the server's state (409 while suspended,
 * installing, transferred or restoring), calls the node through the guarded Wings client and records
 * Pterodactyl's {@code server:backup.*} events. Creating is asynchronous: the row is pending until
 * Wings reports on the remote API ({@link #reported}); one that never reports is failed by this
 * bean's recurring sweep ({@code servers.backup-sweep}) after {@code wingman.backups.timeout}, and
 * so is a restore that never reports. {@code feature_limits.backups} counts pending and made
 * backups (not failed ones), checked under a per-server lock so concurrent creates cannot pass it.
 * Deleting (a client's delete, a rotation) first moves the backup to deleting in a transaction of
 * its own, under its row lock, then asks the node; a backup left deleting is put back by the sweep
 * after {@code wingman.backups.delete-timeout}.
 */
@ApplicationScoped
public class Backups implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(Backups.class.getName());
    /** Pterodactyl's limit on a backup's name. */
    static final int MAX_NAME = 191;
    /** The longest ignore list accepted (Pterodactyl sets none; Wings reads it into memory). */
    static final int MAX_IGNORED = 65_535;
    /** Pterodactyl's page size for backups: 20 by default, at most 50. */
    static final int DEFAULT_PER_PAGE = 20;
    static final int MAX_PER_PAGE = 50;
    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    ClientServers actions;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    SignedLinks links;

    @Inject
    ClientListCache clientLists;

    @Inject
    Backups self;

    /** feature_limits.backups of a server whose own limit is not set. */
    @Inject
    @ConfigProperty(name = "wingman.backups.default-limit", defaultValue = "3")
    int defaultLimit;

    /** How long a backup may stay pending, and a restore running, before the panel fails it. */
    @Inject
    @ConfigProperty(name = "wingman.backups.timeout", defaultValue = "PT6H")
    Duration timeout;

    /**
     * How long a backup may stay deleting before the sweep puts it back. A delete is one short Wings
     * call (bounded by the Wings client's timeouts), so a backup deleting for longer was left by an
     * instance that died mid-delete: it should not stay undeletable, unrestorable and in the way of a
     * transfer for the hours {@link #timeout} allows an archive to be made. Keep it above
     * {@code wingman.wings.read-timeout}, or a delete still waiting for its node is put back.
     */
    @Inject
    @ConfigProperty(name = "wingman.backups.delete-timeout", defaultValue = "PT15M")
    Duration deleteTimeout;

    @Inject
    @ConfigProperty(name = "wingman.backups.sweep-interval", defaultValue = "PT1M")
    Duration sweepInterval;

    /** One page of a server's backups, and how many count against its limit (meta.backup_count). */
    public record Listing(Page<Backup> page, long backupCount) {
    }

    /** The server's feature_limits.backups. */
    public int limitOf(Server server) {
        return server.featureLimits.backupsOr(defaultLimit);
    }

    public Listing list(ClientServers.Access access, Integer page, Integer perPage) {
        actions.require(access, "backup.read");
        ClientServers.available(access.server());
        int size = perPage == null ? DEFAULT_PER_PAGE : perPage;
        if (size < 1 || size > MAX_PER_PAGE) {
            throw ClientServers.invalid("per_page", "The per_page must be between 1 and " + MAX_PER_PAGE + ".");
        }
        if (page != null && (page < 1 || page > PageRequest.MAX_PAGE)) {
            throw ClientServers.invalid("page", "The page must be between 1 and " + PageRequest.MAX_PAGE + ".");
        }
        PageRequest request = new PageRequest(page == null ? 1 : page, size, "createdAt", false);
        String serverId = access.server().id;
        List<Backup> data = em.createQuery("select b from Backup b where b.serverId = :server order by b.createdAt, b.id",
                        Backup.class).setParameter("server", serverId)
                .setFirstResult(request.offset()).setMaxResults(size).getResultList();
        long total = em.createQuery("select count(b) from Backup b where b.serverId = :server", Long.class)
                .setParameter("server", serverId).getSingleResult();
        return new Listing(Page.of(data, request, total), counted(serverId));
    }

    public Backup get(ClientServers.Access access, String backup) {
        actions.require(access, "backup.read");
        ClientServers.available(access.server());
        return find(access.server(), backup);
    }

    /**
     * Starts a backup for a client: needs backup.create; {@code locked} is kept only for a caller who
     * also holds backup.delete, as Pterodactyl does, and {@code rotate} (which deletes a backup) is
     * 403 without backup.delete. See {@link #start}.
     */
    public Backup create(Caller caller, ClientServers.Access access, String name, String ignored, Boolean locked,
                         boolean rotate) {
        actions.require(access, "backup.create");
        ClientServers.available(access.server());
        boolean deletes = ServerPermissions.grants(access.permissions(), "backup.delete");
        if (rotate && !deletes) {
            // Rotating deletes the oldest unlocked backup: a delete, so it needs backup.delete too.
            throw ApiException.forbidden("This action is unauthorized: rotating out a backup needs backup.delete.");
        }
        boolean lock = Boolean.TRUE.equals(locked) && deletes;
        return begin(access.server(), name, ignored, lock, rotate, caller, caller.userId());
    }

    /**
     * Starts a backup of {@code server} for a schedule's backup task (or any caller that has checked
     * its own authority: no permission key is checked here). {@code name} blank gives Pterodactyl's
     * "Backup at <date>"; {@code ignored} is newline-separated patterns (may be null); with
     * {@code rotate}, a server at its limit first loses its oldest unlocked, successful backup (as
     * Pterodactyl's schedules do), otherwise it is 409. {@code actorId} is an account id (or null):
     * the backup's {@code created_by} and the activity's actor. Throws {@link ApiException}: 409
     * when the server is suspended, installing, transferred or restoring, or at its limit; 400 when
     * its limit is 0; 422 for a bad name or ignore list; 503/504 when the node is unavailable
     * (nothing is kept then). Answers the pending backup; Wings reports the outcome later.
     */
    public Backup start(Server server, String name, String ignored, boolean locked, boolean rotate, String actorId) {
        ClientServers.available(server);
        return begin(server, name, ignored, locked, rotate, null, actorId);
    }

    private Backup begin(Server server, String name, String ignored, boolean locked, boolean rotate, Caller caller,
                         String actorId) {
        String shown = name == null || name.isBlank() ? "Backup at " + DEFAULT_NAME.format(Instant.now()) : name.strip();
        if (shown.length() > MAX_NAME) {
            throw ClientServers.invalid("name", "The name may not be greater than " + MAX_NAME + " characters.");
        }
        if (shown.indexOf('\0') >= 0) {
            throw ClientServers.invalid("name", "The name may not contain a NUL character.");
        }
        List<String> patterns = patterns(ignored);
        int limit = limitOf(server);
        if (limit == 0) {
            throw ApiException.badRequest("This server is not allowed to create any backups.");
        }
        if (rotate && counted(server.id) >= limit) {
            rotateOut(server, limit, caller, actorId);
        }
        Backup backup = Backup.requested(server.id, server.nodeId, shown, patterns, locked, actorId);
        self.insertWithinLimit(backup, limit);
        try {
            wings.backup(server.nodeId, server.uuid.toString(), backup.uuid.toString(), String.join("\n", patterns));
        } catch (WingsException e) {
            self.remove(backup.id);
            throw ClientServers.daemonError(e, false);
        }
        activity(caller, actorId, server, ServersPermissions.ACTIVITY_BACKUP_START,
                Map.of("backup", backup.uuid.toString(), "name", backup.name, "locked", backup.locked));
        return backup;
    }

    /** The ignore patterns, one per non-blank line (Pterodactyl's explode on newlines). */
    private static List<String> patterns(String ignored) {
        if (ignored == null) {
            return List.of();
        }
        if (ignored.length() > MAX_IGNORED) {
            throw ClientServers.invalid("ignored", "The ignored may not be greater than " + MAX_IGNORED + " characters.");
        }
        if (ignored.indexOf('\0') >= 0) {
            throw ClientServers.invalid("ignored", "The ignored may not contain a NUL character.");
        }
        return Arrays.stream(ignored.split("\r?\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Deletes the oldest unlocked, successful backup to make room; 409 when every one is locked,
     * unfinished, being restored from or already being deleted (by another delete or rotation).
     */
    private void rotateOut(Server server, int limit, Caller caller, String actorId) {
        Backup oldest = self.claimRotatable(server.id).orElseThrow(() -> atLimit(limit));
        deleteStored(server, oldest);
        activity(caller, actorId, server, ServersPermissions.ACTIVITY_BACKUP_DELETE,
                Map.of("backup", oldest.uuid.toString(), "name", oldest.name, "rotated", true));
    }

    /**
     * Moves the server's oldest rotatable backup ({@link Backup#rotatable}) to deleting, checked
     * again under its row lock: two rotations never pick the same one.
     */
    @Transactional
    public Optional<Backup> claimRotatable(String serverId) {
        List<String> oldestFirst = em.createQuery("select b.id from Backup b where b.serverId = :server "
                        + "and b.state = :succeeded and b.locked = false order by b.createdAt, b.id", String.class)
                .setParameter("server", serverId).setParameter("succeeded", BackupState.SUCCEEDED)
                .setMaxResults(20).getResultList();
        for (String id : oldestFirst) {
            Backup backup = Locking.row(em, Backup.class, id);
            if (backup != null && backup.rotatable()) {
                backup.deleting(Instant.now());
                return Optional.of(backup);
            }
        }
        return Optional.empty();
    }

    private static ApiException atLimit(int limit) {
        return ApiException.conflict("Cannot create a new backup, this server has reached its limit of " + limit + " backups.");
    }

    /** Inserts the backup unless the server is at its limit (409), one create per server at a time. */
    @Transactional
    public void insertWithinLimit(Backup backup, int limit) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.backups'), hashtext(?))")
                .setParameter(1, backup.serverId).getSingleResult();
        if (counted(backup.serverId) >= limit) {
            throw atLimit(limit);
        }
        em.persist(backup);
    }

    /** The server's backups that count against its limit: all but failed ones, deleting or not (those have a failure). */
    private long counted(String serverId) {
        return em.createQuery("select count(b) from Backup b where b.serverId = :server and b.failure is null", Long.class)
                .setParameter("server", serverId).getSingleResult();
    }

    @Transactional
    public void remove(String backupId) {
        em.createQuery("delete from Backup b where b.id = :id").setParameter("id", backupId).executeUpdate();
    }

    /** Locks or unlocks (needs backup.delete, as Pterodactyl's toggle does). */
    public Backup toggleLock(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "backup.delete");
        ClientServers.available(access.server());
        Backup backup = self.toggle(find(access.server(), reference).id);
        activity(caller, caller.userId(), access.server(), backup.locked ? ServersPermissions.ACTIVITY_BACKUP_LOCK
                : ServersPermissions.ACTIVITY_BACKUP_UNLOCK, Map.of("backup", backup.uuid.toString(), "name", backup.name));
        return backup;
    }

    @Transactional
    public Backup toggle(String backupId) {
        Backup backup = Locking.row(em, Backup.class, backupId);
        if (backup == null) {
            throw notFound();
        }
        backup.toggleLock();
        return backup;
    }

    /**
     * Deletes a finished, unlocked backup (backup.delete): the node's archive first, then the row.
     * 409 while it is pending, being restored from or already being deleted, or locked.
     */
    public void delete(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "backup.delete");
        ClientServers.available(access.server());
        Backup backup = self.claimForDelete(find(access.server(), reference).id);
        deleteStored(access.server(), backup);
        activity(caller, caller.userId(), access.server(), ServersPermissions.ACTIVITY_BACKUP_DELETE,
                Map.of("backup", backup.uuid.toString(), "name", backup.name));
    }

    /**
     * Moves the backup to deleting under its row lock, committed before its node is called, so that
     * meanwhile no restore begins from it and no other delete or rotation takes it (409).
     */
    @Transactional
    public Backup claimForDelete(String backupId) {
        Backup backup = Locking.row(em, Backup.class, backupId);
        if (backup == null) {
            throw notFound();
        }
        backup.deleting(Instant.now());
        return backup;
    }

    /**
     * The node deletes the archive of a deleting backup, then the row goes; if the node does not,
     * the backup goes back to what it was (so it can be deleted again) and the node's error is
     * answered. A backup left on another node by a transfer only loses its row: that node's Wings
     * deleted the server and answers 404 for every route of it, so its archive stays on that node's
     * disk for its operator (docs/api.md).
     */
    private void deleteStored(Server server, Backup deleting) {
        if (deleting.on(server.nodeId)) {
            try {
                wings.deleteBackup(deleting.nodeId, server.uuid.toString(), deleting.uuid.toString());
            } catch (WingsException e) {
                self.undoDelete(deleting.id, Instant.MAX); // this request's claim, however recent
                throw ClientServers.daemonError(e, false);
            }
        }
        self.remove(deleting.id);
    }

    /**
     * deleting → what the backup was, if it has been deleting since before {@code since}: the node
     * did not delete the archive, or the instance deleting it died. False when it was not.
     */
    @Transactional
    public boolean undoDelete(String backupId, Instant since) {
        Backup backup = Locking.row(em, Backup.class, backupId);
        return backup != null && backup.updatedAt.isBefore(since) && backup.deleteUndone(Instant.now());
    }

    /**
     * Before the server is deleted: its node deletes every archive it holds (Wings deletes the
     * server's data but not its backups, and once the server is gone Wings answers 404 for every
     * route under it, so this cannot wait until after). Each archive deleted (or already gone: 404)
     * loses its row at once; the first the node cannot delete stops here with the node's error
     * (502, 503 or 504 as the Wings client answers), so the server is not deleted and the backups still
     * listed are exactly those still on the node.
     */
    public void deleteArchives(Server server) {
        List<Backup> made = em.createQuery("select b from Backup b where b.serverId = :server and b.state <> :failed "
                + "order by b.createdAt, b.id", Backup.class).setParameter("server", server.id)
                .setParameter("failed", BackupState.FAILED).getResultList();
        for (Backup backup : made) {
            if (backup.on(server.nodeId)) { // another node (a transfer's source) no longer knows the server
                wings.deleteBackup(backup.nodeId, server.uuid.toString(), backup.uuid.toString());
            }
            self.remove(backup.id);
        }
    }

    /**
     * 409 while the server is being restored from a backup or one of its backups is being made or
     * deleted: a transfer would move (or stop) the files Wings is reading or writing.
     */
    public void requireNoneInProgress(Server server) {
        if (server.status() == ServerStatus.RESTORING_BACKUP) {
            throw ApiException.conflict("This server is currently restoring from a backup; transfer it once the restore "
                    + "has finished.");
        }
        long busy = em.createQuery("select count(b) from Backup b where b.serverId = :server and b.state in :busy", Long.class)
                .setParameter("server", server.id)
                .setParameter("busy", List.of(BackupState.PENDING, BackupState.RESTORING, BackupState.DELETING))
                .getSingleResult();
        if (busy > 0) {
            throw ApiException.conflict("A backup of this server is still being made, restored or deleted; transfer it once "
                    + "it has finished.");
        }
    }

    /**
     * A single-use link to download the archive straight from the node ({@code /download/backup}),
     * carrying {@code backup_uuid} beside {@link SignedLinks}' claims (backup.download).
     */
    public String downloadUrl(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "backup.download");
        ClientServers.available(access.server());
        Backup backup = find(access.server(), reference);
        backup.requireDownloadable();
        backup.requireOn(access.server().nodeId);
        String url = links.url(caller, access.server(), "/download/backup", Map.of("backup_uuid", backup.uuid.toString()));
        activity(caller, caller.userId(), access.server(), ServersPermissions.ACTIVITY_BACKUP_DOWNLOAD,
                Map.of("backup", backup.uuid.toString(), "name", backup.name));
        return url;
    }

    /**
     * Restores the server from a backup (backup.restore): the server becomes restoring_backup (every
     * other action on it is 409 until Wings reports) and the backup restoring; then Wings is asked.
     * If Wings does not take it, both are undone and the answer is Wings' error.
     */
    public void restore(Caller caller, ClientServers.Access access, String reference, boolean truncate) {
        actions.require(access, "backup.restore");
        ClientServers.available(access.server());
        Server server = access.server();
        Backup backup = find(server, reference);
        backup.requireOn(server.nodeId);
        self.beginRestore(server.id, backup.id);
        try {
            wings.restoreBackup(server.nodeId, server.uuid.toString(), backup.uuid.toString(), truncate);
        } catch (WingsException e) {
            self.endRestore(server.id, backup.id);
            throw ClientServers.daemonError(e, false);
        }
        activity(caller, caller.userId(), server, ServersPermissions.ACTIVITY_BACKUP_RESTORE,
                Map.of("backup", backup.uuid.toString(), "name", backup.name, "truncate", truncate));
    }

    @Transactional
    public void beginRestore(String serverId, String backupId) {
        Server server = Locking.row(em, Server.class, serverId);
        Backup backup = Locking.row(em, Backup.class, backupId);
        if (server == null || backup == null) {
            throw notFound();
        }
        server.requireNotTransferring(); // checked again under the lock a transfer's start also takes
        Instant now = Instant.now();
        backup.restoring(now);
        server.restoringBackup();
        clientLists.changed();
    }

    /** Ends a restore: the backup is succeeded again and the server installed; false if neither was restoring. */
    @Transactional
    public boolean endRestore(String serverId, String backupId) {
        Server server = Locking.row(em, Server.class, serverId);
        Backup backup = Locking.row(em, Backup.class, backupId);
        boolean ended = backup != null && backup.restoreEnded(Instant.now());
        boolean restored = server != null && server.backupRestored();
        if (restored) {
            clientLists.changed();
        }
        return ended || restored;
    }

    /** The server's backup by uuid; 404 for anything else (another server's backup included). */
    private Backup find(Server server, String reference) {
        UUID uuid = uuid(reference);
        return em.createQuery("select b from Backup b where b.serverId = :server and b.uuid = :uuid", Backup.class)
                .setParameter("server", server.id).setParameter("uuid", uuid).getResultStream().findFirst()
                .orElseThrow(Backups::notFound);
    }

    private static UUID uuid(String reference) {
        try {
            return UUID.fromString(reference == null ? "" : reference);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("The requested resource could not be found.");
    }

    // --- What Wings reports -------------------------------------------------------------------------------------

    /** A backup {@code nodeId} made; any other (another node's included) is 404. */
    private Backup onNode(String nodeId, String reference) {
        UUID uuid;
        try {
            uuid = UUID.fromString(reference == null ? "" : reference);
        } catch (IllegalArgumentException e) {
            throw remoteNotFound();
        }
        return em.createQuery("select b from Backup b where b.nodeId = :node and b.uuid = :uuid", Backup.class)
                .setParameter("node", nodeId).setParameter("uuid", uuid)
                .getResultStream().findFirst().orElseThrow(Backups::remoteNotFound);
    }

    private static ApiException remoteNotFound() {
        return ApiException.notFound("The requested backup does not exist on this node.");
    }

    /**
     * Wings' {@code POST /api/remote/backups/{uuid}}: the archive was made ({@code checksum} of
     * {@code checksumType}, {@code size} bytes) or not. 400 for a backup that is not pending.
     */
    public void reported(String nodeId, String reference, boolean successful, String checksum, String checksumType, Long size) {
        if (successful && (size == null || size < 0)) {
            throw ClientServers.invalid("size", "The size must be a number of bytes when successful.");
        }
        Backup backup = onNode(nodeId, reference);
        String stored = checksum == null || checksum.isBlank() ? null
                : (checksumType == null || checksumType.isBlank() ? "sha1" : checksumType) + ":" + checksum;
        self.complete(backup.id, successful, stored, size == null ? 0 : size);
        activity(null, null, backup.serverId, successful ? ServersPermissions.ACTIVITY_BACKUP_COMPLETE
                : ServersPermissions.ACTIVITY_BACKUP_FAIL, Map.of("backup", backup.uuid.toString(), "name", backup.name));
    }

    @Transactional
    public void complete(String backupId, boolean successful, String checksum, long bytes) {
        Backup backup = Locking.row(em, Backup.class, backupId);
        if (backup == null) {
            throw remoteNotFound();
        }
        backup.reported(successful, checksum, bytes, Instant.now());
    }

    /** Wings' {@code POST /api/remote/backups/{uuid}/restore}: the restore is over; the server is usable again. */
    public void restoreReported(String nodeId, String reference, boolean successful) {
        Backup backup = onNode(nodeId, reference);
        self.endRestore(backup.serverId, backup.id);
        activity(null, null, backup.serverId, successful ? ServersPermissions.ACTIVITY_BACKUP_RESTORE_COMPLETE
                : ServersPermissions.ACTIVITY_BACKUP_RESTORE_FAILED, Map.of("backup", backup.uuid.toString(), "name", backup.name));
    }

    // --- The sweep ----------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return "servers.backup-sweep";
    }

    @Override
    public Duration interval() {
        return sweepInterval;
    }

    @Override
    public void run() {
        self.sweepOnce();
    }

    /**
     * Fails backups pending longer than the timeout, ends restores running longer than it (the
     * server becomes usable again), ends the restoring state of backups whose server is no longer
     * restoring (its Wings rebooted and reset it), and puts back backups deleting for longer than
     * the delete timeout (the instance deleting them died between claiming one and dropping its
     * row): as they were, so they can be deleted again. Safe to repeat: each row is changed under
     * its lock, after checking it again.
     */
    @ActivateRequestContext
    public void sweepOnce() {
        Instant overdue = Instant.now().minus(timeout);
        List<String> late = em.createQuery("select b.id from Backup b where b.state = :pending and b.createdAt < :overdue",
                        String.class).setParameter("pending", BackupState.PENDING).setParameter("overdue", overdue)
                .setMaxResults(500).getResultList();
        String reason = "Wings did not report the backup within " + timeout;
        for (String id : late) {
            self.expire(id, overdue, reason).ifPresent(b -> activity(null, null, b.serverId,
                    ServersPermissions.ACTIVITY_BACKUP_FAIL, Map.of("backup", b.uuid.toString(), "name", b.name, "reason", reason)));
        }
        List<Object[]> restoring = em.createQuery("select b.id, b.serverId, b.uuid, b.name, b.updatedAt, s.status "
                        + "from Backup b, Server s where s.id = b.serverId and b.state = :restoring", Object[].class)
                .setParameter("restoring", BackupState.RESTORING).setMaxResults(500).getResultList();
        for (Object[] row : restoring) {
            boolean serverRestoring = row[5] == ServerStatus.RESTORING_BACKUP;
            if (serverRestoring && !((Instant) row[4]).isBefore(overdue)) {
                continue;
            }
            if (self.endRestore((String) row[1], (String) row[0]) && serverRestoring) {
                LOG.warning(() -> "Backup " + row[2] + ": no restore report within " + timeout + "; the server is usable again");
                activity(null, null, (String) row[1], ServersPermissions.ACTIVITY_BACKUP_RESTORE_FAILED,
                        Map.of("backup", row[2].toString(), "name", row[3], "reason", "Wings did not report the restore within "
                                + timeout));
            }
        }
        Instant abandonedSince = Instant.now().minus(deleteTimeout);
        List<String> abandoned = em.createQuery("select b.id from Backup b where b.state = :deleting and b.updatedAt < :since",
                        String.class).setParameter("deleting", BackupState.DELETING).setParameter("since", abandonedSince)
                .setMaxResults(500).getResultList();
        for (String id : abandoned) {
            if (self.undoDelete(id, abandonedSince)) {
                LOG.warning(() -> "Backup " + id + ": still deleting after " + deleteTimeout + "; it can be deleted again");
            }
        }
    }

    /** Fails the backup if it is still pending and overdue. */
    @Transactional
    public Optional<Backup> expire(String backupId, Instant overdue, String reason) {
        Backup backup = Locking.row(em, Backup.class, backupId);
        if (backup == null || backup.state != BackupState.PENDING || !backup.createdAt.isBefore(overdue)) {
            return Optional.empty();
        }
        backup.expired(reason, Instant.now());
        return Optional.of(backup);
    }

    // --- Views and activity -------------------------------------------------------------------------------------

    private void activity(Caller caller, String actorId, Server server, String event, Map<String, Object> properties) {
        activity(caller, actorId, server.id, event, properties);
    }

    /**
     * Records a backup event in the server's activity: the caller's request when there is one, else
     * as reported (by Wings, the sweep or a schedule) with {@code actorId} (may be null).
     */
    private void activity(Caller caller, String actorId, String serverId, String event, Map<String, Object> properties) {
        Map<String, Object> details = new LinkedHashMap<>(properties);
        details.put(ServerActivity.API_MARK, caller != null && caller.apiKeyId() != null);
        if (caller != null) {
            audit.record(AuditTrailScopes.server(serverId), event, "server", serverId, details);
        } else {
            audit.recordReported(AuditTrailScopes.server(serverId), actorId, null, Instant.now(), event, "server", serverId, details);
        }
    }
}
