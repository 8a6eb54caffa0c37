-- Pterodactyl's feature_limits.allocations: how many ports a server's users may hold in all through
-- the client API's network endpoints (the primary included). 0, Pterodactyl's default, lets them
-- add and remove none; an administrator raises it.
alter table servers add column allocation_limit integer not null default 0;
alter table servers add constraint servers_allocation_limit_range check (allocation_limit between 0 and 1000);
