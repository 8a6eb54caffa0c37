package dev.wingman.nodes.internal.heartbeats;

import dev.wingman.platform.api.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.logging.Logger;

/** Hourly, on one instance: heartbeat history older than {@code wingman.nodes.heartbeat.retention} is deleted. */
@ApplicationScoped
public class HeartbeatPrune implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(HeartbeatPrune.class.getName());

    @Inject
    HeartbeatMonitor monitor;

    @Inject
    HeartbeatSettings settings;

    @Override
    public String name() {
        return "nodes.heartbeat-prune";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public void run() {
        int removed = monitor.prune();
        if (removed > 0) {
            LOG.fine(() -> "Pruned " + removed + " node heartbeats older than " + settings.retention());
        }
    }
}
