-- Delivery states for outages and lost replies: 'deferred' ran out of
-- attempts on temporary failures and is retried by later sends until the
-- queue lifetime ends; 'unconfirmed' was written but its reply was lost;
-- 'skipped' was not sent because the subscriber left first. 'unknowns'
-- counts attempts whose outcome was unknown (one resend at most). SQLite
-- cannot change a CHECK constraint, so the table is rebuilt.
CREATE TABLE deliveries_new (
    issue         INTEGER NOT NULL REFERENCES issues (number),
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    state         TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'sent', 'failed', 'deferred', 'unconfirmed', 'skipped')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    unknowns      INTEGER NOT NULL DEFAULT 0,
    smtp_code     INTEGER NOT NULL DEFAULT 0,
    smtp_enhanced TEXT NOT NULL DEFAULT '',
    smtp_reply    TEXT NOT NULL DEFAULT '',
    message_id    TEXT NOT NULL DEFAULT '',
    next_at       INTEGER,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (issue, subscriber_id)
);
INSERT INTO deliveries_new (issue, subscriber_id, state, attempts, smtp_code, smtp_enhanced, smtp_reply, message_id, next_at, updated_at)
    SELECT issue, subscriber_id, CASE state WHEN 'sending' THEN 'queued' ELSE state END,
           attempts, smtp_code, smtp_enhanced, smtp_reply, message_id, next_at, updated_at
    FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id);
CREATE INDEX deliveries_sent ON deliveries (state, updated_at);

-- A random part of each issue's Message-IDs: without it, <issue1.1@domain>
-- repeats across installations and restored databases, and mailbox
-- providers drop a message whose ID they have seen.
ALTER TABLE issues ADD COLUMN salt TEXT NOT NULL DEFAULT '';
