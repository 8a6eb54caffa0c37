-- DNS zones an organisation manages through a provider. Records live at the provider only.
CREATE TABLE organisation_dns_zones (
    id                text PRIMARY KEY,
    organisation_id   text        NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name              text        NOT NULL,
    provider          text        NOT NULL CHECK (provider IN ('cloudflare')),
    external_zone_id  text        NOT NULL,
    status            text        NOT NULL,
    name_servers      text        NOT NULL DEFAULT '',
    -- The organisation's own provider token, encrypted with wingman.secrets.key; null uses the panel's.
    api_token         text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (name = lower(name))
);
CREATE UNIQUE INDEX organisation_dns_zones_name ON organisation_dns_zones (name);
CREATE INDEX organisation_dns_zones_org ON organisation_dns_zones (organisation_id, created_at);

-- Keys the panel generated for itself when none was configured, shared by every instance.
CREATE TABLE platform_keys (
    name        text PRIMARY KEY,
    value       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
