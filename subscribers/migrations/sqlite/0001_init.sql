-- Times are INTEGER microseconds since the Unix epoch (UTC): a quarter of
-- the size of RFC 3339 text, which matters for a list of a million rows.

-- Subscribers, keyed case-insensitively by address. There is no index on
-- status: queries by status scan the table once per send or listing, which
-- costs less than keeping the index on every insert of a large import.
CREATE TABLE subscribers (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL,
    email_key         TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'active'
                      CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
    attributes        TEXT NOT NULL DEFAULT '{}',
    consent_source    TEXT NOT NULL DEFAULT 'cli',
    consent_at        INTEGER NOT NULL,
    consent_ip        TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    status_changed_at INTEGER NOT NULL,
    -- Which import last saw the subscriber, and on which line: an address
    -- that appears twice in one file is told apart from one already on the
    -- list without holding the file's addresses in memory.
    import_run        INTEGER NOT NULL DEFAULT 0,
    hard_bounces      INTEGER NOT NULL DEFAULT 0,
    import_line       INTEGER NOT NULL DEFAULT 0
);

-- Every attribute key in use, kept as subscribers are written, so that an
-- export knows its columns without reading every row twice.
CREATE TABLE attribute_keys (key TEXT PRIMARY KEY);

-- Settings the program keeps for itself, such as the generated signing secret.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Issues, rendered once; state is 'sending' until every delivery is done.
CREATE TABLE issues (
    number      INTEGER PRIMARY KEY,
    issue_date  INTEGER NOT NULL,
    subject     TEXT NOT NULL,
    preheader   TEXT NOT NULL,
    html        TEXT NOT NULL,
    text        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'sending' CHECK (state IN ('sending', 'sent')),
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);

-- Takeaways (and gist-only stories) that an issue used up.
CREATE TABLE sent_content (
    id    TEXT PRIMARY KEY,
    issue INTEGER NOT NULL REFERENCES issues (number)
);

-- The delivery ledger: one row per issue and subscriber.
CREATE TABLE deliveries (
    issue         INTEGER NOT NULL REFERENCES issues (number),
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    state         TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    smtp_code     INTEGER NOT NULL DEFAULT 0,
    smtp_enhanced TEXT NOT NULL DEFAULT '',
    smtp_reply    TEXT NOT NULL DEFAULT '',
    message_id    TEXT NOT NULL DEFAULT '',
    next_at       INTEGER,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (issue, subscriber_id)
);
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id);
CREATE INDEX deliveries_sent ON deliveries (state, updated_at);
