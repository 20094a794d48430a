-- 014: the partners' back-office referents (src/core/referent.c,
-- docs/referents.md). A referent belongs to a national partner operator OR
-- to one local service of the directory. When a referent changes, the old
-- row is ended (valid_to) and the new one names it (replaces_id): the
-- history stays.

CREATE TABLE referent (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    operator    TEXT NULL,                          -- ref_operators code
    service_id  INTEGER NULL REFERENCES service(id),
    name        TEXT NOT NULL CHECK (name <> ''),
    role        TEXT NOT NULL DEFAULT '',           -- « Référente France Services CAF »
    phone       TEXT NOT NULL DEFAULT '',           -- E.164 or ''
    email       TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT '',           -- dedicated channel: « portail partenaire »…
    days        TEXT NOT NULL DEFAULT '',           -- when they answer: OSM opening_hours, '' = unknown
    valid_from  TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to    TEXT NULL,                          -- last day (inclusive), NULL = still in post
    replaces_id INTEGER NULL REFERENCES referent(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK ((operator IS NULL) <> (service_id IS NULL)),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX referent_operator ON referent(operator, valid_from) WHERE operator IS NOT NULL;
CREATE INDEX referent_service ON referent(service_id, valid_from) WHERE service_id IS NOT NULL;
CREATE INDEX referent_replaces ON referent(replaces_id) WHERE replaces_id IS NOT NULL;
