-- Schedules (Pterodactyl's client API): a cron expression in a time zone and ordered tasks.
-- Ids are integers, as Pterodactyl's client libraries parse them.
CREATE TABLE server_schedules (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    server_id         text        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    name              text        NOT NULL,
    cron_minute       text        NOT NULL,
    cron_hour         text        NOT NULL,
    cron_day_of_month text        NOT NULL,
    cron_month        text        NOT NULL,
    cron_day_of_week  text        NOT NULL,
    -- IANA zone name the cron fields are read in
    timezone          text        NOT NULL,
    is_active         boolean     NOT NULL,
    only_when_online  boolean     NOT NULL,
    is_processing     boolean     NOT NULL,
    last_run_at       timestamptz,
    -- the due column of the claim (the next time the cron matches); null when the cron never matches again
    next_run_at       timestamptz,
    -- the run in progress: its job id, the sequence_id of the last task it finished (0 before the
    -- first), and when the task it waits for (time_offset) is due
    run_id            text,
    run_sequence      integer     NOT NULL DEFAULT 0,
    run_wait_until    timestamptz,
    -- when the run in progress began (its execute event recorded); null before that
    run_started_at    timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX server_schedules_server ON server_schedules (server_id);
CREATE INDEX server_schedules_due ON server_schedules (next_run_at) WHERE is_active AND NOT is_processing;
CREATE INDEX server_schedules_processing ON server_schedules (updated_at) WHERE is_processing;

CREATE TABLE server_schedule_tasks (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id         bigint      NOT NULL REFERENCES server_schedules (id) ON DELETE CASCADE,
    sequence_id         integer     NOT NULL CHECK (sequence_id >= 1),
    action              text        NOT NULL CHECK (action IN ('command', 'power', 'backup')),
    payload             text        NOT NULL,
    time_offset         integer     NOT NULL CHECK (time_offset BETWEEN 0 AND 900),
    is_queued           boolean     NOT NULL,
    continue_on_failure boolean     NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX server_schedule_tasks_schedule ON server_schedule_tasks (schedule_id, sequence_id);
