-- A zone is first claimed, and taken (created at the provider, unique across the panel) only once
-- a TXT record proves that the organisation controls the domain. Claims do not block anyone: several
-- organisations may claim one name, the first to prove it takes it.
ALTER TABLE organisation_dns_zones
    ALTER COLUMN external_zone_id DROP NOT NULL,
    ADD COLUMN proof_token      text,
    ADD COLUMN proof_expires_at timestamptz,
    ADD COLUMN verified_at      timestamptz;

-- Zones made before proofs existed are live at the provider already: they stay taken.
UPDATE organisation_dns_zones SET verified_at = created_at;

ALTER TABLE organisation_dns_zones
    ADD CONSTRAINT organisation_dns_zones_taken_at_provider CHECK ((verified_at IS NULL) = (external_zone_id IS NULL)),
    ADD CONSTRAINT organisation_dns_zones_claim_has_proof CHECK (verified_at IS NOT NULL
        OR (proof_token IS NOT NULL AND proof_expires_at IS NOT NULL));

DROP INDEX organisation_dns_zones_name;
CREATE UNIQUE INDEX organisation_dns_zones_name ON organisation_dns_zones (name) WHERE verified_at IS NOT NULL;
CREATE UNIQUE INDEX organisation_dns_zones_claim ON organisation_dns_zones (organisation_id, name);
