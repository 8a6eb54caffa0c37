-- deleting: the node is deleting the archive (Backups.deleteStored); the row goes once it has, or the
-- backup goes back to succeeded or failed when the node did not (or the sweep finds it deleting after
-- wingman.backups.timeout). Which of the two it was is its failure: set for every failed backup, never
-- for another, so is_successful and the limit's count read it.
ALTER TABLE server_backups DROP CONSTRAINT server_backups_state_check;
ALTER TABLE server_backups ADD CONSTRAINT server_backups_state_check
    CHECK (state IN ('pending', 'succeeded', 'failed', 'restoring', 'deleting'));
UPDATE server_backups SET failure = 'Wings reported that the backup failed.' WHERE state = 'failed' AND failure IS NULL;
ALTER TABLE server_backups ADD CONSTRAINT server_backups_failure_check
    CHECK ((state = 'failed') = (failure IS NOT NULL) OR state = 'deleting');

DROP INDEX server_backups_unfinished;
CREATE INDEX server_backups_unfinished ON server_backups (updated_at) WHERE state IN ('pending', 'restoring', 'deleting');
