-- 003: the directory of partner services and the orientations of visitors.
-- Migrations are never edited once landed: a change is a new numbered file.

-- A service of the directory (data·inclusion v1 service fields).
CREATE TABLE service (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,              -- 'guichet-national', 'local', a data·inclusion source
    source_id   TEXT NOT NULL,              -- the id in that source
    name        TEXT NOT NULL CHECK (name <> ''),
    structure   TEXT NOT NULL DEFAULT '',
    operator    TEXT,                       -- ref_operators code, NULL for a local structure
    description TEXT NOT NULL DEFAULT '',
    to_bring    TEXT NOT NULL DEFAULT '',   -- what the visitor should bring
    address     TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    commune     TEXT NOT NULL DEFAULT '',   -- label
    insee       TEXT NOT NULL DEFAULT '',   -- INSEE code of the commune
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    web         TEXT NOT NULL DEFAULT '',
    hours       TEXT NOT NULL DEFAULT '',   -- OSM opening_hours; '' = unknown
    modes       TEXT NOT NULL DEFAULT '',   -- comma list: en-presentiel, a-distance
    fees        TEXT NOT NULL DEFAULT '',   -- comma list: gratuit, payant, …
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (source, source_id)
);
CREATE INDEX service_operator ON service (operator);
CREATE INDEX service_commune ON service (commune);

CREATE TABLE service_theme (
    service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    theme      TEXT NOT NULL,               -- data·inclusion v1 thématique code
    PRIMARY KEY (service_id, theme)
) WITHOUT ROWID;
CREATE INDEX service_theme_theme ON service_theme (theme);

-- Search as you type: accent- and case-insensitive prefix search on the
-- name, description and structure. No triggers keep it in step: with
-- trusted_schema=OFF (db.c) SQLite refuses a virtual table inside a trigger.
-- directory.c updates the index in the same transaction as the row (reading
-- the old values from the row itself before changing it).
CREATE VIRTUAL TABLE service_fts USING fts5 (
    name, description, structure,
    content = 'service', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

-- A visitor oriented to a service.
CREATE TABLE orientation (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    visitor_id     INTEGER NOT NULL REFERENCES visitor (id),
    visit_id       INTEGER REFERENCES visit (id),
    service_id     INTEGER NOT NULL REFERENCES service (id),
    theme          TEXT NOT NULL DEFAULT '',  -- thématique code
    reason         TEXT NOT NULL DEFAULT '',  -- short, plain words, printed on the slip
    contact        TEXT NOT NULL DEFAULT 'telephone'
                   CHECK (contact IN ('telephone', 'courriel', 'par-l-agent', 'autre')),
    status         TEXT NOT NULL DEFAULT 'ouverte'
                   CHECK (status IN ('ouverte', 'validee', 'refusee', 'expiree')),
    refusal_reason TEXT,                      -- code, set when status = 'refusee'
    followup_on    TEXT NOT NULL,             -- YYYY-MM-DD, site's zone
    created_by     INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK ((status = 'refusee') = (refusal_reason IS NOT NULL))
);
CREATE INDEX orientation_visitor ON orientation (visitor_id);
CREATE INDEX orientation_open ON orientation (status, followup_on);
CREATE INDEX orientation_service ON orientation (service_id);

CREATE TABLE orientation_history (
    id             INTEGER PRIMARY KEY,
    orientation_id INTEGER NOT NULL REFERENCES orientation (id),
    at             INTEGER NOT NULL,
    user_id        INTEGER NOT NULL DEFAULT 0,  -- 0 = system (expiry)
    from_status    TEXT,                        -- NULL at creation
    to_status      TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT ''     -- refusal reason code, …
);
CREATE INDEX orientation_history_orientation ON orientation_history (orientation_id);
