-- The audit trail's details were JSON text that the code parsed itself; Hibernate now maps the
-- column (jsonb). The text default cannot be cast in place, so it is dropped and set again.
ALTER TABLE audit_log
    ALTER COLUMN details DROP DEFAULT,
    ALTER COLUMN details TYPE jsonb USING details::jsonb,
    ALTER COLUMN details SET DEFAULT '{}'::jsonb;
