-- 006: the nightly export to the funding partners (src/core/export.c,
-- docs/export-format.md). One export_run row per day written (or failed) by a
-- run; export_file lists the files of a successful one. A day counts as
-- exported when it has a row with status 'ok'.

CREATE TABLE export_run (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT NOT NULL DEFAULT 'quotidien'
                CHECK (kind IN ('quotidien', 'rattrapage', 'manuel')),
                -- quotidien: yesterday by the nightly run; rattrapage: an older
                -- missing day written by the same run; manuel: --date / --from --to
    outdir      TEXT NOT NULL,                     -- the outbox written to
    file        TEXT NOT NULL DEFAULT '',          -- the day's manifest file name
    rows        INTEGER NOT NULL DEFAULT 0,        -- data rows over the day's files
    sha256      TEXT NOT NULL DEFAULT '',          -- SHA-256 of the manifest (hex)
    started_at  INTEGER NOT NULL,                  -- UTC
    at          INTEGER NOT NULL,                  -- UTC, end of the day's export
    user_id     INTEGER NOT NULL DEFAULT 0,        -- 0 = command line / cron
    status      TEXT NOT NULL CHECK (status IN ('ok', 'echec')),
    error       TEXT NOT NULL DEFAULT ''           -- the message of a failure
);

CREATE INDEX export_run_day ON export_run(day, status);

CREATE TABLE export_file (
    run_id INTEGER NOT NULL REFERENCES export_run(id),
    name   TEXT NOT NULL,                          -- 'activite-FS-58-0042-2026-03-28.csv'
    kind   TEXT NOT NULL,                          -- activite, orientations, rendez-vous, synthese
    rows   INTEGER NOT NULL,                       -- data rows, header excluded
    bytes  INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
