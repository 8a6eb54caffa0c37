-- The node whose Wings holds a backup's archive: its server's node when the backup was made. Backups
-- stay on the node that made them, also once the server has been transferred to another node.
ALTER TABLE server_backups ADD COLUMN node_id text;
UPDATE server_backups b SET node_id = s.node_id FROM servers s WHERE s.id = b.server_id;
ALTER TABLE server_backups ALTER COLUMN node_id SET NOT NULL;
