-- Queuing an issue inserts a delivery row per active subscriber, and each
-- foreign key checked every row with a query of its own that also locked
-- the row it referenced: at 30,000 subscribers the two keys made the
-- INSERT take 380 to 730 ms instead of 160 to 200, before the first
-- message could go out (about 20 s at a million). The rows are written
-- only there, from the subscribers table, in the transaction that creates
-- their issue, which locks the subscribers table against changes until it
-- commits; issues are never deleted; and Store.Remove deletes a
-- subscriber's deliveries itself, as ON DELETE CASCADE did.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_issue_fkey;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_subscriber_id_fkey;
