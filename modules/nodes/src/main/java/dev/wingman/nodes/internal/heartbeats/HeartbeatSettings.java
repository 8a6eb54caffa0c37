package dev.wingman.nodes.internal.heartbeats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** The node monitor's settings ({@code wingman.nodes.heartbeat.*}). */
@ApplicationScoped
public class HeartbeatSettings {
    @Inject
    @ConfigProperty(name = "wingman.nodes.heartbeat.enabled", defaultValue = "true")
    boolean enabled;

    /** Each node is pinged once per interval, fleet-wide. */
    @Inject
    @ConfigProperty(name = "wingman.nodes.heartbeat.interval", defaultValue = "PT30S")
    Duration interval;

    /** A ping without an answer in this time is recorded as a timeout. */
    @Inject
    @ConfigProperty(name = "wingman.nodes.heartbeat.timeout", defaultValue = "PT5S")
    Duration timeout;

    /** How long heartbeat history is kept. */
    @Inject
    @ConfigProperty(name = "wingman.nodes.heartbeat.retention", defaultValue = "P7D")
    Duration retention;

    /** How often each instance looks for nodes that are due. */
    @Inject
    @ConfigProperty(name = "wingman.nodes.heartbeat.tick", defaultValue = "PT1S")
    Duration tick;

    /** Pings in flight per instance at most. */
    @Inject
    @ConfigProperty(name = "wingman.nodes.heartbeat.concurrency", defaultValue = "200")
    int concurrency;

    public Duration interval() {
        return interval;
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration retention() {
        return retention;
    }

    public Duration tick() {
        return tick;
    }

    public int concurrency() {
        return concurrency;
    }
}
