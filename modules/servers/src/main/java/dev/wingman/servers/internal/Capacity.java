package dev.wingman.servers.internal;

import dev.wingman.nodes.api.NodeInfo;

/**
 * Whether a server fits on a node: memory and disk within the node's size plus its
 * overallocation percentage (0 MiB or -1 % means not limited), and below its server limit.
 */
final class Capacity {

    /** What the node's servers already use. */
    record Usage(long memoryMib, long diskMib, long servers) {
    }

    private Capacity() {
    }

    static boolean fits(NodeInfo node, Usage used, ServerLimits limits) {
        return within(node.memoryMib(), node.memoryOverallocate(), used.memoryMib() + limits.memoryMib())
                && within(node.diskMib(), node.diskOverallocate(), used.diskMib() + limits.diskMib())
                && (node.serverLimit() == null || used.servers() < node.serverLimit());
    }

    private static boolean within(long size, int overallocatePercent, long wanted) {
        if (size == 0 || overallocatePercent == -1) {
            return true;
        }
        return wanted * 100 <= size * (100L + overallocatePercent);
    }
}
