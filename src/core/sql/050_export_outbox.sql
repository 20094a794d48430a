-- 050: only the outbox counts (issue 11). A trial export to another folder
-- (`guichet export --out DOSSIER`) is recorded too, but with outbox = 0: the
-- days still to export (export_pending, export_progress, export_status) read
-- only the runs written to the outbox ([export] dir), so a trial never keeps
-- a day from reaching the funders. The rows written before this migration
-- keep counting (outbox = 1), as they did.
ALTER TABLE export_run ADD COLUMN outbox INTEGER NOT NULL DEFAULT 1 CHECK (outbox IN (0, 1));
