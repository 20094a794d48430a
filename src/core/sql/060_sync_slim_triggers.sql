-- 060: the same change tracking as 041, in triggers SQLite parses quickly.
-- SQLite parses every trigger each time a connection first reads the
-- schema; 041's 70 triggers, three subqueries each, made opening a base
-- (and so guichet's start-up) take twice as long (docs/performance.md).
-- Each table's trigger now only says what changed, by one INSERT into the
-- view sync_new, sync_changed or sync_gone (no subquery); that view's
-- INSTEAD OF trigger ticks the clock and writes sync_row exactly as 041's
-- triggers did, and stays quiet while a pack is applied
-- (sync_clock.applying). A saved request costs the same instructions as
-- with 041 (bench_core save under callgrind); opening a base, 5.3 M fewer.
-- Generated part: tools/gen-sync-sql.py slim.

DROP TRIGGER sync_app_user_ins;
DROP TRIGGER sync_app_user_upd;
DROP TRIGGER sync_app_user_del;
DROP TRIGGER sync_team_key_ins;
DROP TRIGGER sync_team_key_upd;
DROP TRIGGER sync_team_key_del;
DROP TRIGGER sync_visitor_ins;
DROP TRIGGER sync_visitor_upd;
DROP TRIGGER sync_visitor_del;
DROP TRIGGER sync_resource_ins;
DROP TRIGGER sync_resource_upd;
DROP TRIGGER sync_resource_del;
DROP TRIGGER sync_motif_ins;
DROP TRIGGER sync_motif_upd;
DROP TRIGGER sync_motif_del;
DROP TRIGGER sync_availability_ins;
DROP TRIGGER sync_availability_upd;
DROP TRIGGER sync_availability_del;
DROP TRIGGER sync_appointment_ins;
DROP TRIGGER sync_appointment_upd;
DROP TRIGGER sync_appointment_del;
DROP TRIGGER sync_visit_ins;
DROP TRIGGER sync_visit_upd;
DROP TRIGGER sync_visit_del;
DROP TRIGGER sync_structure_ins;
DROP TRIGGER sync_structure_upd;
DROP TRIGGER sync_structure_del;
DROP TRIGGER sync_service_ins;
DROP TRIGGER sync_service_upd;
DROP TRIGGER sync_service_del;
DROP TRIGGER sync_orientation_ins;
DROP TRIGGER sync_orientation_upd;
DROP TRIGGER sync_orientation_del;
DROP TRIGGER sync_orientation_history_ins;
DROP TRIGGER sync_orientation_history_upd;
DROP TRIGGER sync_orientation_history_del;
DROP TRIGGER sync_note_ins;
DROP TRIGGER sync_note_upd;
DROP TRIGGER sync_note_del;
DROP TRIGGER sync_team_member_key_ins;
DROP TRIGGER sync_team_member_key_upd;
DROP TRIGGER sync_team_member_key_del;
DROP TRIGGER sync_availability_motif_ins;
DROP TRIGGER sync_availability_motif_upd;
DROP TRIGGER sync_availability_motif_del;
DROP TRIGGER sync_availability_exception_ins;
DROP TRIGGER sync_availability_exception_upd;
DROP TRIGGER sync_availability_exception_del;
DROP TRIGGER sync_visit_topic_ins;
DROP TRIGGER sync_visit_topic_upd;
DROP TRIGGER sync_visit_topic_del;
DROP TRIGGER sync_service_theme_ins;
DROP TRIGGER sync_service_theme_upd;
DROP TRIGGER sync_service_theme_del;
DROP TRIGGER sync_note_version_ins;
DROP TRIGGER sync_note_version_upd;
DROP TRIGGER sync_note_version_del;
DROP TRIGGER sync_note_key_ins;
DROP TRIGGER sync_note_key_upd;
DROP TRIGGER sync_note_key_del;
DROP TRIGGER sync_audit_ins;

CREATE VIEW sync_new (tbl, uuid, local_id) AS SELECT NULL, NULL, NULL WHERE 0;
CREATE VIEW sync_changed (tbl, local_id) AS SELECT NULL, NULL WHERE 0;
CREATE VIEW sync_gone (tbl, local_id) AS SELECT NULL, NULL WHERE 0;

CREATE TRIGGER sync_new_stamp INSTEAD OF INSERT ON sync_new WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)
    SELECT NEW.tbl, CASE WHEN NEW.tbl = 'audit' THEN instance || ':' || NEW.local_id
                         ELSE coalesce(NEW.uuid, lower(hex(randomblob(16)))) END,
           NEW.local_id, instance, hlc, 0, 0
    FROM sync_clock WHERE id = 1;
END;
CREATE TRIGGER sync_changed_stamp INSTEAD OF INSERT ON sync_changed WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET (origin, hlc) = (SELECT instance, hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = NEW.tbl AND local_id = NEW.local_id;
END;
CREATE TRIGGER sync_gone_stamp INSTEAD OF INSERT ON sync_gone WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET (origin, hlc) = (SELECT instance, hlc FROM sync_clock WHERE id = 1),
        deleted = 1, local_id = NULL
    WHERE tbl = NEW.tbl AND local_id = NEW.local_id;
END;

CREATE TRIGGER sync_app_user_ins AFTER INSERT ON app_user
BEGIN INSERT INTO sync_new VALUES ('app_user', NEW.login, NEW.id); END;
CREATE TRIGGER sync_app_user_upd AFTER UPDATE OF login, display_name, role, password_hash, public_key, sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, key_generation, disabled, created_at, updated_at, pw_verifier ON app_user
BEGIN INSERT INTO sync_changed VALUES ('app_user', NEW.id); END;
CREATE TRIGGER sync_app_user_del AFTER DELETE ON app_user
BEGIN INSERT INTO sync_gone VALUES ('app_user', OLD.id); END;
CREATE TRIGGER sync_team_key_ins AFTER INSERT ON team_key
BEGIN INSERT INTO sync_new VALUES ('team_key', NULL, NEW.id); END;
CREATE TRIGGER sync_team_key_upd AFTER UPDATE ON team_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', NEW.id); END;
CREATE TRIGGER sync_team_key_del AFTER DELETE ON team_key
BEGIN INSERT INTO sync_gone VALUES ('team_key', OLD.id); END;
CREATE TRIGGER sync_visitor_ins AFTER INSERT ON visitor
BEGIN INSERT INTO sync_new VALUES ('visitor', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_visitor_upd AFTER UPDATE ON visitor
BEGIN INSERT INTO sync_changed VALUES ('visitor', NEW.id); END;
CREATE TRIGGER sync_visitor_del AFTER DELETE ON visitor
BEGIN INSERT INTO sync_gone VALUES ('visitor', OLD.id); END;
CREATE TRIGGER sync_resource_ins AFTER INSERT ON resource
BEGIN INSERT INTO sync_new VALUES ('resource', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_resource_upd AFTER UPDATE ON resource
BEGIN INSERT INTO sync_changed VALUES ('resource', NEW.id); END;
CREATE TRIGGER sync_resource_del AFTER DELETE ON resource
BEGIN INSERT INTO sync_gone VALUES ('resource', OLD.id); END;
CREATE TRIGGER sync_motif_ins AFTER INSERT ON motif
BEGIN INSERT INTO sync_new VALUES ('motif', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_motif_upd AFTER UPDATE ON motif
BEGIN INSERT INTO sync_changed VALUES ('motif', NEW.id); END;
CREATE TRIGGER sync_motif_del AFTER DELETE ON motif
BEGIN INSERT INTO sync_gone VALUES ('motif', OLD.id); END;
CREATE TRIGGER sync_availability_ins AFTER INSERT ON availability
BEGIN INSERT INTO sync_new VALUES ('availability', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_availability_upd AFTER UPDATE ON availability
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.id); END;
CREATE TRIGGER sync_availability_del AFTER DELETE ON availability
BEGIN INSERT INTO sync_gone VALUES ('availability', OLD.id); END;
CREATE TRIGGER sync_appointment_ins AFTER INSERT ON appointment
BEGIN INSERT INTO sync_new VALUES ('appointment', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_appointment_upd AFTER UPDATE ON appointment
BEGIN INSERT INTO sync_changed VALUES ('appointment', NEW.id); END;
CREATE TRIGGER sync_appointment_del AFTER DELETE ON appointment
BEGIN INSERT INTO sync_gone VALUES ('appointment', OLD.id); END;
CREATE TRIGGER sync_visit_ins AFTER INSERT ON visit
BEGIN INSERT INTO sync_new VALUES ('visit', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_visit_upd AFTER UPDATE ON visit
BEGIN INSERT INTO sync_changed VALUES ('visit', NEW.id); END;
CREATE TRIGGER sync_visit_del AFTER DELETE ON visit
BEGIN INSERT INTO sync_gone VALUES ('visit', OLD.id); END;
CREATE TRIGGER sync_structure_ins AFTER INSERT ON structure
BEGIN INSERT INTO sync_new VALUES ('structure', NEW.source || ':' || NEW.source_id, NEW.id); END;
CREATE TRIGGER sync_structure_upd AFTER UPDATE ON structure
BEGIN INSERT INTO sync_changed VALUES ('structure', NEW.id); END;
CREATE TRIGGER sync_structure_del AFTER DELETE ON structure
BEGIN INSERT INTO sync_gone VALUES ('structure', OLD.id); END;
CREATE TRIGGER sync_service_ins AFTER INSERT ON service
BEGIN INSERT INTO sync_new VALUES ('service', NEW.source || ':' || NEW.source_id, NEW.id); END;
CREATE TRIGGER sync_service_upd AFTER UPDATE ON service
BEGIN INSERT INTO sync_changed VALUES ('service', NEW.id); END;
CREATE TRIGGER sync_service_del AFTER DELETE ON service
BEGIN INSERT INTO sync_gone VALUES ('service', OLD.id); END;
CREATE TRIGGER sync_orientation_ins AFTER INSERT ON orientation
BEGIN INSERT INTO sync_new VALUES ('orientation', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_orientation_upd AFTER UPDATE ON orientation
BEGIN INSERT INTO sync_changed VALUES ('orientation', NEW.id); END;
CREATE TRIGGER sync_orientation_del AFTER DELETE ON orientation
BEGIN INSERT INTO sync_gone VALUES ('orientation', OLD.id); END;
CREATE TRIGGER sync_orientation_history_ins AFTER INSERT ON orientation_history
BEGIN INSERT INTO sync_new VALUES ('orientation_history', NULL, NEW.id); END;
CREATE TRIGGER sync_orientation_history_upd AFTER UPDATE ON orientation_history
BEGIN INSERT INTO sync_changed VALUES ('orientation_history', NEW.id); END;
CREATE TRIGGER sync_orientation_history_del AFTER DELETE ON orientation_history
BEGIN INSERT INTO sync_gone VALUES ('orientation_history', OLD.id); END;
CREATE TRIGGER sync_note_ins AFTER INSERT ON note
BEGIN INSERT INTO sync_new VALUES ('note', NEW.uuid, NEW.id); END;
CREATE TRIGGER sync_note_upd AFTER UPDATE ON note
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.id); END;
CREATE TRIGGER sync_note_del AFTER DELETE ON note
BEGIN INSERT INTO sync_gone VALUES ('note', OLD.id); END;
CREATE TRIGGER sync_team_member_key_ins AFTER INSERT ON team_member_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', NEW.team_key_id); END;
CREATE TRIGGER sync_team_member_key_upd AFTER UPDATE ON team_member_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', NEW.team_key_id); END;
CREATE TRIGGER sync_team_member_key_del AFTER DELETE ON team_member_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', OLD.team_key_id); END;
CREATE TRIGGER sync_availability_motif_ins AFTER INSERT ON availability_motif
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id); END;
CREATE TRIGGER sync_availability_motif_upd AFTER UPDATE ON availability_motif
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id); END;
CREATE TRIGGER sync_availability_motif_del AFTER DELETE ON availability_motif
BEGIN INSERT INTO sync_changed VALUES ('availability', OLD.availability_id); END;
CREATE TRIGGER sync_availability_exception_ins AFTER INSERT ON availability_exception
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id); END;
CREATE TRIGGER sync_availability_exception_upd AFTER UPDATE ON availability_exception
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id); END;
CREATE TRIGGER sync_availability_exception_del AFTER DELETE ON availability_exception
BEGIN INSERT INTO sync_changed VALUES ('availability', OLD.availability_id); END;
CREATE TRIGGER sync_visit_topic_ins AFTER INSERT ON visit_topic
BEGIN INSERT INTO sync_changed VALUES ('visit', NEW.visit_id); END;
CREATE TRIGGER sync_visit_topic_upd AFTER UPDATE ON visit_topic
BEGIN INSERT INTO sync_changed VALUES ('visit', NEW.visit_id); END;
CREATE TRIGGER sync_visit_topic_del AFTER DELETE ON visit_topic
BEGIN INSERT INTO sync_changed VALUES ('visit', OLD.visit_id); END;
CREATE TRIGGER sync_service_theme_ins AFTER INSERT ON service_theme
BEGIN INSERT INTO sync_changed VALUES ('service', NEW.service_id); END;
CREATE TRIGGER sync_service_theme_upd AFTER UPDATE ON service_theme
BEGIN INSERT INTO sync_changed VALUES ('service', NEW.service_id); END;
CREATE TRIGGER sync_service_theme_del AFTER DELETE ON service_theme
BEGIN INSERT INTO sync_changed VALUES ('service', OLD.service_id); END;
CREATE TRIGGER sync_note_version_ins AFTER INSERT ON note_version
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id); END;
CREATE TRIGGER sync_note_version_upd AFTER UPDATE ON note_version
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id); END;
CREATE TRIGGER sync_note_version_del AFTER DELETE ON note_version
BEGIN INSERT INTO sync_changed VALUES ('note', OLD.note_id); END;
CREATE TRIGGER sync_note_key_ins AFTER INSERT ON note_key
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id); END;
CREATE TRIGGER sync_note_key_upd AFTER UPDATE ON note_key
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id); END;
CREATE TRIGGER sync_note_key_del AFTER DELETE ON note_key
BEGIN INSERT INTO sync_changed VALUES ('note', OLD.note_id); END;
CREATE TRIGGER sync_audit_ins AFTER INSERT ON audit
BEGIN INSERT INTO sync_new VALUES ('audit', NULL, NEW.id); END;
