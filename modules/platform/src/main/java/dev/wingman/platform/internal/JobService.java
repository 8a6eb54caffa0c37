package dev.wingman.platform.internal;

import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.OneOffJob;
import dev.wingman.platform.api.RecurringJob;
import dev.wingman.platform.api.ShutdownOrder;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * {@link Jobs} on db-scheduler: finds every {@link RecurringJob} and {@link OneOffJob} bean once the
 * application has started (after Flyway, whose observer runs first), runs them through one
 * {@link JobRuntime}, and meters them: {@code wingman_jobs_runs_total{job}},
 * {@code wingman_jobs_failures_total{job}} and {@code wingman_jobs_lag_seconds{job}} (how late a
 * run started after it was due). Meters are registered for every job at start-up, so no meter is
 * created while the registry shuts down.
 *
 * <p>The scheduler polls at {@code wingman.jobs.polling-interval}, or more often when a recurring
 * job's interval is shorter, so a job's configured interval (heartbeat ticks, sweeps) is kept.
 */
@ApplicationScoped
public class JobService implements Jobs {
    private static final Logger LOG = Logger.getLogger(JobService.class.getName());
    static final String RUNS = "wingman.jobs.runs";
    static final String FAILURES = "wingman.jobs.failures";
    static final String LAG = "wingman.jobs.lag";
    private static final Duration FASTEST_POLL = Duration.ofMillis(50);

    @Inject
    @Named("wingman")
    DataSource dataSource;

    @Inject
    @Any
    Instance<RecurringJob> recurringJobs;

    /** Set per instance (a pod's name) to see in {@code scheduled_tasks} who runs what; must be unique in the fleet. */
    @Inject
    @ConfigProperty(name = "wingman.jobs.instance-name")
    Optional<String> configuredInstanceName;

    @Inject
    @Any
    Instance<OneOffJob> oneOffJobs;

    @Inject
    MetricRegistry metrics;

    @Inject
    AfterCommit afterCommit;

    @Inject
    @ConfigProperty(name = "wingman.jobs.polling-interval", defaultValue = "PT1S")
    Duration pollingInterval;

    /** How often a running instance proves it is alive; its runs are taken over after missed-heartbeats of these. */
    @Inject
    @ConfigProperty(name = "wingman.jobs.heartbeat-interval", defaultValue = "PT10S")
    Duration heartbeatInterval;

    @Inject
    @ConfigProperty(name = "wingman.jobs.missed-heartbeats", defaultValue = "6")
    int missedHeartbeats;

    @Inject
    @ConfigProperty(name = "wingman.jobs.threads", defaultValue = "16")
    int threads;

    @Inject
    @ConfigProperty(name = "wingman.jobs.shutdown-wait", defaultValue = "PT5S")
    Duration shutdownWait;

    private final Map<String, Counter> runs = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Timer> lags = new ConcurrentHashMap<>();
    private volatile JobRuntime runtime;
    private volatile boolean stopped;

    /**
     * After the modules' own start-up observers (default priority) and before the web server starts
     * serving (Helidon starts it at {@code PLATFORM_AFTER + 100}), so that a request can always
     * schedule a job.
     */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 50) @Initialized(ApplicationScoped.class) Object ignored) {
        // A suffix per start even when configured: a name shared by mistake (one ConfigMap for every
        // pod) or kept across restarts (a pod's name) must not make one process's claims another's.
        String instanceName = configuredInstanceName.filter(name -> !name.isBlank()).map(String::strip)
                .orElseGet(JobService::hostName) + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<RecurringJob> recurring = new ArrayList<>();
        recurringJobs.forEach(job -> {
            if (job.enabled()) {
                recurring.add(job);
            } else {
                LOG.info("Job " + job.name() + " is switched off on this instance");
            }
        });
        List<OneOffJob> oneOff = new ArrayList<>();
        oneOffJobs.forEach(oneOff::add);
        Set<String> names = new HashSet<>();
        Duration poll = pollingInterval;
        for (RecurringJob job : recurring) {
            meters(unique(names, job.name()));
            poll = job.interval().compareTo(poll) < 0 ? job.interval() : poll;
        }
        oneOff.forEach(job -> meters(unique(names, job.name())));
        poll = poll.compareTo(FASTEST_POLL) < 0 ? FASTEST_POLL : poll;
        JobRuntime started = new JobRuntime(dataSource, recurring, oneOff,
                new JobRuntime.Settings(poll, heartbeatInterval, missedHeartbeats, threads, shutdownWait),
                new JobRuntime.Meter() {
                    @Override
                    public void ran(String job, Duration lag) {
                        runs.get(job).inc();
                        lags.get(job).update(lag);
                    }

                    @Override
                    public void failed(String job) {
                        failures.get(job).inc();
                    }
                }, instanceName);
        started.start();
        runtime = started;
        LOG.info("Jobs started as " + instanceName + ": " + names.size() + " jobs, polling every " + poll);
    }

    private static String unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("Two jobs are named " + name);
        }
        return name;
    }

    private void meters(String job) {
        Tag tag = new Tag("job", job);
        runs.put(job, metrics.counter(RUNS, tag));
        failures.put(job, metrics.counter(FAILURES, tag));
        lags.put(job, metrics.timer(LAG, tag));
    }

    /** The start of how this instance signs the executions it picks ({@code scheduled_tasks.picked_by}) when none is configured. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "wingman";
        }
    }

    /**
     * Stops the scheduler once requests have drained and before the web server and the metrics
     * registry shut down ({@link ShutdownOrder#STOP_BACKGROUND}), waiting at most
     * {@code wingman.jobs.shutdown-wait} (twice, as db-scheduler does) for runs in flight and never
     * interrupting them: Helidon 4.2.0 deadlocks when meters are touched by interrupted threads
     * during shutdown. Runs still going after that are handed back, so another instance runs them
     * at once. A stopped container's scheduler polls no more.
     */
    void stopFirst(@Observes @Priority(ShutdownOrder.STOP_BACKGROUND) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        JobRuntime running = runtime;
        if (running != null && !stopped) {
            stopped = true;
            running.stop();
        }
    }

    @Override
    public boolean schedule(String job, String id, String data, Duration delay) {
        JobRuntime running = runtime;
        if (running == null) {
            throw new IllegalStateException("Jobs have not started yet; cannot schedule " + job);
        }
        return running.schedule(job, id, data, delay);
    }

    @Override
    public void scheduleAfterCommit(String job, String id, String data) {
        afterCommit.run(() -> schedule(job, id, data));
    }
}
