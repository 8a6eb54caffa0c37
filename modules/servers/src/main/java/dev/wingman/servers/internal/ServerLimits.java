package dev.wingman.servers.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What a server may use on its node: the five numbers that travel together to Wings' {@code build}
 * block, the capacity check and the API's {@code limits}. Immutable; a change makes a new value.
 */
@Embeddable
public record ServerLimits(
        @Column(name = "memory_mib", nullable = false) int memoryMib,
        @Column(name = "swap_mib", nullable = false) int swapMib,
        @Column(name = "disk_mib", nullable = false) int diskMib,
        @Column(name = "io_weight", nullable = false) int ioWeight,
        @Column(name = "cpu_percent", nullable = false) int cpuPercent) {

    /** These limits with each given value replaced; a null keeps the current one. */
    public ServerLimits with(Integer memory, Integer swap, Integer disk, Integer io, Integer cpu) {
        return new ServerLimits(memory != null ? memory : memoryMib, swap != null ? swap : swapMib,
                disk != null ? disk : diskMib, io != null ? io : ioWeight, cpu != null ? cpu : cpuPercent);
    }

    /** Whether these limits need more of a node than {@code before} did: only memory and disk are reserved on a node. */
    public boolean needMoreRoomThan(ServerLimits before) {
        return memoryMib > before.memoryMib || diskMib > before.diskMib;
    }

    /** The room these limits take on a node, in the words of a "no room" answer. */
    public String room() {
        return memoryMib + " MiB memory and " + diskMib + " MiB disk";
    }
}
