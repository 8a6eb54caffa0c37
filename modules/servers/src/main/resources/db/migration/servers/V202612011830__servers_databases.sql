-- Database hosts (MySQL/MariaDB servers an administrator registers) and the per-server databases
-- created on them through the Pterodactyl client API. Passwords are sealed with the secrets key.
CREATE TABLE database_hosts (
    id             text PRIMARY KEY,
    name           text        NOT NULL UNIQUE,
    host           text        NOT NULL,
    port           integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    username       text        NOT NULL,
    password       text        NOT NULL,
    -- null: no limit
    max_databases  integer CHECK (max_databases >= 0),
    -- the node whose servers it serves first; null: any server's
    node_id        text REFERENCES nodes (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE server_databases (
    id               text PRIMARY KEY,
    server_id        text        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    host_id          text        NOT NULL REFERENCES database_hosts (id),
    name             text        NOT NULL,
    username         text        NOT NULL,
    password         text        NOT NULL,
    remote           text        NOT NULL,
    max_connections  integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    UNIQUE (host_id, name),
    UNIQUE (host_id, username)
);
CREATE INDEX server_databases_server ON server_databases (server_id);

-- Pterodactyl's feature_limits.databases: how many databases the server may have (0: none).
ALTER TABLE servers ADD COLUMN database_limit integer NOT NULL DEFAULT 0 CHECK (database_limit >= 0);
