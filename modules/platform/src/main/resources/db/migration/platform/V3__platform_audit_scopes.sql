-- The audit trail also serves scoped activity logs (an organisation's activity). A null scope is
-- the panel-wide admin trail.
ALTER TABLE audit_log ADD COLUMN scope_type text;
ALTER TABLE audit_log ADD COLUMN scope_id text;
CREATE INDEX audit_log_scope ON audit_log (scope_type, scope_id, created_at DESC, id DESC);
