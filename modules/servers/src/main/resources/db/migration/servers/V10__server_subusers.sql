-- Subusers: accounts given some of Pterodactyl's permission keys on one server.
CREATE TABLE server_subusers (
    server_id    text        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- JSON array of permission keys (control.console, file.read, ...)
    permissions  text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (server_id, user_id)
);
CREATE INDEX server_subusers_user ON server_subusers (user_id);
