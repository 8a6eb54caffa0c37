package dev.wingman.platform.api;

import java.time.Duration;

/**
 * Durable background work shared by every panel instance, persisted in PostgreSQL
 * ({@code scheduled_tasks}, run by db-scheduler) so that exactly one instance runs each
 * execution and a dead instance's work is taken over.
 *
 * <ul>
 *   <li>Recurring work: declare a {@link RecurringJob} bean; nothing to call.</li>
 *   <li>One-off work with retry and back-off: declare a {@link OneOffJob} bean and schedule
 *   executions of it here. A side effect that must happen (a Wings call after a commit) is one of
 *   these, never a fire-and-forget thread.</li>
 *   <li>"Claim due rows" work (every row of a table has its own due time): a recurring job that
 *   claims through {@link DueRows}.</li>
 * </ul>
 *
 * Per-instance timers (tied to this instance's memory or connections) use {@link InstanceTimers}.
 */
public interface Jobs {
    /** Schedules {@code job} for {@code id} now; replaces nothing: false if that id is already scheduled. */
    default boolean schedule(String job, String id, String data) {
        return schedule(job, id, data, Duration.ZERO);
    }

    /** As {@link #schedule(String, String, String)}, due after {@code delay}. */
    boolean schedule(String job, String id, String data, Duration delay);

    /**
     * Schedules once the current transaction has committed (at once without one), so work about a
     * row is never run for a row that was rolled back. Work that must not be lost between the commit
     * and this call needs a recurring job that finds such rows again.
     */
    void scheduleAfterCommit(String job, String id, String data);
}
