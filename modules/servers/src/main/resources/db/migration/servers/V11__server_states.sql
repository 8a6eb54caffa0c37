-- The last state and resource use Wings reported for each server, so lists never ask Wings per server.
CREATE TABLE server_states (
    server_id         text PRIMARY KEY REFERENCES servers (id) ON DELETE CASCADE,
    -- offline, starting, running, stopping, or unknown when its node could not be asked
    state             text        NOT NULL,
    memory_bytes      bigint      NOT NULL,
    cpu_absolute      double precision NOT NULL,
    disk_bytes        bigint      NOT NULL,
    network_rx_bytes  bigint      NOT NULL,
    network_tx_bytes  bigint      NOT NULL,
    uptime_ms         bigint      NOT NULL,
    observed_at       timestamptz NOT NULL
);

-- When each node's servers are polled next; claimed with SKIP LOCKED so one instance polls a node per interval.
CREATE TABLE server_state_polls (
    node_id       text PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
    next_poll_at  timestamptz NOT NULL
);
