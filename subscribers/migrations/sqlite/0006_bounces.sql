-- The loop back from the inbox (issue 14).

-- The suppression list: addresses that hard-bounced or complained. It
-- keeps a hash of the address, not the address, so it survives
-- `subscribers remove` (the right to be forgotten) and still stops a
-- re-import or a web sign-up from adding the address again. subscriber_id
-- names the subscriber while they are on the list.
CREATE TABLE suppressions (
    address_hash  TEXT PRIMARY KEY,
    reason        TEXT NOT NULL CHECK (reason IN ('hard_bounce', 'complaint')),
    detail        TEXT NOT NULL DEFAULT '',
    subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX suppressions_subscriber ON suppressions (subscriber_id);

-- Bounces and complaints as they were reported, one row per report and
-- recipient; event_key makes a report applied twice count once.
CREATE TABLE bounce_events (
    id            INTEGER PRIMARY KEY,
    event_key     TEXT NOT NULL UNIQUE,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    issue         INTEGER NOT NULL DEFAULT 0,
    kind          TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint')),
    status        TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE INDEX bounce_events_subscriber ON bounce_events (subscriber_id, kind, created_at);
CREATE INDEX bounce_events_issue ON bounce_events (issue, kind);
