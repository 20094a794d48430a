-- 008: the journal's head (its last entry's id and chained hash), kept in a
-- row of its own that every journal entry moves forward in the same
-- transaction. Deleting the tail of the journal, or emptying it, behind
-- guichet's back (triggers dropped with the sqlite3 shell) leaves the head
-- ahead of the journal: `guichet check` then says how many entries are
-- lost. The backups' and exports' manifests keep copies of the head outside
-- the file (see src/core/audit_anchor.c).
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL, -- 0 = empty journal
    last_hash TEXT NOT NULL     -- '' for an empty journal
);
INSERT INTO audit_head (id, last_id, last_hash)
VALUES (1, COALESCE((SELECT max(id) FROM audit), 0),
        COALESCE((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), ''));

-- the export's manifest records the head as it stood at the end of the
-- exported day (the same on every re-run): found through this index
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_head_follow AFTER INSERT ON audit
BEGIN
    UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'la tête du journal ne peut pas être effacée');
END;

CREATE TRIGGER audit_head_no_rewind BEFORE UPDATE ON audit_head
WHEN NEW.last_id <= OLD.last_id
BEGIN
    SELECT RAISE(ABORT, 'la tête du journal ne recule jamais');
END;
