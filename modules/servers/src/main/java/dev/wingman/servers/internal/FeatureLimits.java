package dev.wingman.servers.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Pterodactyl's {@code feature_limits}: how many databases, ports (the primary included) and
 * backups a server's users may hold through the client API. Set by server administrators
 * ({@code PATCH /api/servers/{id}}); shown in the client API's server view. Immutable; a change
 * makes a new value.
 *
 * @param databases   0: none
 * @param allocations 0: its users may neither add nor remove a port
 * @param backups     null: the configured default ({@code wingman.backups.default-limit})
 */
@Embeddable
public record FeatureLimits(
        @Column(name = "database_limit", nullable = false) int databases,
        @Column(name = "allocation_limit", nullable = false) int allocations,
        @Column(name = "backup_limit") Integer backups) {

    /** A new server's: no databases, no extra ports, the default number of backups. */
    public static final FeatureLimits DEFAULT = new FeatureLimits(0, 0, null);

    /** These limits with each given value replaced; a null keeps the current one. */
    public FeatureLimits with(Integer newDatabases, Integer newAllocations, Integer newBackups) {
        return new FeatureLimits(newDatabases != null ? newDatabases : databases,
                newAllocations != null ? newAllocations : allocations, newBackups != null ? newBackups : backups);
    }

    /** The backups the server may hold, {@code defaultLimit} unless an administrator set its own. */
    public int backupsOr(int defaultLimit) {
        return backups != null ? backups : defaultLimit;
    }
}
