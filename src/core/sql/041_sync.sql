-- 041: synchronisation between guichet bases by encrypted CSV packs
-- (src/core/sync*.c, docs/synchronisation.md). Every synced row gets one
-- row in sync_row (its stable identity, the instance that wrote its current
-- version and that version's stamp, a hybrid logical clock), kept by the
-- triggers below; a pack being applied sets sync_clock.applying so that the
-- triggers stay quiet and the import writes the sender's stamps itself.
-- Generated part: tools/gen-sync-sql.py.

-- This base's instance id (random, never shown to visitors) and its clock:
-- hlc = milliseconds since the epoch << 16 | counter, never going back.
CREATE TABLE sync_clock (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    instance         TEXT NOT NULL,                 -- 32 hex digits
    hlc              INTEGER NOT NULL DEFAULT 0,    -- last stamp given
    applying         INTEGER NOT NULL DEFAULT 0,    -- 1 inside an import's transaction
    last_sent_hlc    INTEGER NOT NULL DEFAULT 0,    -- stamp of the last pack written
    last_sent_at     INTEGER NOT NULL DEFAULT 0,    -- UTC
    last_sent_file   TEXT NOT NULL DEFAULT '',
    last_recv_at     INTEGER NOT NULL DEFAULT 0,    -- UTC of the last pack imported
    last_recv_from   TEXT NOT NULL DEFAULT '',      -- matricule / instance of its sender
    last_recv_file   TEXT NOT NULL DEFAULT ''
);
INSERT INTO sync_clock (id, instance, hlc)
VALUES (1, lower(hex(randomblob(16))),
        CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536);

-- One row per synced row, alive or deleted (a tombstone: local_id NULL).
CREATE TABLE sync_row (
    tbl      TEXT NOT NULL,
    uuid     TEXT NOT NULL,              -- identity shared by every base
    local_id INTEGER NULL,               -- rowid here; NULL once deleted
    origin   TEXT NOT NULL,              -- instance that wrote the current version
    hlc      INTEGER NOT NULL,           -- its stamp
    base     INTEGER NOT NULL DEFAULT 0, -- stamp of the last version received from elsewhere
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (tbl, uuid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX sync_row_local ON sync_row (tbl, local_id);

-- The journals of the other instances, each chain as written by its origin
-- (`guichet check` verifies every chain).
CREATE TABLE sync_audit (
    origin    TEXT NOT NULL,
    id        INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (origin, id)
) WITHOUT ROWID;

-- What an import overwrote (kind 'champ') or a double booking it kept
-- (kind 'creneau'), for a responsable to review.
CREATE TABLE sync_conflict (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('champ', 'creneau')),
    tbl         TEXT NOT NULL,
    uuid        TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    kept        TEXT,
    lost        TEXT,
    kept_hlc    INTEGER NOT NULL DEFAULT 0,
    kept_origin TEXT NOT NULL DEFAULT '',
    lost_hlc    INTEGER NOT NULL DEFAULT 0,
    lost_origin TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
    resolved_by INTEGER NOT NULL DEFAULT 0,
    resolved_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_conflict_open ON sync_conflict (resolved, id);

-- Two desks that booked the same slot offline: the import keeps both
-- appointments and lists the clash (sync_conflict kind 'creneau'), so the
-- safety net of 004 stands aside while a pack is applied.
DROP TRIGGER appointment_no_overlap_insert;
DROP TRIGGER appointment_no_overlap_update;
CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointment
WHEN NEW.status NOT IN ('excuse', 'annule-service')
     AND (SELECT applying FROM sync_clock WHERE id = 1) = 0
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
     AND (SELECT applying FROM sync_clock WHERE id = 1) = 0
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

CREATE TRIGGER sync_app_user_ins AFTER INSERT ON app_user WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('app_user', NEW.login, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_app_user_upd AFTER UPDATE OF login, display_name, role, password_hash, public_key, sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, key_generation, disabled, created_at, updated_at, pw_verifier ON app_user WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'app_user' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_app_user_del AFTER DELETE ON app_user WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'app_user' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'app_user', t.login, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM app_user t;

CREATE TRIGGER sync_team_key_ins AFTER INSERT ON team_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('team_key', lower(hex(randomblob(16))), NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_team_key_upd AFTER UPDATE ON team_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'team_key' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_team_key_del AFTER DELETE ON team_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'team_key' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'team_key', lower(hex(randomblob(16))), t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM team_key t;

CREATE TRIGGER sync_visitor_ins AFTER INSERT ON visitor WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('visitor', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_visitor_upd AFTER UPDATE ON visitor WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'visitor' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_visitor_del AFTER DELETE ON visitor WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'visitor' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'visitor', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM visitor t;

CREATE TRIGGER sync_resource_ins AFTER INSERT ON resource WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('resource', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_resource_upd AFTER UPDATE ON resource WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'resource' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_resource_del AFTER DELETE ON resource WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'resource' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'resource', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM resource t;

CREATE TRIGGER sync_motif_ins AFTER INSERT ON motif WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('motif', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_motif_upd AFTER UPDATE ON motif WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'motif' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_motif_del AFTER DELETE ON motif WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'motif' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'motif', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM motif t;

CREATE TRIGGER sync_availability_ins AFTER INSERT ON availability WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('availability', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_availability_upd AFTER UPDATE ON availability WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_availability_del AFTER DELETE ON availability WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'availability' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'availability', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM availability t;

CREATE TRIGGER sync_appointment_ins AFTER INSERT ON appointment WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('appointment', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_appointment_upd AFTER UPDATE ON appointment WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'appointment' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_appointment_del AFTER DELETE ON appointment WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'appointment' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'appointment', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM appointment t;

CREATE TRIGGER sync_visit_ins AFTER INSERT ON visit WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('visit', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_visit_upd AFTER UPDATE ON visit WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'visit' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_visit_del AFTER DELETE ON visit WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'visit' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'visit', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM visit t;

CREATE TRIGGER sync_structure_ins AFTER INSERT ON structure WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('structure', NEW.source || ':' || NEW.source_id, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_structure_upd AFTER UPDATE ON structure WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'structure' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_structure_del AFTER DELETE ON structure WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'structure' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'structure', t.source || ':' || t.source_id, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM structure t;

CREATE TRIGGER sync_service_ins AFTER INSERT ON service WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('service', NEW.source || ':' || NEW.source_id, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_service_upd AFTER UPDATE ON service WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'service' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_service_del AFTER DELETE ON service WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'service' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'service', t.source || ':' || t.source_id, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM service t;

CREATE TRIGGER sync_orientation_ins AFTER INSERT ON orientation WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('orientation', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_orientation_upd AFTER UPDATE ON orientation WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'orientation' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_orientation_del AFTER DELETE ON orientation WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'orientation' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'orientation', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM orientation t;

CREATE TRIGGER sync_orientation_history_ins AFTER INSERT ON orientation_history WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('orientation_history', lower(hex(randomblob(16))), NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_orientation_history_upd AFTER UPDATE ON orientation_history WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'orientation_history' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_orientation_history_del AFTER DELETE ON orientation_history WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'orientation_history' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'orientation_history', lower(hex(randomblob(16))), t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM orientation_history t;

CREATE TRIGGER sync_note_ins AFTER INSERT ON note WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('note', NEW.uuid, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

CREATE TRIGGER sync_note_upd AFTER UPDATE ON note WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = NEW.id;
END;

CREATE TRIGGER sync_note_del AFTER DELETE ON note WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1), deleted = 1, local_id = NULL
    WHERE tbl = 'note' AND local_id = OLD.id;
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'note', t.uuid, t.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM note t;

CREATE TRIGGER sync_team_member_key_ins AFTER INSERT ON team_member_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'team_key' AND local_id = NEW.team_key_id;
END;

CREATE TRIGGER sync_team_member_key_upd AFTER UPDATE ON team_member_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'team_key' AND local_id = NEW.team_key_id;
END;

CREATE TRIGGER sync_team_member_key_del AFTER DELETE ON team_member_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'team_key' AND local_id = OLD.team_key_id;
END;

CREATE TRIGGER sync_availability_motif_ins AFTER INSERT ON availability_motif WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = NEW.availability_id;
END;

CREATE TRIGGER sync_availability_motif_upd AFTER UPDATE ON availability_motif WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = NEW.availability_id;
END;

CREATE TRIGGER sync_availability_motif_del AFTER DELETE ON availability_motif WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = OLD.availability_id;
END;

CREATE TRIGGER sync_availability_exception_ins AFTER INSERT ON availability_exception WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = NEW.availability_id;
END;

CREATE TRIGGER sync_availability_exception_upd AFTER UPDATE ON availability_exception WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = NEW.availability_id;
END;

CREATE TRIGGER sync_availability_exception_del AFTER DELETE ON availability_exception WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'availability' AND local_id = OLD.availability_id;
END;

CREATE TRIGGER sync_visit_topic_ins AFTER INSERT ON visit_topic WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'visit' AND local_id = NEW.visit_id;
END;

CREATE TRIGGER sync_visit_topic_upd AFTER UPDATE ON visit_topic WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'visit' AND local_id = NEW.visit_id;
END;

CREATE TRIGGER sync_visit_topic_del AFTER DELETE ON visit_topic WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'visit' AND local_id = OLD.visit_id;
END;

CREATE TRIGGER sync_service_theme_ins AFTER INSERT ON service_theme WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'service' AND local_id = NEW.service_id;
END;

CREATE TRIGGER sync_service_theme_upd AFTER UPDATE ON service_theme WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'service' AND local_id = NEW.service_id;
END;

CREATE TRIGGER sync_service_theme_del AFTER DELETE ON service_theme WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'service' AND local_id = OLD.service_id;
END;

CREATE TRIGGER sync_note_version_ins AFTER INSERT ON note_version WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = NEW.note_id;
END;

CREATE TRIGGER sync_note_version_upd AFTER UPDATE ON note_version WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = NEW.note_id;
END;

CREATE TRIGGER sync_note_version_del AFTER DELETE ON note_version WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = OLD.note_id;
END;

CREATE TRIGGER sync_note_key_ins AFTER INSERT ON note_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = NEW.note_id;
END;

CREATE TRIGGER sync_note_key_upd AFTER UPDATE ON note_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = NEW.note_id;
END;

CREATE TRIGGER sync_note_key_del AFTER DELETE ON note_key WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET origin = (SELECT instance FROM sync_clock WHERE id = 1), hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = 'note' AND local_id = OLD.note_id;
END;

CREATE TRIGGER sync_audit_ins AFTER INSERT ON audit WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    VALUES ('audit', (SELECT instance FROM sync_clock WHERE id = 1) || ':' || NEW.id, NEW.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0);
END;

INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
SELECT 'audit', (SELECT instance FROM sync_clock WHERE id = 1) || ':' || a.id, a.id, (SELECT instance FROM sync_clock WHERE id = 1), (SELECT hlc FROM sync_clock WHERE id = 1), 0, 0 FROM audit a;

