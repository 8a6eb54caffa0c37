package dev.wingman.app;

import java.util.Map;

/** Settings that make node tests quick: a 1 s heartbeat, short Wings timeouts and a breaker that opens soon. */
final class NodeTestSupport {
    private NodeTestSupport() {
    }

    static Map<String, String> fastNodes() {
        return Map.ofEntries(
                Map.entry("wingman.public-url", "https://panel.example.test"),
                Map.entry("wingman.nodes.heartbeat.interval", "PT1S"),
                Map.entry("wingman.nodes.heartbeat.tick", "PT0.2S"),
                Map.entry("wingman.nodes.heartbeat.timeout", "PT0.5S"),
                Map.entry("wingman.wings.connect-timeout", "PT1S"),
                Map.entry("wingman.wings.read-timeout", "PT1S"),
                Map.entry("wingman.wings.breaker.volume", "4"),
                Map.entry("wingman.wings.breaker.delay", "PT3S"),
                Map.entry("wingman.nodes.reboot.stop-timeout", "PT1S"),
                Map.entry("wingman.nodes.reboot.poll-interval", "PT0.05S"),
                Map.entry("wingman.nodes.operations.sweep-interval", "PT0.5S"),
                Map.entry("wingman.servers.state.poll-interval", "PT0.5S"));
    }
}
