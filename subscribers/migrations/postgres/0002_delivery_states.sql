-- Delivery states for outages and lost replies: 'deferred' ran out of
-- attempts on temporary failures and is retried by later sends until the
-- queue lifetime ends; 'unconfirmed' was written but its reply was lost;
-- 'skipped' was not sent because the subscriber left first. 'unknowns'
-- counts attempts whose outcome was unknown (one resend at most).
UPDATE deliveries SET state = 'queued' WHERE state = 'sending';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
    CHECK (state IN ('queued', 'sent', 'failed', 'deferred', 'unconfirmed', 'skipped'));
ALTER TABLE deliveries ADD COLUMN unknowns INTEGER NOT NULL DEFAULT 0;

-- A random part of each issue's Message-IDs: without it, <issue1.1@domain>
-- repeats across installations and restored databases, and mailbox
-- providers drop a message whose ID they have seen.
ALTER TABLE issues ADD COLUMN salt TEXT NOT NULL DEFAULT '';
