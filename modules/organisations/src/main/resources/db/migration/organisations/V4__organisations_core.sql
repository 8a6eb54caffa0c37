CREATE TABLE organisations (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    handle      text        NOT NULL,
    tier        text        NOT NULL DEFAULT 'free'
                CHECK (tier IN ('free', 'paid', 'educational', 'enterprise')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (handle ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$')
);
CREATE UNIQUE INDEX organisations_handle ON organisations (handle);

-- Custom roles an organisation defines on top of owner, admin and member.
CREATE TABLE organisation_roles (
    id               text PRIMARY KEY,
    organisation_id  text        NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisation_roles_name ON organisation_roles (organisation_id, lower(name));

CREATE TABLE organisation_role_permissions (
    role_id     text NOT NULL REFERENCES organisation_roles (id) ON DELETE CASCADE,
    permission  text NOT NULL,
    PRIMARY KEY (role_id, permission)
);

-- role is owner, admin or member; a member may also hold one custom role.
CREATE TABLE organisation_members (
    organisation_id  text        NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id          text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    custom_role_id   text        REFERENCES organisation_roles (id) ON DELETE SET NULL,
    joined_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, user_id),
    CHECK (custom_role_id IS NULL OR role = 'member')
);
CREATE INDEX organisation_members_user ON organisation_members (user_id);

CREATE TABLE organisation_invites (
    id               text PRIMARY KEY,
    organisation_id  text        NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email            text        NOT NULL,
    role             text        NOT NULL CHECK (role IN ('admin', 'member')),
    custom_role_id   text        REFERENCES organisation_roles (id) ON DELETE SET NULL,
    token_hash       text        NOT NULL UNIQUE,
    invited_by       text        REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    declined_at      timestamptz,
    revoked_at       timestamptz,
    CHECK (email = lower(email))
);
CREATE INDEX organisation_invites_org ON organisation_invites (organisation_id, created_at DESC);
-- One open invite per address and organisation.
CREATE UNIQUE INDEX organisation_invites_open ON organisation_invites (organisation_id, email)
    WHERE accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL;
