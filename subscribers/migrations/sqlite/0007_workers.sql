-- Several senders share one send on PostgreSQL: each claims batches of
-- due deliveries (SELECT ... FOR UPDATE SKIP LOCKED) and holds them with a
-- lease it renews while it works; the rows of a sender that died come
-- back when its lease runs out. worker is the sender that claimed a row
-- last, and so the one that sent it. (SQLite keeps one sender per
-- database: it leaves lease_until empty.)
ALTER TABLE deliveries ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;

-- The senders of each send and their heartbeats: the live ones share the
-- rate, and a slow-down reply one of them sees slows them all. held is
-- what a sender holds of smtp.max_per_day (budget it may still spend and
-- messages not yet recorded), so that together they never exceed it.
CREATE TABLE send_workers (
    issue      INTEGER NOT NULL,
    worker     TEXT NOT NULL,
    host       TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    sent       INTEGER NOT NULL DEFAULT 0,
    slow_downs INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0,
    held       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (issue, worker)
);
