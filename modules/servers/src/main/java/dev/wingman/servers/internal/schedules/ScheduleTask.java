package dev.wingman.servers.internal.schedules;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One step of a schedule (Pterodactyl's {@code schedule_task}): its place in the order
 * ({@code sequence_id}), what it does and with what payload, how many seconds after the previous
 * step it runs ({@code time_offset}, 0-900), whether the run goes on when it fails, and whether it is
 * queued (waiting for its offset or running).
 */
@Entity
@Table(name = "server_schedule_tasks")
public class ScheduleTask {
    /** Pterodactyl's bound on a task's offset, in seconds. */
    static final int MAX_OFFSET = 900;
    /** How much of a payload an activity entry keeps. */
    static final int SUMMARY = 256;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "schedule_id", nullable = false, updatable = false)
    public Long scheduleId;
    @Column(name = "sequence_id", nullable = false)
    public int sequenceId;
    @Convert(converter = TaskAction.Column.class)
    @Column(nullable = false)
    public TaskAction action;
    @Column(nullable = false)
    public String payload;
    @Column(name = "time_offset", nullable = false)
    public int timeOffset;
    @Column(name = "is_queued", nullable = false)
    public boolean queued;
    @Column(name = "continue_on_failure", nullable = false)
    public boolean continueOnFailure;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    protected ScheduleTask() {
    }

    ScheduleTask(Long scheduleId, int sequenceId) {
        this.scheduleId = scheduleId;
        this.sequenceId = sequenceId;
    }

    /**
     * The payload as the activity log shows it: whole up to {@value #SUMMARY} characters, else its
     * start and how long it was (a backup task's ignore list may be 64 KiB, and every run would copy it).
     */
    String payloadSummary() {
        if (payload.length() <= SUMMARY) {
            return payload;
        }
        int end = Character.isHighSurrogate(payload.charAt(SUMMARY - 1)) ? SUMMARY - 1 : SUMMARY;
        return payload.substring(0, end) + "… (" + payload.length() + " characters)";
    }

    void changed(TaskAction action, String payload, int timeOffset, boolean continueOnFailure) {
        this.action = action;
        this.payload = payload;
        this.timeOffset = timeOffset;
        this.continueOnFailure = continueOnFailure;
    }

    @PrePersist
    void beforeInsert() {
        createdAt = ServerSchedule.now();
        updatedAt = createdAt;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = ServerSchedule.now();
    }
}
