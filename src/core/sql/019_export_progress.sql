-- 019: how far the nightly export is complete, so that the hourly run that
-- has nothing to do knows it at once, without walking every day since the
-- site was created (src/core/export.c, export_pending). Every day from
-- `since` to `through` (local dates) has an export_run row with status 'ok'
-- (through = the day before since: none yet). Written by the run that
-- records days, in the same transaction; when the row is missing or since
-- no longer matches the site's creation, export.c walks export_run as before
-- and the next run that records a day writes it again.
CREATE TABLE export_progress (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    since   TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    through TEXT NOT NULL CHECK (through GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
