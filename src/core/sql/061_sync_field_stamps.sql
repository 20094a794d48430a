-- 061: field-by-field merge of synced rows (docs/synchronisation.md,
-- "L'import : convergence et conflits"). Until 060 a row had one stamp and
-- the newest version of a row won whole: an address changed on the bus lost
-- against a phone number changed at the house the same week. Each synced
-- row now also keeps
--   fstamps  the stamp of each field: "mask@hlc@origin" groups joined by ','
--            (bit i: the i-th synced column in the table's column order, as
--            src/core/sync_export.c reads it; bit 63: the rows of its child
--            tables); a field in no group was not changed since the row was
--            created; '*' for a row written before this migration: every
--            field at the row's stamp;
--   dirty    the fields changed here since fstamps was last written (by an
--            export or an import): they have the row's stamp. The UPDATE
--            triggers below set it; the next export writes their stamps
--            into fstamps, so that a later change of another field does not
--            lend them its newer stamp.
-- An import keeps, field by field, the value of the newest stamp
-- (src/core/sync_import.c). Generated part: tools/gen-sync-sql.py fields.

ALTER TABLE sync_row ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_row ADD COLUMN fstamps TEXT NOT NULL DEFAULT '';
UPDATE sync_row SET fstamps = '*';

-- A conflict marked settled travels (conflits.csv of a pack): the same
-- conflict, noted by the other base at its import, is settled there too.
-- resolved_hlc: the clock's stamp when it was settled (a pack carries the
-- conflicts settled after its `since`); those settled before 061 travel
-- with the next pack.
ALTER TABLE sync_conflict ADD COLUMN resolved_hlc INTEGER NOT NULL DEFAULT 0;
UPDATE sync_conflict SET resolved_hlc = (SELECT hlc FROM sync_clock WHERE id = 1)
WHERE resolved = 1;

DROP TRIGGER sync_app_user_upd;
DROP TRIGGER sync_team_key_upd;
DROP TRIGGER sync_visitor_upd;
DROP TRIGGER sync_resource_upd;
DROP TRIGGER sync_motif_upd;
DROP TRIGGER sync_availability_upd;
DROP TRIGGER sync_appointment_upd;
DROP TRIGGER sync_visit_upd;
DROP TRIGGER sync_structure_upd;
DROP TRIGGER sync_service_upd;
DROP TRIGGER sync_orientation_upd;
DROP TRIGGER sync_orientation_history_upd;
DROP TRIGGER sync_note_upd;
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
DROP TRIGGER sync_changed_stamp;
DROP VIEW sync_changed;

CREATE VIEW sync_changed (tbl, local_id, mask) AS SELECT NULL, NULL, NULL WHERE 0;
CREATE TRIGGER sync_changed_stamp INSTEAD OF INSERT ON sync_changed WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0
BEGIN
    UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;
    UPDATE sync_row SET fstamps = CASE fstamps WHEN '*' THEN '-1@' || hlc || '@' || origin
                                  ELSE fstamps END,
        dirty = dirty | NEW.mask,
        (origin, hlc) = (SELECT instance, hlc FROM sync_clock WHERE id = 1)
    WHERE tbl = NEW.tbl AND local_id = NEW.local_id;
END;

CREATE TRIGGER sync_app_user_upd AFTER UPDATE OF login, display_name, role, password_hash, public_key, sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, key_generation, disabled, created_at, updated_at, pw_verifier ON app_user
BEGIN INSERT INTO sync_changed VALUES ('app_user', NEW.id,
    (OLD.login IS NOT NEW.login) | ((OLD.display_name IS NOT NEW.display_name) << 1) | ((OLD.role IS NOT NEW.role) << 2) | ((OLD.password_hash IS NOT NEW.password_hash) << 3) | ((OLD.public_key IS NOT NEW.public_key) << 4) | ((OLD.sealed_secret_key IS NOT NEW.sealed_secret_key) << 5) | ((OLD.seal_nonce IS NOT NEW.seal_nonce) << 6) | ((OLD.kdf_salt IS NOT NEW.kdf_salt) << 7) | ((OLD.kdf_opslimit IS NOT NEW.kdf_opslimit) << 8) | ((OLD.kdf_memlimit IS NOT NEW.kdf_memlimit) << 9) | ((OLD.key_generation IS NOT NEW.key_generation) << 10) | ((OLD.disabled IS NOT NEW.disabled) << 11) | ((OLD.created_at IS NOT NEW.created_at) << 12) | ((OLD.updated_at IS NOT NEW.updated_at) << 13) | ((OLD.pw_verifier IS NOT NEW.pw_verifier) << 14)); END;
CREATE TRIGGER sync_team_key_upd AFTER UPDATE ON team_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', NEW.id,
    (OLD.public_key IS NOT NEW.public_key) | ((OLD.recovery_sealed_secret IS NOT NEW.recovery_sealed_secret) << 1) | ((OLD.created_at IS NOT NEW.created_at) << 2)); END;
CREATE TRIGGER sync_visitor_upd AFTER UPDATE ON visitor
BEGIN INSERT INTO sync_changed VALUES ('visitor', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.last_name IS NOT NEW.last_name) << 1) | ((OLD.birth_name IS NOT NEW.birth_name) << 2) | ((OLD.first_names IS NOT NEW.first_names) << 3) | ((OLD.birth_date IS NOT NEW.birth_date) << 4) | ((OLD.sex IS NOT NEW.sex) << 5) | ((OLD.commune IS NOT NEW.commune) << 6) | ((OLD.postal_code IS NOT NEW.postal_code) << 7) | ((OLD.phone IS NOT NEW.phone) << 8) | ((OLD.email IS NOT NEW.email) << 9) | ((OLD.preferred_contact IS NOT NEW.preferred_contact) << 10) | ((OLD.language IS NOT NEW.language) << 11) | ((OLD.needs_digital_help IS NOT NEW.needs_digital_help) << 12) | ((OLD.reading_difficulty IS NOT NEW.reading_difficulty) << 13) | ((OLD.no_french IS NOT NEW.no_french) << 14) | ((OLD.disability IS NOT NEW.disability) << 15) | ((OLD.consent_date IS NOT NEW.consent_date) << 16) | ((OLD.consent_kind IS NOT NEW.consent_kind) << 17) | ((OLD.search_names IS NOT NEW.search_names) << 18) | ((OLD.phone_national IS NOT NEW.phone_national) << 19) | ((OLD.last_visit_at IS NOT NEW.last_visit_at) << 20) | ((OLD.created_at IS NOT NEW.created_at) << 21) | ((OLD.updated_at IS NOT NEW.updated_at) << 22) | ((OLD.merged_into IS NOT NEW.merged_into) << 23) | ((OLD.anonymised_at IS NOT NEW.anonymised_at) << 24)); END;
CREATE TRIGGER sync_resource_upd AFTER UPDATE ON resource
BEGIN INSERT INTO sync_changed VALUES ('resource', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.kind IS NOT NEW.kind) << 1) | ((OLD.name IS NOT NEW.name) << 2) | ((OLD.operator IS NOT NEW.operator) << 3) | ((OLD.user_id IS NOT NEW.user_id) << 4) | ((OLD.place IS NOT NEW.place) << 5) | ((OLD.active IS NOT NEW.active) << 6) | ((OLD.created_at IS NOT NEW.created_at) << 7) | ((OLD.updated_at IS NOT NEW.updated_at) << 8)); END;
CREATE TRIGGER sync_motif_upd AFTER UPDATE ON motif
BEGIN INSERT INTO sync_changed VALUES ('motif', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.name IS NOT NEW.name) << 1) | ((OLD.operator IS NOT NEW.operator) << 2) | ((OLD.duration_min IS NOT NEW.duration_min) << 3) | ((OLD.place IS NOT NEW.place) << 4) | ((OLD.capacity IS NOT NEW.capacity) << 5) | ((OLD.to_bring IS NOT NEW.to_bring) << 6) | ((OLD.active IS NOT NEW.active) << 7) | ((OLD.created_at IS NOT NEW.created_at) << 8) | ((OLD.updated_at IS NOT NEW.updated_at) << 9)); END;
CREATE TRIGGER sync_availability_upd AFTER UPDATE ON availability
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.resource_id IS NOT NEW.resource_id) << 1) | ((OLD.dtstart IS NOT NEW.dtstart) << 2) | ((OLD.start_time IS NOT NEW.start_time) << 3) | ((OLD.end_time IS NOT NEW.end_time) << 4) | ((OLD.freq IS NOT NEW.freq) << 5) | ((OLD.interval IS NOT NEW.interval) << 6) | ((OLD.byday IS NOT NEW.byday) << 7) | ((OLD.until IS NOT NEW.until) << 8) | ((OLD.created_at IS NOT NEW.created_at) << 9) | ((OLD.updated_at IS NOT NEW.updated_at) << 10)); END;
CREATE TRIGGER sync_appointment_upd AFTER UPDATE ON appointment
BEGIN INSERT INTO sync_changed VALUES ('appointment', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.resource_id IS NOT NEW.resource_id) << 1) | ((OLD.motif_id IS NOT NEW.motif_id) << 2) | ((OLD.visitor_id IS NOT NEW.visitor_id) << 3) | ((OLD.start_at IS NOT NEW.start_at) << 4) | ((OLD.end_at IS NOT NEW.end_at) << 5) | ((OLD.status IS NOT NEW.status) << 6) | ((OLD.cancel_reason IS NOT NEW.cancel_reason) << 7) | ((OLD.arrived_at IS NOT NEW.arrived_at) << 8) | ((OLD.origin IS NOT NEW.origin) << 9) | ((OLD.comment IS NOT NEW.comment) << 10) | ((OLD.call_status IS NOT NEW.call_status) << 11) | ((OLD.called_at IS NOT NEW.called_at) << 12) | ((OLD.sequence IS NOT NEW.sequence) << 13) | ((OLD.created_by IS NOT NEW.created_by) << 14) | ((OLD.created_at IS NOT NEW.created_at) << 15) | ((OLD.updated_at IS NOT NEW.updated_at) << 16)); END;
CREATE TRIGGER sync_visit_upd AFTER UPDATE ON visit
BEGIN INSERT INTO sync_changed VALUES ('visit', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.visitor_id IS NOT NEW.visitor_id) << 1) | ((OLD.sex IS NOT NEW.sex) << 2) | ((OLD.age_band IS NOT NEW.age_band) << 3) | ((OLD.commune IS NOT NEW.commune) << 4) | ((OLD.arrived_at IS NOT NEW.arrived_at) << 5) | ((OLD.started_at IS NOT NEW.started_at) << 6) | ((OLD.ended_at IS NOT NEW.ended_at) << 7) | ((OLD.state IS NOT NEW.state) << 8) | ((OLD.agent_id IS NOT NEW.agent_id) << 9) | ((OLD.created_by IS NOT NEW.created_by) << 10) | ((OLD.channel IS NOT NEW.channel) << 11) | ((OLD.help_type IS NOT NEW.help_type) << 12) | ((OLD.autonomy IS NOT NEW.autonomy) << 13) | ((OLD.duration_min IS NOT NEW.duration_min) << 14) | ((OLD.outcome IS NOT NEW.outcome) << 15) | ((OLD.comment IS NOT NEW.comment) << 16) | ((OLD.appointment_id IS NOT NEW.appointment_id) << 17) | ((OLD.created_at IS NOT NEW.created_at) << 18) | ((OLD.updated_at IS NOT NEW.updated_at) << 19) | ((OLD.surveyed IS NOT NEW.surveyed) << 20)); END;
CREATE TRIGGER sync_structure_upd AFTER UPDATE ON structure
BEGIN INSERT INTO sync_changed VALUES ('structure', NEW.id,
    (OLD.source IS NOT NEW.source) | ((OLD.source_id IS NOT NEW.source_id) << 1) | ((OLD.name IS NOT NEW.name) << 2) | ((OLD.siret IS NOT NEW.siret) << 3) | ((OLD.address IS NOT NEW.address) << 4) | ((OLD.postal_code IS NOT NEW.postal_code) << 5) | ((OLD.commune IS NOT NEW.commune) << 6) | ((OLD.insee IS NOT NEW.insee) << 7) | ((OLD.phone IS NOT NEW.phone) << 8) | ((OLD.email IS NOT NEW.email) << 9) | ((OLD.web IS NOT NEW.web) << 10) | ((OLD.description IS NOT NEW.description) << 11) | ((OLD.hours IS NOT NEW.hours) << 12) | ((OLD.latitude IS NOT NEW.latitude) << 13) | ((OLD.longitude IS NOT NEW.longitude) << 14) | ((OLD.source_updated IS NOT NEW.source_updated) << 15) | ((OLD.created_at IS NOT NEW.created_at) << 16) | ((OLD.updated_at IS NOT NEW.updated_at) << 17)); END;
CREATE TRIGGER sync_service_upd AFTER UPDATE ON service
BEGIN INSERT INTO sync_changed VALUES ('service', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.source IS NOT NEW.source) << 1) | ((OLD.source_id IS NOT NEW.source_id) << 2) | ((OLD.name IS NOT NEW.name) << 3) | ((OLD.structure IS NOT NEW.structure) << 4) | ((OLD.operator IS NOT NEW.operator) << 5) | ((OLD.description IS NOT NEW.description) << 6) | ((OLD.to_bring IS NOT NEW.to_bring) << 7) | ((OLD.address IS NOT NEW.address) << 8) | ((OLD.postal_code IS NOT NEW.postal_code) << 9) | ((OLD.commune IS NOT NEW.commune) << 10) | ((OLD.insee IS NOT NEW.insee) << 11) | ((OLD.phone IS NOT NEW.phone) << 12) | ((OLD.email IS NOT NEW.email) << 13) | ((OLD.web IS NOT NEW.web) << 14) | ((OLD.hours IS NOT NEW.hours) << 15) | ((OLD.modes IS NOT NEW.modes) << 16) | ((OLD.fees IS NOT NEW.fees) << 17) | ((OLD.created_at IS NOT NEW.created_at) << 18) | ((OLD.updated_at IS NOT NEW.updated_at) << 19) | ((OLD.structure_id IS NOT NEW.structure_id) << 20) | ((OLD.publics IS NOT NEW.publics) << 21) | ((OLD.conditions IS NOT NEW.conditions) << 22) | ((OLD.mobilisation IS NOT NEW.mobilisation) << 23) | ((OLD.mobilisable_by IS NOT NEW.mobilisable_by) << 24) | ((OLD.mobilisation_link IS NOT NEW.mobilisation_link) << 25) | ((OLD.eligibility IS NOT NEW.eligibility) << 26) | ((OLD.latitude IS NOT NEW.latitude) << 27) | ((OLD.longitude IS NOT NEW.longitude) << 28) | ((OLD.source_updated IS NOT NEW.source_updated) << 29)); END;
CREATE TRIGGER sync_orientation_upd AFTER UPDATE ON orientation
BEGIN INSERT INTO sync_changed VALUES ('orientation', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.visitor_id IS NOT NEW.visitor_id) << 1) | ((OLD.visit_id IS NOT NEW.visit_id) << 2) | ((OLD.service_id IS NOT NEW.service_id) << 3) | ((OLD.theme IS NOT NEW.theme) << 4) | ((OLD.reason IS NOT NEW.reason) << 5) | ((OLD.contact IS NOT NEW.contact) << 6) | ((OLD.status IS NOT NEW.status) << 7) | ((OLD.refusal_reason IS NOT NEW.refusal_reason) << 8) | ((OLD.followup_on IS NOT NEW.followup_on) << 9) | ((OLD.created_by IS NOT NEW.created_by) << 10) | ((OLD.created_at IS NOT NEW.created_at) << 11) | ((OLD.updated_at IS NOT NEW.updated_at) << 12)); END;
CREATE TRIGGER sync_orientation_history_upd AFTER UPDATE ON orientation_history
BEGIN INSERT INTO sync_changed VALUES ('orientation_history', NEW.id,
    (OLD.orientation_id IS NOT NEW.orientation_id) | ((OLD.at IS NOT NEW.at) << 1) | ((OLD.user_id IS NOT NEW.user_id) << 2) | ((OLD.from_status IS NOT NEW.from_status) << 3) | ((OLD.to_status IS NOT NEW.to_status) << 4) | ((OLD.detail IS NOT NEW.detail) << 5)); END;
CREATE TRIGGER sync_note_upd AFTER UPDATE ON note
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.visitor_id IS NOT NEW.visitor_id) << 1) | ((OLD.author_id IS NOT NEW.author_id) << 2) | ((OLD.level IS NOT NEW.level) << 3) | ((OLD.current_version IS NOT NEW.current_version) << 4) | ((OLD.created_at IS NOT NEW.created_at) << 5) | ((OLD.updated_at IS NOT NEW.updated_at) << 6)); END;
CREATE TRIGGER sync_team_member_key_ins AFTER INSERT ON team_member_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', NEW.team_key_id, 1 << 63); END;
CREATE TRIGGER sync_team_member_key_upd AFTER UPDATE ON team_member_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', NEW.team_key_id, 1 << 63); END;
CREATE TRIGGER sync_team_member_key_del AFTER DELETE ON team_member_key
BEGIN INSERT INTO sync_changed VALUES ('team_key', OLD.team_key_id, 1 << 63); END;
CREATE TRIGGER sync_availability_motif_ins AFTER INSERT ON availability_motif
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id, 1 << 63); END;
CREATE TRIGGER sync_availability_motif_upd AFTER UPDATE ON availability_motif
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id, 1 << 63); END;
CREATE TRIGGER sync_availability_motif_del AFTER DELETE ON availability_motif
BEGIN INSERT INTO sync_changed VALUES ('availability', OLD.availability_id, 1 << 63); END;
CREATE TRIGGER sync_availability_exception_ins AFTER INSERT ON availability_exception
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id, 1 << 63); END;
CREATE TRIGGER sync_availability_exception_upd AFTER UPDATE ON availability_exception
BEGIN INSERT INTO sync_changed VALUES ('availability', NEW.availability_id, 1 << 63); END;
CREATE TRIGGER sync_availability_exception_del AFTER DELETE ON availability_exception
BEGIN INSERT INTO sync_changed VALUES ('availability', OLD.availability_id, 1 << 63); END;
CREATE TRIGGER sync_visit_topic_ins AFTER INSERT ON visit_topic
BEGIN INSERT INTO sync_changed VALUES ('visit', NEW.visit_id, 1 << 63); END;
CREATE TRIGGER sync_visit_topic_upd AFTER UPDATE ON visit_topic
BEGIN INSERT INTO sync_changed VALUES ('visit', NEW.visit_id, 1 << 63); END;
CREATE TRIGGER sync_visit_topic_del AFTER DELETE ON visit_topic
BEGIN INSERT INTO sync_changed VALUES ('visit', OLD.visit_id, 1 << 63); END;
CREATE TRIGGER sync_service_theme_ins AFTER INSERT ON service_theme
BEGIN INSERT INTO sync_changed VALUES ('service', NEW.service_id, 1 << 63); END;
CREATE TRIGGER sync_service_theme_upd AFTER UPDATE ON service_theme
BEGIN INSERT INTO sync_changed VALUES ('service', NEW.service_id, 1 << 63); END;
CREATE TRIGGER sync_service_theme_del AFTER DELETE ON service_theme
BEGIN INSERT INTO sync_changed VALUES ('service', OLD.service_id, 1 << 63); END;
CREATE TRIGGER sync_note_version_ins AFTER INSERT ON note_version
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id, 1 << 63); END;
CREATE TRIGGER sync_note_version_upd AFTER UPDATE ON note_version
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id, 1 << 63); END;
CREATE TRIGGER sync_note_version_del AFTER DELETE ON note_version
BEGIN INSERT INTO sync_changed VALUES ('note', OLD.note_id, 1 << 63); END;
CREATE TRIGGER sync_note_key_ins AFTER INSERT ON note_key
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id, 1 << 63); END;
CREATE TRIGGER sync_note_key_upd AFTER UPDATE ON note_key
BEGIN INSERT INTO sync_changed VALUES ('note', NEW.note_id, 1 << 63); END;
CREATE TRIGGER sync_note_key_del AFTER DELETE ON note_key
BEGIN INSERT INTO sync_changed VALUES ('note', OLD.note_id, 1 << 63); END;
