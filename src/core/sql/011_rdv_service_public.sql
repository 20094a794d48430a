-- 011: appointments kept in RDV Service Public (the State's booking tool many
-- France Services use), imported from its export (guichet import
-- rdv-service-public) so that the site's agenda statistics count them. Only
-- what the statistics need is kept: no name, no birth date, no e-mail of a
-- visitor or an agent ever enters this table.
-- Migrations are never edited once landed: a change is a new numbered file.
CREATE TABLE external_appointment (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,              -- 'rdv-service-public'
    source_key  TEXT NOT NULL,              -- fingerprint of the row (see rdvsp.c), stable across exports
    start_at    INTEGER NOT NULL,           -- UTC
    booked_at   INTEGER,                    -- UTC, NULL when the export has no booking time
    service     TEXT NOT NULL DEFAULT '',   -- as RDV Service Public names it
    operator    TEXT,                       -- ref_operators code, NULL = none recognised
    motif       TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL CHECK (place IN ('sur-place', 'telephone', 'domicile', 'visio')),
    status      TEXT NOT NULL CHECK (status IN ('a-venir', 'honore', 'excuse', 'annule-service', 'absent')),
    origin      TEXT NOT NULL DEFAULT '',   -- agent, internet, file-attente, prescripteur, ''
    imported_at INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (source, source_key)
);
CREATE INDEX external_appointment_start ON external_appointment (start_at);
