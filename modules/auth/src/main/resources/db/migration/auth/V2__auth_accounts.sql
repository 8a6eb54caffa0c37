CREATE TABLE users (
    id                   text PRIMARY KEY,
    email                text        NOT NULL,
    name                 text        NOT NULL,
    password_hash        text        NOT NULL,
    tier                 text        NOT NULL DEFAULT 'free'
                         CHECK (tier IN ('free', 'paid', 'educational', 'enterprise')),
    suspended            boolean     NOT NULL DEFAULT false,
    totp_secret          text,
    totp_pending_secret  text,
    totp_enabled         boolean     NOT NULL DEFAULT false,
    totp_last_step       bigint      NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    last_login_at        timestamptz,
    CHECK (email = lower(email))
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_created_at ON users (created_at DESC, id DESC);

CREATE TABLE roles (
    id           text PRIMARY KEY,
    name         text        NOT NULL UNIQUE,
    description  text        NOT NULL DEFAULT '',
    builtin      boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_permissions (
    role_id     text NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission  text NOT NULL,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE user_roles (
    user_id  text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id  text NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (role_id);

-- A login. The session token (a signed JWT) names the session; revoking the row ends the token.
CREATE TABLE sessions (
    id            text PRIMARY KEY,
    user_id       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    ip            text,
    user_agent    text,
    revoked_at    timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id, created_at DESC);

-- A password check passed on an account with 2FA; exchanged for a session with a TOTP or recovery code.
CREATE TABLE login_challenges (
    id           text PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   text        NOT NULL UNIQUE,
    expires_at   timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    consumed_at  timestamptz
);

CREATE TABLE recovery_codes (
    id         text PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  text        NOT NULL,
    used_at    timestamptz
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- The secret is shown once; only its SHA-256 is kept (it is 240 random bits, so a slow hash adds nothing).
CREATE TABLE api_keys (
    id            text PRIMARY KEY,
    user_id       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    prefix        text        NOT NULL,
    secret_hash   text        NOT NULL UNIQUE,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at DESC);

CREATE TABLE api_key_permissions (
    api_key_id  text NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    permission  text NOT NULL,
    PRIMARY KEY (api_key_id, permission)
);

-- Keys that sign session tokens when none is configured; shared by every instance through the database.
CREATE TABLE signing_keys (
    id           text PRIMARY KEY,
    private_key  text        NOT NULL,
    public_key   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO roles (id, name, description, builtin) VALUES
    ('role-admin', 'admin', 'Every permission', true),
    ('role-default', 'default', 'Given to every new account', true);
INSERT INTO role_permissions (role_id, permission) VALUES
    ('role-admin', '*'),
    ('role-default', 'servers:create'),
    ('role-default', 'organisations:create');
