-- Which import last saw each subscriber, and on which line: an address that
-- appears twice in one file is told apart from one already on the list
-- without holding the file's addresses in memory.
ALTER TABLE subscribers ADD COLUMN import_run INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscribers ADD COLUMN import_line INTEGER NOT NULL DEFAULT 0;
