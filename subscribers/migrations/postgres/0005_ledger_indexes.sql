-- The (state, updated_at) index cost more than it saved: every outcome
-- a send records changes both columns, so each UPDATE rewrote an index
-- entry (and on PostgreSQL could never be a HOT update). The queries it
-- served now read the deliveries of recent issues by the primary key.
DROP INDEX deliveries_sent;

-- expired: the queue lifetime of the issue has ended and its deferred
-- deliveries were failed, so the queue runs need not look at it again.
ALTER TABLE issues ADD COLUMN expired INTEGER NOT NULL DEFAULT 0;
