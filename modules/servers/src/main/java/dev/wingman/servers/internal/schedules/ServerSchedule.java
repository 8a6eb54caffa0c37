package dev.wingman.servers.internal.schedules;

import dev.wingman.platform.api.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A server's schedule (Pterodactyl's {@code server_schedule}): when it fires ({@link ScheduleCron}),
 * whether it is active and only runs while the server is online, and the run in progress, if any.
 * Keyed by a database-assigned integer (Pterodactyl's clients parse schedule ids as numbers).
 *
 * <p>A run: {@link #claimed} (the due time came) or {@link #startedByHand} marks it processing under
 * the run's job id; the job then {@link #began}, waits for each task's offset and takes it
 * ({@link #nextTaskIn}), records it ({@link #ran}), and the run {@link #finished}. Only the run
 * whose id the row holds may move it, one step at a time under the row's lock.
 */
@Entity
@Table(name = "server_schedules")
public class ServerSchedule {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "server_id", nullable = false, updatable = false)
    public String serverId;
    @Column(nullable = false)
    public String name;
    @Embedded
    public ScheduleCron cron;
    @Column(name = "is_active", nullable = false)
    public boolean active;
    @Column(name = "only_when_online", nullable = false)
    public boolean onlyWhenOnline;
    @Column(name = "is_processing", nullable = false)
    public boolean processing;
    @Column(name = "last_run_at")
    public Instant lastRunAt;
    @Column(name = "next_run_at")
    public Instant nextRunAt;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "run_sequence", nullable = false)
    public int runSequence;
    @Column(name = "run_wait_until")
    public Instant runWaitUntil;
    @Column(name = "run_lease_until")
    public Instant runLeaseUntil;
    @Column(name = "run_started_at")
    public Instant runStartedAt;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    protected ServerSchedule() {
    }

    ServerSchedule(String serverId, String name, ScheduleCron cron, boolean active, boolean onlyWhenOnline, Instant now) {
        this.serverId = serverId;
        changed(name, cron, active, onlyWhenOnline, now);
    }

    /** New settings; the next run is computed afresh from now in the (possibly new) zone. */
    void changed(String name, ScheduleCron cron, boolean active, boolean onlyWhenOnline, Instant now) {
        this.name = name;
        this.cron = cron;
        this.active = active;
        this.onlyWhenOnline = onlyWhenOnline;
        this.nextRunAt = cron.nextAfter(now);
    }

    /**
     * The claim took this schedule for its due time: processing under {@code run}, next run the
     * cron's next time after now (a due time missed while the panel was down is run once, late).
     */
    void claimed(String run, Instant now) {
        start(run);
        nextRunAt = cron.nextAfter(now);
    }

    /** Run now, by hand (Pterodactyl's execute): refused while a run is in progress; the next due time stays. */
    void startedByHand(String run) {
        if (processing) {
            throw ApiException.conflict("This schedule is already running.");
        }
        start(run);
    }

    private void start(String run) {
        processing = true;
        runId = run;
        runSequence = 0;
        runWaitUntil = null;
        runLeaseUntil = null;
        runStartedAt = null;
    }

    /** Whether {@code run} is the run in progress (a repeated or stale job is not). */
    boolean runs(String run) {
        return processing && run.equals(runId);
    }

    void began(Instant now) {
        runStartedAt = now;
    }

    /**
     * How long the run waits before its next task, which is due {@code offset} after the previous
     * one ended: zero when it may run now, in which case it is handed out for {@code lease}. While
     * a task is out, a second job of the same run (scheduled again while the first still runs) is
     * told to look again in at most {@code poll} rather than run the task too; only a job that
     * outlives the lease (its instance gone mid-task) runs the task once more.
     */
    Duration nextTaskIn(Duration offset, Duration lease, Duration poll, Instant now) {
        if (runLeaseUntil != null && now.isBefore(runLeaseUntil)) {
            Duration held = Duration.between(now, runLeaseUntil);
            return held.compareTo(poll) < 0 ? held : poll;
        }
        if (runLeaseUntil == null) {
            if (runWaitUntil == null) {
                runWaitUntil = now.plus(offset);
            }
            if (now.isBefore(runWaitUntil)) {
                return Duration.between(now, runWaitUntil);
            }
        }
        runLeaseUntil = now.plus(lease);
        return Duration.ZERO;
    }

    void ran(int sequence) {
        runSequence = sequence;
        runWaitUntil = null;
        runLeaseUntil = null;
    }

    void finished(Instant now) {
        processing = false;
        runId = null;
        runSequence = 0;
        runWaitUntil = null;
        runLeaseUntil = null;
        runStartedAt = null;
        lastRunAt = now;
    }

    @PrePersist
    void beforeInsert() {
        createdAt = now();
        updatedAt = createdAt;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = now();
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
