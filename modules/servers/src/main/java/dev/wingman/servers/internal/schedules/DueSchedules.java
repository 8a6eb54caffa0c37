package dev.wingman.servers.internal.schedules;

import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * The recurring job {@code servers.schedules-due}: every {@code wingman.schedules.tick} one
 * instance claims the schedules whose next run is due ({@code DueRows} on {@code next_run_at}, up to
 * {@code wingman.schedules.claim-batch} a run, again at once while batches come back full) and
 * schedules one {@link ScheduleRun} per schedule and due time. Every minute or so it also schedules
 * again the runs that went quiet (their job lost after the claim committed, or dropped).
 */
@ApplicationScoped
public class DueSchedules implements RecurringJob {
    /** A run with no progress for this long is looked at again (a waiting run counts from its wait's end). */
    static final Duration QUIET = Duration.ofMinutes(2);

    @Inject
    ScheduleRunStore store;

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "wingman.schedules.tick", defaultValue = "PT0.25S")
    Duration tick;

    @Inject
    @ConfigProperty(name = "wingman.schedules.claim-batch", defaultValue = "500")
    int batch;

    private volatile Instant nextQuietCheck = Instant.EPOCH;

    @Override
    public String name() {
        return "servers.schedules-due";
    }

    @Override
    public Duration interval() {
        return tick;
    }

    @Override
    public void run() {
        for (int round = 0; round < 20 && store.claimDue(batch).size() == batch; round++) {
            // a full batch: more are due; claim on without waiting for the next tick
        }
        Instant now = Instant.now();
        if (now.isAfter(nextQuietCheck)) {
            nextQuietCheck = now.plus(Duration.ofMinutes(1));
            store.quietRuns(QUIET, 100).forEach(run -> jobs.schedule(ScheduleRun.NAME, run, ""));
        }
    }
}
