package dev.wingman.servers.internal;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Pterodactyl's server status and the moves between them. Stored (and answered by the API) as
 * today's strings; {@link #INSTALLED} is stored and answered as null.
 * Wings' install report is authoritative, so it is accepted from every state, as Pterodactyl does.
 */
public enum ServerStatus implements StoredEnum {
    INSTALLED(null),
    INSTALLING("installing"),
    INSTALL_FAILED("install_failed"),
    REINSTALL_FAILED("reinstall_failed"),
    RESTORING_BACKUP("restoring_backup");

    private final String stored;

    ServerStatus(String stored) {
        this.stored = stored;
    }

    /** The stored and answered string; null for {@link #INSTALLED}. */
    @Override
    public String stored() {
        return stored;
    }

    /** The states this one may move to. */
    Set<ServerStatus> next() {
        Set<ServerStatus> reported = EnumSet.of(INSTALLED, INSTALL_FAILED, REINSTALL_FAILED);
        return switch (this) {
            case INSTALLED -> union(reported, INSTALLING, RESTORING_BACKUP);
            case INSTALLING -> reported;
            case INSTALL_FAILED, REINSTALL_FAILED -> union(reported, INSTALLING);
            // No reinstall while Wings restores files: the install would run over the restore. (Wings'
            // boot ends a restore without a move: ServerStore.resetNode writes afterNodeBoot's state.)
            case RESTORING_BACKUP -> reported;
        };
    }

    boolean canMoveTo(ServerStatus target) {
        return next().contains(target);
    }

    /** What Wings' boot makes of this state: an install it ran did not finish, a restore it ran is over. */
    ServerStatus afterNodeBoot() {
        return switch (this) {
            case INSTALLING -> INSTALL_FAILED;
            case RESTORING_BACKUP -> INSTALLED;
            default -> this;
        };
    }

    /** The outcome Wings reports for an install. */
    static ServerStatus installOutcome(boolean successful, boolean reinstall) {
        return successful ? INSTALLED : reinstall ? REINSTALL_FAILED : INSTALL_FAILED;
    }

    static ServerStatus ofStored(String value) {
        return StoredEnum.of(ServerStatus.class, value);
    }

    private static Set<ServerStatus> union(Set<ServerStatus> base, ServerStatus... more) {
        Set<ServerStatus> all = EnumSet.copyOf(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    /** Maps the enum onto the nullable {@code servers.status} column with today's strings. */
    @Converter
    public static class Column extends StoredEnum.Column<ServerStatus> {
        public Column() {
            super(ServerStatus.class);
        }
    }
}
