package dev.wingman.platform.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.wingman.platform.api.OneOffJob;
import dev.wingman.platform.api.RecurringJob;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The db-scheduler wiring behind {@link dev.wingman.platform.api.Jobs}, free of CDI so a test can run
 * two of them against one database: every {@link RecurringJob} becomes a fixed-delay recurring
 * task, every {@link OneOffJob} a task whose executions carry their data as UTF-8 text and are
 * retried with exponential back-off. Runs go to virtual threads through an executor that never
 * interrupts them (db-scheduler's {@code stop()} would call {@code shutdownNow()} after its wait);
 * at stop, the claims of runs that outlived the wait are handed back.
 */
final class JobRuntime {
    private static final Logger LOG = Logger.getLogger(JobRuntime.class.getName());

    /** How the scheduler polls, proves it is alive and stops. */
    record Settings(Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats, int threads,
                    Duration shutdownWait) {
    }

    /** Where runs are counted (metrics). */
    interface Meter {
        void ran(String job, Duration lag);

        void failed(String job);
    }

    private final Scheduler scheduler;
    /** Writes executions without running any: scheduling still works once the scheduler stopped (shutdown). */
    private final SchedulerClient client;
    private volatile boolean running;
    private final List<RecurringJob> recurring;
    private final Set<String> oneOffNames = new HashSet<>();
    private final DataSource dataSource;
    private final String instanceName;

    JobRuntime(DataSource dataSource, List<RecurringJob> recurring, List<OneOffJob> oneOff, Settings settings,
               Meter meter, String instanceName) {
        this.recurring = List.copyOf(recurring);
        this.dataSource = dataSource;
        this.instanceName = instanceName;
        List<Task<?>> tasks = new ArrayList<>();
        List<RecurringTask<Void>> startTasks = new ArrayList<>();
        for (RecurringJob job : recurring) {
            RecurringTask<Void> task = Tasks.recurring(job.name(), Schedules.fixedDelay(job.interval()))
                    .execute((instance, context) -> {
                        meter.ran(job.name(), lag(context.getExecution().executionTime));
                        try {
                            job.run();
                        } catch (Exception e) {
                            meter.failed(job.name());
                            LOG.log(Level.WARNING, "Job " + job.name() + " failed: " + e.getMessage(), e);
                        }
                    });
            startTasks.add(task);
        }
        for (OneOffJob job : oneOff) {
            oneOffNames.add(job.name());
            OneOffJob.Retry retry = job.retry();
            tasks.add(Tasks.custom(job.name(), String.class)
                    .onFailure(backOff(job.name(), retry))
                    .execute((instance, context) -> {
                        meter.ran(job.name(), lag(context.getExecution().executionTime));
                        OneOffJob.Outcome outcome;
                        try {
                            outcome = job.run(instance.getId(), instance.getData() == null ? "" : instance.getData());
                        } catch (Exception e) {
                            meter.failed(job.name());
                            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                        }
                        if (outcome == null || outcome.again() == null) {
                            return (CompletionHandler<String>) (complete, operations) -> operations.remove();
                        }
                        Duration again = outcome.again();
                        return (CompletionHandler<String>) (complete, operations) ->
                                operations.reschedule(complete, complete.getTimeDone().plus(again));
                    }));
        }
        client = SchedulerClient.Builder.create(dataSource, tasks).serializer(new TextSerializer()).build();
        scheduler = Scheduler.create(dataSource, tasks)
                .startTasks(startTasks)
                .schedulerName(new SchedulerName.Fixed(instanceName))
                .serializer(new TextSerializer())
                .executorService(new NonInterrupting(Executors.newVirtualThreadPerTaskExecutor()))
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .pollUsingLockAndFetch(0.5, 1.0)
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .shutdownMaxWait(settings.shutdownWait())
                .enableImmediateExecution()
                .build();
    }

    private static Duration lag(Instant due) {
        Duration lag = Duration.between(due, Instant.now());
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    private static FailureHandler<String> backOff(String job, OneOffJob.Retry retry) {
        return (complete, operations) -> {
            int failures = complete.getExecution().consecutiveFailures + 1;
            String id = complete.getExecution().taskInstance.getId();
            String cause = complete.getCause().map(Throwable::getMessage).orElse("unknown");
            if (failures >= retry.maxAttempts()) {
                LOG.warning(() -> "Job " + job + " for " + id + " failed " + failures + " times and is given up: " + cause);
                operations.remove();
                return;
            }
            Duration wait = Duration.ofMillis((long) (retry.firstDelay().toMillis() * Math.pow(retry.factor(), failures - 1)));
            LOG.info(() -> "Job " + job + " for " + id + " failed (attempt " + failures + "), retried in " + wait + ": " + cause);
            operations.reschedule(complete, complete.getTimeDone().plus(wait));
        };
    }

    void start() {
        scheduler.start();
        running = true;
        // A recurring job's next run may have been set by an instance with a longer interval (a
        // changed setting): it is due no later than one interval from now.
        Instant now = Instant.now();
        for (RecurringJob job : recurring) {
            TaskInstance<Void> id = new TaskInstance<>(job.name(), RecurringTask.INSTANCE);
            scheduler.getScheduledExecution(id).ifPresent(execution -> {
                if (!execution.isPicked() && execution.getExecutionTime().isAfter(now.plus(job.interval()))) {
                    scheduler.reschedule(id, now);
                }
            });
        }
    }

    /**
     * Stops polling, waits (bounded: twice the shutdown wait, as db-scheduler does) for runs in
     * flight, never interrupting them, then hands back what this instance picked but is not running.
     */
    void stop() {
        running = false;
        scheduler.stop();
        handBack();
    }

    /**
     * Releases the rows this instance picked but is not running (their runs never started), so
     * another instance takes them at once. A run still going after the wait keeps its row: handing
     * it back would let another instance run it at the same time as this one, which goes on until
     * the process ends. Its row is taken over once its heartbeat is stale (missed-heartbeats ×
     * heartbeat interval), by then from a dead process: a repeat, never an overlap. The instance
     * name carries a suffix of its own per start, so only this process's claims match.
     */
    int handBack() {
        Set<String> stillRunning = new HashSet<>();
        scheduler.getCurrentlyExecuting().forEach(e -> stillRunning.add(e.getTaskInstance().getTaskName() + "\n"
                + e.getTaskInstance().getId()));
        int released = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement held = c.prepareStatement("select task_name, task_instance from scheduled_tasks"
                     + " where picked = true and picked_by = ?");
             PreparedStatement release = c.prepareStatement("update scheduled_tasks set picked = false, picked_by = null,"
                     + " last_heartbeat = null, version = version + 1"
                     + " where task_name = ? and task_instance = ? and picked = true and picked_by = ?")) {
            held.setString(1, instanceName);
            List<String[]> rows = new ArrayList<>();
            try (var found = held.executeQuery()) {
                while (found.next()) {
                    rows.add(new String[] {found.getString(1), found.getString(2)});
                }
            }
            for (String[] row : rows) {
                if (stillRunning.contains(row[0] + "\n" + row[1])) {
                    continue;
                }
                release.setString(1, row[0]);
                release.setString(2, row[1]);
                release.setString(3, instanceName);
                released += release.executeUpdate();
            }
            if (released > 0) {
                LOG.info("Jobs: " + released + " picked run(s) that had not started were handed back to the other instances");
            }
            if (rows.size() > released) {
                LOG.warning("Jobs: " + (rows.size() - released) + " run(s) still in progress at shutdown; the other instances"
                        + " take them over once their heartbeats are stale");
            }
            return released;
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Jobs: could not hand back this instance's runs; the others take them over once their"
                    + " heartbeats are stale: " + e.getMessage());
            return released;
        }
    }

    boolean schedule(String job, String id, String data, Duration delay) {
        if (!oneOffNames.contains(job)) {
            throw new IllegalArgumentException("No one-off job is named " + job);
        }
        // Through the running scheduler, so work due now starts at once here (immediate execution);
        // once it stopped, the row is still written and another instance (or the next start) runs it.
        return (running ? scheduler : client).scheduleIfNotExists(new TaskInstance<>(job, id, data == null ? "" : data),
                Instant.now().plus(delay));
    }

    /** Task data is text (UTF-8), readable in the table, rather than Java serialization. */
    private static final class TextSerializer implements Serializer {
        @Override
        public byte[] serialize(Object data) {
            return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] bytes) {
            return bytes == null ? null : type.cast(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Helidon 4.2.0 deadlocks when meters are touched by interrupted threads at shutdown: shutdownNow only shuts down. */
    private static final class NonInterrupting extends AbstractExecutorService {
        private final ExecutorService delegate;

        NonInterrupting(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            delegate.shutdown();
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(command);
        }
    }
}
