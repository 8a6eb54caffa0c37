package dev.wingman.nodes.api;

/**
 * A node's health from its latest heartbeat: healthy when that heartbeat is ok and recent,
 * pending before the first one, unhealthy otherwise. Only healthy nodes are scheduled on.
 */
public enum NodeHealth {
    HEALTHY, UNHEALTHY, PENDING;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
