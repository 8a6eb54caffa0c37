package dev.wingman.servers.internal.backups;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a backup is: pending (Wings is archiving) → succeeded or failed; a succeeded backup is
 * restoring while Wings restores the server from it, then succeeded again. A succeeded or failed
 * backup is deleting while its node deletes the archive: its row goes once the node has, or it
 * goes back to what it was (its failure says which) when the node could not.
 */
public enum BackupState implements StoredEnum {
    PENDING("pending"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    RESTORING("restoring"),
    DELETING("deleting");

    private final String stored;

    BackupState(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    Set<BackupState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(SUCCEEDED, FAILED);
            case SUCCEEDED -> EnumSet.of(RESTORING, DELETING);
            case RESTORING -> EnumSet.of(SUCCEEDED);
            case FAILED -> EnumSet.of(DELETING);
            case DELETING -> EnumSet.of(SUCCEEDED, FAILED);
        };
    }

    boolean canMoveTo(BackupState target) {
        return next().contains(target);
    }

    /**
     * Whether the archive exists on the node and may be used (restored, downloaded). A deleting
     * backup's archive may still exist, but is on its way out: see {@link Backup#archiveMade()}.
     */
    boolean successful() {
        return this == SUCCEEDED || this == RESTORING;
    }

    /** Maps the enum onto {@code server_backups.state} with its strings. */
    @Converter
    public static class Column extends StoredEnum.Column<BackupState> {
        public Column() {
            super(BackupState.class);
        }
    }
}
