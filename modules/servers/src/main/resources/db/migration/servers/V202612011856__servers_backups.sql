-- Backups of a server's files, made by its node's Wings (reference/wings-protocol.md §2.4).
-- pending: Wings is archiving (it reports on POST /api/remote/backups/{uuid}, or the sweep fails it);
-- succeeded, failed; restoring: Wings is restoring the server from it.
CREATE TABLE server_backups (
    id            text PRIMARY KEY,
    server_id     text        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    uuid          uuid        NOT NULL UNIQUE,
    name          text        NOT NULL,
    -- the ignore patterns given to Wings, one per entry (a jsonb array of strings)
    ignored_files jsonb       NOT NULL,
    -- the adapter that holds the archive: only Wings' local one ('wings')
    disk          text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed', 'restoring')),
    locked        boolean     NOT NULL,
    -- "<type>:<hex>" as Wings reported it, once succeeded
    checksum      text,
    bytes         bigint      NOT NULL,
    -- why it failed, when the panel failed it (the sweep)
    failure       text,
    -- the account that asked for it; null for a schedule's backup or once the account is gone
    created_by    text REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    completed_at  timestamptz
);
CREATE INDEX server_backups_server ON server_backups (server_id, created_at);
CREATE INDEX server_backups_unfinished ON server_backups (updated_at) WHERE state IN ('pending', 'restoring');

-- Pterodactyl's feature_limits.backups per server; null: wingman.backups.default-limit.
ALTER TABLE servers ADD COLUMN backup_limit integer CHECK (backup_limit >= 0);
