-- What each subject (an account, or an organisation) is entitled to now: the active order it came
-- from, the plan's tier and limits as that order froze them, and its period. One row per subject;
-- a newer active order replaces it (and the older order expires). No row: the free tier.
CREATE TABLE billing_subscriptions (
    id                  text PRIMARY KEY,
    subject_type        text        NOT NULL CHECK (subject_type IN ('account', 'organisation')),
    subject_id          text        NOT NULL,
    order_id            text        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    plan_id             text        NOT NULL,
    plan_name           text        NOT NULL,
    tier                text        NOT NULL,
    period              text        NOT NULL CHECK (period IN ('monthly', 'quarterly', 'yearly', 'lifetime')),
    limit_servers       integer     NOT NULL,
    limit_memory_mib    integer     NOT NULL,
    limit_disk_mib      integer     NOT NULL,
    limit_cpu_percent   integer     NOT NULL,
    limit_allocations   integer     NOT NULL,
    limit_databases     integer     NOT NULL,
    limit_backups       integer     NOT NULL,
    limit_tunnel_ports  integer     NOT NULL,
    limit_ai_tokens     bigint      NOT NULL,
    starts_at           timestamptz NOT NULL,
    -- null: a lifetime plan, no end.
    ends_at             timestamptz CHECK (ends_at IS NULL OR ends_at > starts_at),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (subject_type, subject_id)
);
CREATE INDEX billing_subscriptions_order ON billing_subscriptions (order_id);
