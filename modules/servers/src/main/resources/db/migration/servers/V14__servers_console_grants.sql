-- Which accounts hold unexpired Wings console JWTs for which servers: when an account's authority
-- shrinks, exactly those tokens are denied at Wings (ws/deny), wherever the server lives.
CREATE TABLE server_console_grants (
    user_id     text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    server_id   text        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, server_id)
);
CREATE INDEX server_console_grants_expiry ON server_console_grants (expires_at);
