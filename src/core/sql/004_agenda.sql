-- 004: the agenda — resources, appointment types (motifs), recurring
-- availability (RFC 5545 subset, see src/core/recurrence.c), exceptions and
-- appointments. Instants are UTC seconds; availability is in local wall time
-- of the site's zone so that openings keep their hour across DST changes.
--
-- A collective workshop is stored as one appointment row PER PARTICIPANT
-- sharing the same resource, motif, start and end (a "session"): each person
-- then has their own status, arrival, reminder call and cancellation. The
-- capacity is the motif's; the trigger below and agenda_book both enforce it.

CREATE TABLE resource (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('agent', 'permanence', 'salle')),
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    operator   TEXT,                                -- partner operator code (ref.h), NULL for none
    user_id    INTEGER REFERENCES app_user(id),     -- the agent whose agenda it is
    place      TEXT NOT NULL DEFAULT '',            -- room / office shown on slips ("Bureau 2")
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE motif (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    operator     TEXT,                              -- partner operator code, NULL for the site's own
    duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
    place        TEXT NOT NULL DEFAULT 'sur-place'
                 CHECK (place IN ('sur-place', 'telephone', 'domicile', 'visio')),
    capacity     INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 200), -- >1 = workshop
    to_bring     TEXT NOT NULL DEFAULT '',          -- printed on the slip
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE availability (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    resource_id INTEGER NOT NULL REFERENCES resource(id),
    dtstart     TEXT NOT NULL,                      -- first date, YYYY-MM-DD (local)
    start_time  TEXT NOT NULL,                      -- HH:MM local wall time
    end_time    TEXT NOT NULL,                      -- HH:MM, same day, after start_time
    freq        TEXT NOT NULL CHECK (freq IN ('WEEKLY', 'MONTHLY')),
    interval    INTEGER NOT NULL DEFAULT 1 CHECK (interval BETWEEN 1 AND 52),
    byday       TEXT NOT NULL DEFAULT '',           -- "TU", "2TU,4TU", "-1FR"
    until       TEXT,                               -- last date (inclusive), NULL = open-ended
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (end_time > start_time)
);
CREATE INDEX availability_resource ON availability(resource_id);

CREATE TABLE availability_motif (
    availability_id INTEGER NOT NULL REFERENCES availability(id) ON DELETE CASCADE,
    motif_id        INTEGER NOT NULL REFERENCES motif(id),
    PRIMARY KEY (availability_id, motif_id)
) WITHOUT ROWID;

-- EXDATE: one occurrence removed (deleting an occurrence adds a row here).
CREATE TABLE availability_exception (
    availability_id INTEGER NOT NULL REFERENCES availability(id) ON DELETE CASCADE,
    date            TEXT NOT NULL,                  -- YYYY-MM-DD (local)
    reason          TEXT NOT NULL CHECK (reason IN ('annule', 'ferie', 'absence')),
    comment         TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (availability_id, date)
) WITHOUT ROWID;

CREATE TABLE appointment (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    resource_id   INTEGER NOT NULL REFERENCES resource(id),
    motif_id      INTEGER NOT NULL REFERENCES motif(id),
    visitor_id    INTEGER REFERENCES visitor(id),   -- NULL: slot held without a registered visitor
    start_at      INTEGER NOT NULL,                 -- UTC
    end_at        INTEGER NOT NULL,                 -- UTC
    status        TEXT NOT NULL DEFAULT 'a-venir'
                  CHECK (status IN ('a-venir', 'honore', 'excuse', 'annule-service', 'absent')),
    cancel_reason TEXT NOT NULL DEFAULT '',
    arrived_at    INTEGER,                          -- UTC, may precede start_at
    origin        TEXT NOT NULL DEFAULT 'guichet'
                  CHECK (origin IN ('guichet', 'telephone', 'partenaire')),
    comment       TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 200), -- never confidential
    call_status   TEXT CHECK (call_status IN ('appele', 'message-laisse', 'injoignable')),
    called_at     INTEGER,
    sequence      INTEGER NOT NULL DEFAULT 0,       -- iCalendar SEQUENCE, +1 per change
    created_by    INTEGER REFERENCES app_user(id),  -- NULL = command line / demo
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK (end_at > start_at AND end_at - start_at <= 28800)
);
CREATE INDEX appointment_resource_start ON appointment(resource_id, start_at);
CREATE INDEX appointment_start ON appointment(start_at);
CREATE INDEX appointment_visitor ON appointment(visitor_id, start_at);

-- Safety net under agenda_book: whatever writes the table (another desk, a
-- script, a sync), two live appointments of one resource never overlap,
-- except the participants of one workshop session, up to its capacity.
-- (No appointment lasts more than 8 hours, hence the lower bound that lets
-- the index serve the range.)
CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment
WHEN NEW.status NOT IN ('excuse', 'annule-service')
BEGIN
    SELECT RAISE(ABORT, 'double réservation : ce créneau est déjà pris')
    WHERE EXISTS (
        SELECT 1 FROM appointment a
        WHERE a.resource_id = NEW.resource_id
          AND a.start_at > NEW.start_at - 28800 AND a.start_at < NEW.end_at
          AND a.end_at > NEW.start_at
          AND a.status NOT IN ('excuse', 'annule-service')
          AND NOT (a.motif_id = NEW.motif_id AND a.start_at = NEW.start_at
                   AND a.end_at = NEW.end_at
                   AND (SELECT capacity FROM motif WHERE id = NEW.motif_id) > 1));
    SELECT RAISE(ABORT, 'atelier complet')
    WHERE (SELECT capacity FROM motif WHERE id = NEW.motif_id) <= (
        SELECT count(*) FROM appointment a
        WHERE a.resource_id = NEW.resource_id AND a.motif_id = NEW.motif_id
          AND a.start_at = NEW.start_at AND a.status NOT IN ('excuse', 'annule-service'));
END;

CREATE TRIGGER appointment_no_overlap_update
BEFORE UPDATE OF resource_id, motif_id, start_at, end_at, status ON appointment
WHEN NEW.status NOT IN ('excuse', 'annule-service')
BEGIN
    SELECT RAISE(ABORT, 'double réservation : ce créneau est déjà pris')
    WHERE EXISTS (
        SELECT 1 FROM appointment a
        WHERE a.id <> NEW.id AND a.resource_id = NEW.resource_id
          AND a.start_at > NEW.start_at - 28800 AND a.start_at < NEW.end_at
          AND a.end_at > NEW.start_at
          AND a.status NOT IN ('excuse', 'annule-service')
          AND NOT (a.motif_id = NEW.motif_id AND a.start_at = NEW.start_at
                   AND a.end_at = NEW.end_at
                   AND (SELECT capacity FROM motif WHERE id = NEW.motif_id) > 1));
    SELECT RAISE(ABORT, 'atelier complet')
    WHERE (SELECT capacity FROM motif WHERE id = NEW.motif_id) <= (
        SELECT count(*) FROM appointment a
        WHERE a.id <> NEW.id AND a.resource_id = NEW.resource_id AND a.motif_id = NEW.motif_id
          AND a.start_at = NEW.start_at AND a.status NOT IN ('excuse', 'annule-service'));
END;
