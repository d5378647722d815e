-- A subscriber's consent history: the original record stays on the
-- subscriber row (consent_source, consent_at, consent_ip); every later
-- event (asked again on the web while unsubscribed, confirmed a link,
-- unsubscribed, re-subscribed by the owner) is added here, never
-- overwriting what came before.
CREATE TABLE consents (
    id            INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    event         TEXT NOT NULL CHECK (event IN ('requested', 'confirmed', 'unsubscribed', 'resubscribed')),
    source        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    ip            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_subscriber ON consents (subscriber_id);

-- The issue's content as assembled (stories, intro, outro) in JSON, for
-- its public archive page and the feed; empty for issues sent before.
ALTER TABLE issues ADD COLUMN content TEXT NOT NULL DEFAULT '';
-- The titles of its stories, one per line, for the archive's list.
ALTER TABLE issues ADD COLUMN leads TEXT NOT NULL DEFAULT '';
