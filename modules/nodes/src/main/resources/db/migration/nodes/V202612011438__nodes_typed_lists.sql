-- Lists stored as text the code split and joined itself become types Hibernate maps:
-- a node's IPv4 addresses were comma-separated and are a text[] (an empty string, which the
-- panel never wrote, becomes an empty array); a reboot's per-server results were JSON text and
-- are jsonb.
ALTER TABLE nodes
    ALTER COLUMN ipv4_addresses TYPE text[] USING string_to_array(ipv4_addresses, ',');
ALTER TABLE node_operations
    ALTER COLUMN results TYPE jsonb USING results::jsonb;
