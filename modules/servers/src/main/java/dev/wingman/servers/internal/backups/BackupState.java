package dev.wingman.servers.internal.backups;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a backup is: pending (Wings is archiving) → succeeded or failed; a succeeded backup is
 * restoring while Wings restores the server from it, then succeeded again.
 */
public enum BackupState implements StoredEnum {
    PENDING("pending"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    RESTORING("restoring");

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
            case SUCCEEDED -> EnumSet.of(RESTORING);
            case RESTORING -> EnumSet.of(SUCCEEDED);
            case FAILED -> EnumSet.noneOf(BackupState.class);
        };
    }

    boolean canMoveTo(BackupState target) {
        return next().contains(target);
    }

    /** Whether the archive exists on the node (Pterodactyl's is_successful). */
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
