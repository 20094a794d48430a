-- 002: reception (accueil): visitors, requests (demandes) and their topics,
-- drafts of half-typed forms. See src/core/visitor.c and src/core/visit.c.
-- Instants are INTEGER seconds since the epoch, UTC; dates are 'YYYY-MM-DD'.

CREATE TABLE visitor (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    last_name          TEXT NOT NULL CHECK (last_name <> ''),
    birth_name         TEXT NOT NULL DEFAULT '',
    first_names        TEXT NOT NULL DEFAULT '',
    birth_date         TEXT NOT NULL DEFAULT '',           -- 'YYYY-MM-DD' or ''
    sex                TEXT NOT NULL DEFAULT 'non-communique'
                       CHECK (sex IN ('F', 'M', 'non-communique')),
    commune            TEXT NOT NULL DEFAULT '',           -- INSEE code (2A/2B upper case) or ''
    postal_code        TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',           -- E.164 '+33612345678' or ''
    email              TEXT NOT NULL DEFAULT '',
    preferred_contact  TEXT NOT NULL DEFAULT ''
                       CHECK (preferred_contact IN ('', 'telephone', 'sms', 'courriel', 'courrier')),
    language           TEXT NOT NULL DEFAULT '',           -- free text: « arabe », « anglais »…
    needs_digital_help INTEGER NOT NULL DEFAULT 0 CHECK (needs_digital_help IN (0, 1)),
    reading_difficulty INTEGER NOT NULL DEFAULT 0 CHECK (reading_difficulty IN (0, 1)),
    no_french          INTEGER NOT NULL DEFAULT 0 CHECK (no_french IN (0, 1)),
    disability         INTEGER NOT NULL DEFAULT 0 CHECK (disability IN (0, 1)),
    consent_date       TEXT NOT NULL DEFAULT '',           -- 'YYYY-MM-DD' or ''
    consent_kind       TEXT NOT NULL DEFAULT '' CHECK (consent_kind IN ('', 'oral', 'ecrit')),
    -- derived by the model (visitor.c) at every save; never typed
    search_names       TEXT NOT NULL DEFAULT '',           -- indexed words, '' = not searchable
    phone_national     TEXT NOT NULL DEFAULT '',           -- '0612345678' (search by digits)
    last_visit_at      INTEGER NOT NULL DEFAULT 0,         -- arrival of the latest request, 0 = none
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    merged_into        INTEGER NULL REFERENCES visitor(id), -- set on the file merged away
    anonymised_at      INTEGER NULL
);

CREATE INDEX visitor_birth_date ON visitor(birth_date) WHERE birth_date <> '';
CREATE INDEX visitor_phone ON visitor(phone) WHERE phone <> '';
CREATE INDEX visitor_phone_national ON visitor(phone_national) WHERE phone_national <> '';
CREATE INDEX visitor_merged_into ON visitor(merged_into) WHERE merged_into IS NOT NULL;

-- Name search. The model writes search_names already folded (accents, case,
-- œ → oe, ß → ss…) with each hyphenated or apostrophed word given both as its
-- parts and joined ("Jean-Pierre N'Diaye" → "jean pierre jeanpierre n diaye
-- ndiaye"), so "pierre", "ndiaye", "diaye" and "arc" (d'Arc) all match a
-- prefix query. That is why no tokenchars are declared: ' and - must stay
-- separators, and unicode61's remove_diacritics 2 and case folding still
-- cover the scripts the model's Latin table leaves alone (Greek, Cyrillic).
-- prefix='1 2 3' keeps the first keystrokes cheap. Merged and anonymised
-- files have search_names = '' and so are not found.
-- No triggers keep it in step: with trusted_schema=OFF (db.c) SQLite refuses
-- a virtual table inside a trigger. visitor.c updates the index in the same
-- transaction as the row (reading the old value from the row itself), and
-- visitor_reindex() rebuilds it ('rebuild') after a bulk load.
CREATE VIRTUAL TABLE visitor_fts USING fts5(
    search_names,
    content = 'visitor', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '1 2 3'
);

-- A request (demande). Anonymous when visitor_id is NULL; sex, age_band and
-- commune are the anonymous profile, and for a known visitor a snapshot taken
-- at arrival and refreshed at closing (exports stay right after the file is
-- merged or anonymised). commune '' = non communiqué.
CREATE TABLE visit (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    visitor_id     INTEGER NULL REFERENCES visitor(id),
    sex            TEXT NOT NULL DEFAULT 'non-communique'
                   CHECK (sex IN ('F', 'M', 'non-communique')),
    age_band       TEXT NOT NULL DEFAULT 'non-communique'
                   CHECK (age_band IN ('<18', '18-24', '25-39', '40-59', '60-69', '70+',
                                       'non-communique')),
    commune        TEXT NOT NULL DEFAULT '',
    arrived_at     INTEGER NOT NULL,
    started_at     INTEGER NULL,
    ended_at       INTEGER NULL,
    state          TEXT NOT NULL DEFAULT 'attente'
                   CHECK (state IN ('attente', 'en-cours', 'termine', 'parti')),
    agent_id       INTEGER NULL REFERENCES app_user(id),   -- who took it in charge
    created_by     INTEGER NULL REFERENCES app_user(id),   -- who registered the arrival
    channel        TEXT NOT NULL DEFAULT 'accueil-spontane'
                   CHECK (channel IN ('accueil-spontane', 'accueil-sur-rdv', 'telephone',
                                      'courriel', 'itinerance', 'visio', 'domicile')),
    help_type      TEXT NULL CHECK (help_type IN ('information', 'accompagnement', 'orientation')),
    autonomy       TEXT NULL
                   CHECK (autonomy IN ('entierement-accompagne', 'partiellement-autonome',
                                       'autonome')),
    duration_min   INTEGER NULL CHECK (duration_min BETWEEN 0 AND 600),
    outcome        TEXT NULL CHECK (outcome IN ('resolu', 'a-suivre', 'oriente', 'rdv-pris')),
    comment        TEXT NOT NULL DEFAULT '',               -- short, never confidential
    appointment_id INTEGER NULL,                           -- filled by the agenda
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK (state <> 'termine' OR (help_type IS NOT NULL AND autonomy IS NOT NULL AND
                                  outcome IS NOT NULL AND duration_min IS NOT NULL AND
                                  ended_at IS NOT NULL)),
    CHECK (state <> 'en-cours' OR (started_at IS NOT NULL AND agent_id IS NOT NULL))
);

CREATE INDEX visit_arrived_at ON visit(arrived_at);
CREATE INDEX visit_visitor ON visit(visitor_id, arrived_at) WHERE visitor_id IS NOT NULL;
CREATE INDEX visit_waiting ON visit(state, arrived_at) WHERE state IN ('attente', 'en-cours');

-- The topics of a request: a partner operator (NULL = none of the national
-- partners) and a procedure family and/or a data·inclusion thématique.
CREATE TABLE visit_topic (
    visit_id INTEGER NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                             -- 0, 1, … in the order typed
    operator TEXT NULL,                                    -- ref_operators code
    family   TEXT NULL,                                    -- ref_families code
    theme    TEXT NULL,                                    -- ref_themes code
    PRIMARY KEY (visit_id, position),
    CHECK (operator IS NOT NULL OR family IS NOT NULL OR theme IS NOT NULL)
) WITHOUT ROWID;

CREATE INDEX visit_topic_operator ON visit_topic(operator);

-- A half-typed form saved when the terminal goes away (SIGHUP) or on demand;
-- one per user and kind. Never used for confidential notes.
CREATE TABLE draft (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES app_user(id),
    kind     TEXT NOT NULL,                                -- 'visitor', 'visit-close', …
    payload  TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    UNIQUE (user_id, kind)
);
