package dev.wingman.nodes.api;

import java.time.Instant;

/**
 * A CDI event fired on the instance whose monitor saw a node's health change (observe it with
 * {@code @Observes}); every instance's cached view of the node is invalidated at the same time.
 *
 * @param status the heartbeat status that caused it: ok, timeout or error
 */
public record NodeHealthChanged(String nodeId, String nodeName, NodeHealth previous, NodeHealth current, String status,
                                String error, Instant at) {
}
