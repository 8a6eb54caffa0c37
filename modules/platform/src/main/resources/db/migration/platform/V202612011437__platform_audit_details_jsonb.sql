-- The audit trail's details were JSON text that the code parsed itself; Hibernate now maps the
-- column (jsonb). The text default cannot be cast in place, so it is dropped and set again.
-- jsonb cannot hold U+0000, which JSON text may carry as the escape \u0000: such escapes are
-- dropped first (an escaped backslash before "u0000" is left alone).
UPDATE audit_log SET details = regexp_replace(details, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g')
    WHERE strpos(details, '\u0000') > 0;
ALTER TABLE audit_log
    ALTER COLUMN details DROP DEFAULT,
    ALTER COLUMN details TYPE jsonb USING details::jsonb,
    ALTER COLUMN details SET DEFAULT '{}'::jsonb;
