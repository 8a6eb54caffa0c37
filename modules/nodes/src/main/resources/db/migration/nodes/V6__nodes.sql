-- Nodes: the Wings agents servers run on, their health history, port allocations and long operations.

CREATE TABLE nodes (
    id                   text PRIMARY KEY,
    uuid                 uuid        NOT NULL UNIQUE,
    name                 text        NOT NULL,
    url                  text        NOT NULL,
    backend_url          text,
    fqdn                 text        NOT NULL,
    sftp_port            integer     NOT NULL CHECK (sftp_port BETWEEN 1 AND 65535),
    node_type            text        NOT NULL CHECK (node_type IN ('free', 'paid', 'free_and_paid', 'enterprise')),
    organisation_id      text REFERENCES organisations (id),
    token_id             text        NOT NULL UNIQUE CHECK (length(token_id) = 16),
    -- sealed with the SecretBox: the panel needs it in clear to call Wings and sign Wings JWTs
    token                text        NOT NULL,
    port_range_start     integer CHECK (port_range_start BETWEEN 1 AND 65535),
    port_range_end       integer CHECK (port_range_end BETWEEN 1 AND 65535),
    ipv4_addresses       text        NOT NULL,
    ipv6_subnet          text,
    memory_mib           bigint      NOT NULL CHECK (memory_mib >= 0),
    memory_overallocate  integer     NOT NULL CHECK (memory_overallocate >= -1),
    disk_mib             bigint      NOT NULL CHECK (disk_mib >= 0),
    disk_overallocate    integer     NOT NULL CHECK (disk_overallocate >= -1),
    server_limit         integer CHECK (server_limit >= 0),
    deployments_enabled  boolean     NOT NULL,
    maintenance          boolean     NOT NULL,
    wings_version        text,
    -- the latest heartbeat, kept here so health checks never scan the history
    last_check_at        timestamptz,
    last_status          text CHECK (last_status IN ('ok', 'timeout', 'error')),
    last_response_ms     integer,
    last_error           text,
    -- when the monitor should ping next; claimed with SKIP LOCKED so each node is pinged once per interval fleet-wide
    next_check_at        timestamptz NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CHECK ((port_range_start IS NULL) = (port_range_end IS NULL)),
    CHECK (port_range_start IS NULL OR port_range_start <= port_range_end)
);
-- names are unique regardless of case, as the API checks
CREATE UNIQUE INDEX nodes_name ON nodes (lower(name));
CREATE INDEX nodes_next_check ON nodes (next_check_at);
CREATE INDEX nodes_organisation ON nodes (organisation_id);

CREATE TABLE node_heartbeats (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id      text        NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    checked_at   timestamptz NOT NULL,
    status       text        NOT NULL CHECK (status IN ('ok', 'timeout', 'error')),
    response_ms  integer     NOT NULL,
    error        text
);
CREATE INDEX node_heartbeats_node_time ON node_heartbeats (node_id, checked_at DESC);
CREATE INDEX node_heartbeats_time ON node_heartbeats (checked_at);

CREATE TABLE node_allocations (
    id           text PRIMARY KEY,
    node_id      text        NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    ip           text        NOT NULL,
    port         integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    server_uuid  uuid,
    notes        text,
    created_at   timestamptz NOT NULL,
    -- the guarantee that two concurrent requests never receive the same port
    CONSTRAINT node_allocations_unique_port UNIQUE (node_id, ip, port)
);
CREATE INDEX node_allocations_server ON node_allocations (server_uuid);

CREATE TABLE node_operations (
    id             text PRIMARY KEY,
    node_id        text        NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('reboot-all')),
    status         text        NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    phase          text        NOT NULL,
    progress       integer     NOT NULL CHECK (progress BETWEEN 0 AND 100),
    message        text,
    -- per-server results, JSON array
    results        text        NOT NULL,
    requested_by   text,
    -- the instance running it and until when its claim holds; a stale claim is taken over after a restart
    claimed_by     text,
    claimed_until  timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    finished_at    timestamptz
);
CREATE INDEX node_operations_running ON node_operations (status, claimed_until);
