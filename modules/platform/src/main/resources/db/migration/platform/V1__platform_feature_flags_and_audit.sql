-- Admin overrides of feature flags; a missing row means the configured default applies.
CREATE TABLE feature_flags (
    name        text PRIMARY KEY,
    enabled     boolean     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text
);

-- Append-only trail of administrative mutations.
CREATE TABLE audit_log (
    id           text PRIMARY KEY,
    actor_id     text,
    actor_email  text,
    action       text        NOT NULL,
    target_type  text,
    target_id    text,
    details      text        NOT NULL DEFAULT '{}',
    ip           text,
    request_id   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_created_at ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, created_at DESC);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, created_at DESC);
