-- Moving a server to another node (reference/wings-protocol.md §2.5). One row per attempt, kept as history.
CREATE TABLE server_transfers (
    id                   text PRIMARY KEY,
    server_id            text        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    server_uuid          uuid        NOT NULL,
    source_node_id       text        NOT NULL REFERENCES nodes (id),
    destination_node_id  text        NOT NULL REFERENCES nodes (id),
    -- the destination port that becomes the server's primary allocation on success (not a foreign key:
    -- it is freed when the transfer fails)
    destination_allocation_id text   NOT NULL,
    -- pending: stored, source Wings not yet told; archiving: source Wings is sending the archive;
    -- then completed, failed or cancelled
    state                text        NOT NULL CHECK (state IN ('pending', 'archiving', 'completed', 'failed', 'cancelled')),
    -- why it failed or was cancelled
    reason               text,
    -- after success: whether the source Wings has deleted its copy (retried until it has)
    source_deleted       boolean     NOT NULL DEFAULT false,
    start_on_completion  boolean     NOT NULL,
    requested_by         text        NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    finished_at          timestamptz
);
-- At most one transfer in flight per server.
CREATE UNIQUE INDEX server_transfers_active ON server_transfers (server_id) WHERE state IN ('pending', 'archiving');
CREATE INDEX server_transfers_server ON server_transfers (server_id, created_at DESC);

-- The destination node while a transfer is in flight: the server is locked, that node may read its
-- configuration, and its size counts against that node's capacity as well as the source's.
ALTER TABLE servers ADD COLUMN transfer_node_id text REFERENCES nodes (id);
CREATE INDEX servers_transfer_node ON servers (transfer_node_id) WHERE transfer_node_id IS NOT NULL;
