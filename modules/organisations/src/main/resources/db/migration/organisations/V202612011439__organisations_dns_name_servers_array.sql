-- A DNS zone's name servers were comma-separated text (empty until the zone is taken); they are a
-- text[] Hibernate maps, and string_to_array turns the empty string into an empty array.
ALTER TABLE organisation_dns_zones
    ALTER COLUMN name_servers DROP DEFAULT,
    ALTER COLUMN name_servers TYPE text[] USING string_to_array(name_servers, ','),
    ALTER COLUMN name_servers SET DEFAULT '{}';
