-- 051: the export run named in the manifests (issue 11). Every day written
-- by one `guichet export` shares the run's uuid; the same uuid is in the
-- `export_run` column of each of those days' manifests, so that a funder can
-- tell two deliveries of the same day apart and ask the site about one.
-- Rows written before this migration have ''.
ALTER TABLE export_run ADD COLUMN run_uuid TEXT NOT NULL DEFAULT '';
