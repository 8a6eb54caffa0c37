-- A schedule's tasks hold distinct places. Deferred to the commit, because moving a task shifts the
-- tasks between its old and new places one at a time, passing through a moment where two share one.
-- Edits of one schedule's tasks are serialised by a lock on the schedule's row (ClientSchedules).
-- Schedules that two concurrent edits left with a shared place are first renumbered 1..n in their
-- current order (sequence, then age); the others keep their numbers.
WITH shared AS (
    SELECT schedule_id FROM server_schedule_tasks GROUP BY schedule_id HAVING count(*) <> count(DISTINCT sequence_id)
), ordered AS (
    SELECT t.id, row_number() OVER (PARTITION BY t.schedule_id ORDER BY t.sequence_id, t.id) AS place
    FROM server_schedule_tasks t JOIN shared s ON s.schedule_id = t.schedule_id
)
UPDATE server_schedule_tasks t SET sequence_id = o.place FROM ordered o WHERE t.id = o.id;

ALTER TABLE server_schedule_tasks ADD CONSTRAINT server_schedule_tasks_place
    UNIQUE (schedule_id, sequence_id) DEFERRABLE INITIALLY DEFERRED;
DROP INDEX server_schedule_tasks_schedule;

-- While a run's task is out (sent to Wings), until when it is that job's alone: a second job of the
-- same run waits for it instead of running the task again (ServerSchedule#nextTaskIn).
ALTER TABLE server_schedules ADD COLUMN run_lease_until timestamptz;
