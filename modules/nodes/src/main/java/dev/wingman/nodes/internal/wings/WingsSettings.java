package dev.wingman.nodes.internal.wings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Timeouts and fault-tolerance limits for Wings calls ({@code wingman.wings.*}). */
@ApplicationScoped
public class WingsSettings {
    @Inject
    @ConfigProperty(name = "wingman.wings.connect-timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "wingman.wings.read-timeout", defaultValue = "PT15S")
    Duration readTimeout;

    /** The breaker looks at this many recent calls... */
    @Inject
    @ConfigProperty(name = "wingman.wings.breaker.volume", defaultValue = "10")
    int breakerVolume;

    /** ...and opens when this percentage of them failed. */
    @Inject
    @ConfigProperty(name = "wingman.wings.breaker.error-ratio", defaultValue = "50")
    int breakerErrorRatio;

    /** How long an open breaker refuses calls before letting one through to test the node. */
    @Inject
    @ConfigProperty(name = "wingman.wings.breaker.delay", defaultValue = "PT20S")
    Duration breakerDelay;

    /** Calls in flight to one node at most... */
    @Inject
    @ConfigProperty(name = "wingman.wings.bulkhead.limit", defaultValue = "32")
    int bulkheadLimit;

    /** ...and how many more may wait for a slot before calls are refused. */
    @Inject
    @ConfigProperty(name = "wingman.wings.bulkhead.queue", defaultValue = "64")
    int bulkheadQueue;

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public int breakerVolume() {
        return breakerVolume;
    }

    public int breakerErrorRatio() {
        return breakerErrorRatio;
    }

    public Duration breakerDelay() {
        return breakerDelay;
    }

    public int bulkheadLimit() {
        return bulkheadLimit;
    }

    public int bulkheadQueue() {
        return bulkheadQueue;
    }
}
