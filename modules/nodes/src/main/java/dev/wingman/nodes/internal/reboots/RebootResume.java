package dev.wingman.nodes.internal.reboots;

import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Every {@code wingman.nodes.operations.sweep-interval}, on one instance: running node operations
 * whose claim lapsed are claimed and their job scheduled again, unless it is still scheduled (a
 * job whose instance died is also revived by the scheduler itself; this covers an operation whose
 * job was never scheduled, because its instance died right after the commit).
 */
@ApplicationScoped
public class RebootResume implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(RebootResume.class.getName());

    @Inject
    RebootOperations operations;

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "wingman.nodes.operations.sweep-interval", defaultValue = "PT15S")
    Duration sweepInterval;

    @Override
    public String name() {
        return "nodes.operations-resume";
    }

    @Override
    public Duration interval() {
        return sweepInterval;
    }

    @Override
    public void run() {
        for (String id : operations.claimAbandoned()) {
            if (jobs.schedule(RebootOperations.JOB, id, "")) {
                LOG.info(() -> "Resuming node operation " + id + " abandoned by another instance");
            }
        }
    }
}
