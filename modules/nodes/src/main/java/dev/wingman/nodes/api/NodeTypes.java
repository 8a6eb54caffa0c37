package dev.wingman.nodes.api;

import java.util.List;

/** Node types (seed 000): which portal tiers may schedule servers on a node. */
public final class NodeTypes {
    public static final String FREE = "free";
    public static final String PAID = "paid";
    public static final String FREE_AND_PAID = "free_and_paid";
    public static final String ENTERPRISE = "enterprise";
    public static final List<String> ALL = List.of(FREE, PAID, FREE_AND_PAID, ENTERPRISE);

    private NodeTypes() {
    }
}
