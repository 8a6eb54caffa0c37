-- Users' SSH public keys, for SFTP logins on Wings with a key instead of the account password.
CREATE TABLE user_ssh_keys (
    id           text PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    -- OpenSSH's SHA256:<unpadded base64> of the key blob
    fingerprint  text        NOT NULL,
    -- "<type> <base64 blob>", without the comment
    public_key   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (user_id, fingerprint)
);
CREATE INDEX user_ssh_keys_fingerprint ON user_ssh_keys (fingerprint);
