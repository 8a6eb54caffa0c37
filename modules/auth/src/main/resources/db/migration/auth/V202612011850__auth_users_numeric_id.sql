-- Pterodactyl's client API identifies an account by an integer (GET /api/client/account: id), as
-- it does servers (internal_id, V9). Assigned by the database, existing accounts included; the
-- opaque text id stays the account's identity everywhere else.
ALTER TABLE users ADD COLUMN internal_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE;
