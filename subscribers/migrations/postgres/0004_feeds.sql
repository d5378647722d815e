-- Sources of stories (feeds and folders): a feed's validators for
-- conditional requests, and what the last run gave, for `digest sources`.
CREATE TABLE sources (
    key           TEXT PRIMARY KEY, -- a feed's URL, or "content:" and a folder
    type          TEXT NOT NULL CHECK (type IN ('feed', 'content')),
    name          TEXT NOT NULL DEFAULT '',
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    fetched_at    TIMESTAMPTZ NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'not_modified', 'failed')),
    items         INTEGER NOT NULL DEFAULT 0,
    new_items     INTEGER NOT NULL DEFAULT 0,
    failed_items  INTEGER NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT ''
);

-- Feed items fetched once and kept, keyed by their link without tracking
-- parameters, so that neither a second run nor a restart fetches them again.
CREATE TABLE articles (
    url           TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    canonical_url TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL DEFAULT '',
    story         TEXT, -- the parsed story as JSON; NULL when the fetch failed
    status        TEXT NOT NULL CHECK (status IN ('page', 'item', 'failed')),
    error         TEXT NOT NULL DEFAULT '',
    published_at  TIMESTAMPTZ, -- the item's date; NULL when it has none
    fetched_at    TIMESTAMPTZ NOT NULL,
    CHECK ((story IS NULL) = (status = 'failed'))
);
-- A feed's articles by age, for a feed that answers 304.
CREATE INDEX articles_source ON articles (source, published_at);
