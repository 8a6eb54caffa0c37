-- Pterodactyl's client API identifies servers and allocations by integers (internal_id,
-- allocation id); existing client libraries parse them as numbers.
ALTER TABLE servers ADD COLUMN internal_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE;
ALTER TABLE node_allocations ADD COLUMN number bigint GENERATED ALWAYS AS IDENTITY UNIQUE;
