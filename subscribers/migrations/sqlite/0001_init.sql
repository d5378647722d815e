-- Subscribers, keyed case-insensitively by address.
CREATE TABLE subscribers (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL,
    email_key         TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'active'
                      CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
    attributes        TEXT NOT NULL DEFAULT '{}',
    consent_source    TEXT NOT NULL DEFAULT 'cli',
    consent_at        TEXT NOT NULL,
    consent_ip        TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    status_changed_at TEXT NOT NULL
);
CREATE INDEX subscribers_status ON subscribers (status, id);

-- Settings the program keeps for itself, such as the generated signing secret.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Issues, rendered once; state is 'sending' until every delivery is done.
CREATE TABLE issues (
    number      INTEGER PRIMARY KEY,
    issue_date  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    preheader   TEXT NOT NULL,
    html        TEXT NOT NULL,
    text        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'sending' CHECK (state IN ('sending', 'sent')),
    created_at  TEXT NOT NULL,
    finished_at TEXT
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
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (issue, subscriber_id)
);
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id);
