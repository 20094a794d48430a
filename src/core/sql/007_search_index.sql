-- 007: name search as you type stays within a keystroke at a million files.
-- FTS5 answers a prefix query that has its own prefix index by reading one
-- list; without one it must first merge the lists of EVERY indexed word
-- starting so ("jean" → jean, jeanne, jeannine, jeanpierre… 81,000 entries
-- at a million files: 7 ms) before it can hand out even the first row.
-- Prefixes of 1 to 8 characters now have their index, which covers the
-- common names as they are typed ("jean pier" 19 ms → under 1 ms at a
-- million files); the index grows from 31 to 58 MB at a million files.
-- Longer prefixes match few words. The table is the same as in 002 except
-- for prefix=; it is rebuilt from visitor.search_names (seconds at a million
-- files, once).
DROP TABLE visitor_fts;
CREATE VIRTUAL TABLE visitor_fts USING fts5(
    search_names,
    content = 'visitor', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '1 2 3 4 5 6 7 8'
);
INSERT INTO visitor_fts (visitor_fts) VALUES ('rebuild');
