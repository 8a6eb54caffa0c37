package dev.wingman.servers.internal.backups;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One backup of a server's files, held by its node's Wings, and the rules for what may happen to it. */
@Entity
@Table(name = "server_backups")
public class Backup extends TimestampedEntity {
    /** The only adapter: the archive stays on the server's node. */
    static final String WINGS = "wings";
    /** The failure of a backup Wings reported as failed (it says no more). */
    static final String REPORTED_FAILED = "Wings reported that the backup failed.";

    @Column(name = "server_id", nullable = false)
    String serverId;
    /** The node whose Wings made and holds the archive (the server's node then; a transfer leaves it there). */
    @Column(name = "node_id", nullable = false)
    String nodeId;
    @Column(nullable = false)
    UUID uuid;
    @Column(nullable = false)
    String name;
    @Column(name = "ignored_files", nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> ignoredFiles;
    @Column(nullable = false)
    String disk;
    @Column(nullable = false)
    @Convert(converter = BackupState.Column.class)
    BackupState state;
    @Column(nullable = false)
    boolean locked;
    @Column
    String checksum;
    @Column(nullable = false)
    long bytes;
    /** Why it failed: set for every failed backup (also while it is being deleted), never for another. */
    @Column
    String failure;
    @Column(name = "created_by")
    String createdBy;
    @Column(name = "completed_at")
    Instant completedAt;

    /** The backup's uuid, which Wings and the client API know it by. */
    public UUID uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    public BackupState state() {
        return state;
    }

    public boolean locked() {
        return locked;
    }

    /** A new backup, before Wings was asked to make it. */
    static Backup requested(String serverId, String nodeId, String name, List<String> ignoredFiles, boolean locked,
                            String createdBy) {
        Backup backup = new Backup();
        backup.serverId = serverId;
        backup.nodeId = nodeId;
        backup.uuid = UUID.randomUUID();
        backup.name = name;
        backup.ignoredFiles = List.copyOf(ignoredFiles);
        backup.disk = WINGS;
        backup.locked = locked;
        backup.createdBy = createdBy;
        backup.state = BackupState.PENDING;
        return backup;
    }

    /**
     * Wings reported the archive made (with its checksum, {@code "<type>:<hex>"}, and size) or not.
     * A failed backup is unlocked, as Pterodactyl does, so it can be deleted. Only a pending backup
     * takes a report: any other is 400, as Pterodactyl answers a second report.
     */
    void reported(boolean successful, String checksum, long bytes, Instant now) {
        if (state != BackupState.PENDING) {
            throw ApiException.badRequest("Cannot update the status of a backup that is already marked as completed.");
        }
        if (successful) {
            this.checksum = checksum;
            this.bytes = bytes;
        } else {
            this.locked = false;
            this.checksum = null;
            this.bytes = 0;
            this.failure = REPORTED_FAILED;
        }
        moveTo(successful ? BackupState.SUCCEEDED : BackupState.FAILED, now);
        completedAt = now;
    }

    /** The panel gives up on a backup Wings never reported: failed, with the reason. */
    void expired(String reason, Instant now) {
        reported(false, null, 0, now);
        failure = reason;
    }

    /** Lock or unlock: a locked backup is neither deleted nor rotated out. */
    boolean toggleLock() {
        locked = !locked;
        return locked;
    }

    /**
     * Whether Wings made the archive (Pterodactyl's is_successful): succeeded or restoring, or being
     * deleted after it succeeded.
     */
    boolean archiveMade() {
        return state.successful() || state == BackupState.DELETING && failure == null;
    }

    /** 409 unless it may be deleted: finished, not being restored nor deleted, not locked (a failed one never is). */
    void requireDeletable() {
        if (state == BackupState.DELETING) {
            throw ApiException.conflict("This backup is already being deleted.");
        }
        if (state == BackupState.PENDING) {
            throw ApiException.conflict("This backup is still being created; delete it once it has completed.");
        }
        if (state == BackupState.RESTORING) {
            throw ApiException.conflict("The server is being restored from this backup; delete it once the restore has finished.");
        }
        if (locked) {
            throw ApiException.conflict("Cannot delete a backup that is marked as locked.");
        }
    }

    /**
     * succeeded or failed → deleting, before its node is asked to delete the archive: from then on
     * no restore, download, other delete or rotation takes it. 409 unless {@link #requireDeletable}.
     */
    void deleting(Instant now) {
        requireDeletable();
        moveTo(BackupState.DELETING, now);
    }

    /** Whether a rotation may delete it to make room: succeeded (not being restored or deleted) and unlocked. */
    boolean rotatable() {
        return state == BackupState.SUCCEEDED && !locked;
    }

    /**
     * deleting → succeeded or failed, as it was: the node did not delete the archive, so it can be
     * deleted again. False when it was not deleting.
     */
    boolean deleteUndone(Instant now) {
        if (state != BackupState.DELETING) {
            return false;
        }
        moveTo(failure == null ? BackupState.SUCCEEDED : BackupState.FAILED, now);
        return true;
    }

    /** Whether the archive is on the server's node: false once a transfer moved the server away from it. */
    boolean on(String serverNodeId) {
        return nodeId.equals(serverNodeId);
    }

    /** 409 unless the archive is on the server's node (the only one that can restore or serve it). */
    void requireOn(String serverNodeId) {
        if (!on(serverNodeId)) {
            throw ApiException.conflict("This backup is on another node: the server was transferred after it was made.");
        }
    }

    private void requireNotDeleting() {
        if (state == BackupState.DELETING) {
            throw ApiException.conflict("This backup is being deleted.");
        }
    }

    /** 400 unless the archive exists (Pterodactyl's words); 409 while it is being deleted. */
    void requireDownloadable() {
        requireNotDeleting();
        if (!state.successful()) {
            throw ApiException.badRequest("This backup cannot be downloaded: it has not completed successfully.");
        }
    }

    /**
     * succeeded → restoring: 400 for a backup that is not (yet) made, 409 for one already being
     * restored from or being deleted.
     */
    void restoring(Instant now) {
        requireNotDeleting();
        if (state == BackupState.RESTORING) {
            throw ApiException.conflict("The server is already being restored from this backup.");
        }
        if (state != BackupState.SUCCEEDED) {
            throw ApiException.badRequest("This backup cannot be restored at this time: not completed or failed.");
        }
        moveTo(BackupState.RESTORING, now);
    }

    /** restoring → succeeded: the restore ended (whatever its outcome, the archive is still there). */
    boolean restoreEnded(Instant now) {
        if (state != BackupState.RESTORING) {
            return false;
        }
        moveTo(BackupState.SUCCEEDED, now);
        return true;
    }

    private void moveTo(BackupState target, Instant now) {
        if (!Objects.requireNonNull(state, "state").canMoveTo(target)) {
            throw new IllegalStateException("Backup " + id + " cannot move from " + state + " to " + target);
        }
        state = target;
        updatedAt = now;
    }
}
