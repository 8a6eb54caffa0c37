-- Whether an administrator reserved the port through the node allocation API (a row created with
-- no server). A server giving such a port up leaves the row on the node, unassigned, for the next
-- server; a row the panel created for a server (its first port, a transfer, the client API's
-- "add a port") is deleted instead, so the node's range stays free.
ALTER TABLE node_allocations ADD COLUMN reserved boolean NOT NULL DEFAULT false;
-- Which of the existing rows an administrator made cannot be told any more: keep them all, since a
-- reservation kept can still be freed by the administrator, while one deleted is lost.
UPDATE node_allocations SET reserved = true;
