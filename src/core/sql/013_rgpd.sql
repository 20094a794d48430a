-- 013: data protection (RGPD): the journal can lose its oldest entries to
-- the retention purge without breaking its hash chain, and erased people
-- leave their anonymous counts behind. See src/core/rgpd.c, docs/rgpd.md.

-- Where the journal now starts. The retention purge (audit_trim) removes the
-- oldest entries, in id order only, and records here the id and hash of the
-- last entry removed: audit_verify then checks that the first remaining
-- entry chains onto it. Only grows.
CREATE TABLE audit_anchor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL DEFAULT 0,   -- entries with id <= last_id were purged
    last_hash TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    count     INTEGER NOT NULL DEFAULT 0,   -- entries purged so far, in all
    at        INTEGER NOT NULL DEFAULT 0    -- UTC of the last purge of the journal
);
INSERT INTO audit_anchor (id) VALUES (1);

CREATE TRIGGER audit_anchor_forward BEFORE UPDATE ON audit_anchor
WHEN NEW.last_id < OLD.last_id OR NEW.id <> OLD.id
BEGIN
    SELECT RAISE(ABORT, 'le début du journal ne peut pas reculer');
END;

CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN
    SELECT RAISE(ABORT, 'le début du journal ne peut pas être effacé');
END;

-- The journal stays append-only, except below the anchor: the purge first
-- moves the anchor (in the same transaction), then deletes up to it.
DROP TRIGGER audit_no_delete;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN OLD.id > (SELECT last_id FROM audit_anchor WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'le journal ne peut pas être effacé');
END;

-- The site's data-protection state. anon_visitor_id: the one anonymous file
-- that the orientations of erased or purged people point at (an orientation
-- must point at a file; the export counts orientations but never names
-- them). NULL until the first erasure needs it.
CREATE TABLE rgpd_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    anon_visitor_id INTEGER NULL REFERENCES visitor(id),
    last_purge_at   INTEGER NOT NULL DEFAULT 0  -- UTC of the last real purge, 0 = never
);
INSERT INTO rgpd_state (id) VALUES (1);
