-- Every entity with an opaque id keeps its creation time (platform's IdentifiedEntity): login
-- challenges and recovery codes were the two tables without one. Existing rows get the migration's
-- time, which is only ever later than the truth.
ALTER TABLE login_challenges ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE recovery_codes ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
