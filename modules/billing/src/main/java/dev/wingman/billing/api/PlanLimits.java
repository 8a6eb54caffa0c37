package dev.wingman.billing.api;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What a plan entitles its holder to, as a whole: how many servers, how much memory and disk in
 * total (MiB), CPU (percent of one core, 100 = one core), port allocations, databases, backups,
 * tunnel ports, and AI tokens per period. 0 means none of it. Immutable; the entitlements other
 * modules read are these numbers.
 */
@Embeddable
public record PlanLimits(
        @Column(name = "limit_servers", nullable = false) int servers,
        @Column(name = "limit_memory_mib", nullable = false) int memoryMib,
        @Column(name = "limit_disk_mib", nullable = false) int diskMib,
        @Column(name = "limit_cpu_percent", nullable = false) int cpuPercent,
        @Column(name = "limit_allocations", nullable = false) int allocations,
        @Column(name = "limit_databases", nullable = false) int databases,
        @Column(name = "limit_backups", nullable = false) int backups,
        @Column(name = "limit_tunnel_ports", nullable = false) int tunnelPorts,
        @Column(name = "limit_ai_tokens", nullable = false) long aiTokens) {

    public PlanLimits {
        if (servers < 0 || memoryMib < 0 || diskMib < 0 || cpuPercent < 0 || allocations < 0 || databases < 0 || backups < 0
                || tunnelPorts < 0 || aiTokens < 0) {
            throw new IllegalArgumentException("limits must be 0 or more");
        }
    }

    /** Whether these limits give at least as much of everything as {@code other} (an upgrade or the same). */
    public boolean covers(PlanLimits other) {
        return servers >= other.servers && memoryMib >= other.memoryMib && diskMib >= other.diskMib
                && cpuPercent >= other.cpuPercent && allocations >= other.allocations && databases >= other.databases
                && backups >= other.backups && tunnelPorts >= other.tunnelPorts && aiTokens >= other.aiTokens;
    }
}
