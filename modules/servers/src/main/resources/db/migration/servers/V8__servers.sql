-- Servers: one row per game server, placed on a node with its primary allocation.
CREATE TABLE servers (
    id               text PRIMARY KEY,
    uuid             uuid        NOT NULL UNIQUE,
    -- the short id Pterodactyl clients use: the first 8 characters of the uuid
    identifier       text        NOT NULL UNIQUE CHECK (length(identifier) = 8),
    name             text        NOT NULL,
    description      text        NOT NULL,
    owner_id         text        NOT NULL REFERENCES users (id),
    organisation_id  text REFERENCES organisations (id),
    node_id          text        NOT NULL REFERENCES nodes (id),
    egg_id           text        NOT NULL REFERENCES eggs (id),
    allocation_id    text        NOT NULL REFERENCES node_allocations (id),
    docker_image     text        NOT NULL,
    startup          text        NOT NULL,
    -- JSON object: the egg variables' values
    environment      text        NOT NULL,
    memory_mib       integer     NOT NULL CHECK (memory_mib >= 0),
    swap_mib         integer     NOT NULL CHECK (swap_mib >= -1),
    disk_mib         integer     NOT NULL CHECK (disk_mib >= 0),
    io_weight        integer     NOT NULL CHECK (io_weight BETWEEN 10 AND 1000),
    cpu_percent      integer     NOT NULL CHECK (cpu_percent >= 0),
    -- Pterodactyl's server status: null once installed
    status           text CHECK (status IN ('installing', 'install_failed', 'reinstall_failed', 'restoring_backup')),
    suspended        boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX servers_owner ON servers (owner_id);
CREATE INDEX servers_organisation ON servers (organisation_id);
CREATE INDEX servers_node ON servers (node_id);
CREATE INDEX servers_egg ON servers (egg_id);
