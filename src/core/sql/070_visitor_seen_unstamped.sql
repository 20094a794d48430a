-- 070: a saved request no longer stamps its visitor for sync. Recording a
-- request raises visitor.last_visit_at (visit.c, touch_visitor), and 061's
-- trigger stamped that as a change of the visitor: a new field stamp, the
-- visitor's sync_row rewritten and moved in the sync_row_hlc index, the
-- clock ticked once more. On the bench's ten-year base that was 2.2 of the
-- 14.8 WAL pages of a saved request (docs/performance.md). last_visit_at is
-- derived from the requests, which travel themselves: an import raises it
-- from the requests it brings and never lowers it (src/core/sync_import.c,
-- sync_col_keeps_newest), so every base still agrees. The column still
-- travels with its row and still has its bit in the mask (a change made
-- together with another field, a merge of two files, is stamped as before);
-- only an UPDATE that sets last_visit_at alone no longer fires the trigger.
-- Generated part: tools/gen-sync-sql.py fields (the visitor's column list).

DROP TRIGGER sync_visitor_upd;
CREATE TRIGGER sync_visitor_upd AFTER UPDATE OF uuid, last_name, birth_name, first_names, birth_date, sex, commune, postal_code, phone, email, preferred_contact, language, needs_digital_help, reading_difficulty, no_french, disability, consent_date, consent_kind, search_names, phone_national, created_at, updated_at, merged_into, anonymised_at ON visitor
BEGIN INSERT INTO sync_changed VALUES ('visitor', NEW.id,
    (OLD.uuid IS NOT NEW.uuid) | ((OLD.last_name IS NOT NEW.last_name) << 1) | ((OLD.birth_name IS NOT NEW.birth_name) << 2) | ((OLD.first_names IS NOT NEW.first_names) << 3) | ((OLD.birth_date IS NOT NEW.birth_date) << 4) | ((OLD.sex IS NOT NEW.sex) << 5) | ((OLD.commune IS NOT NEW.commune) << 6) | ((OLD.postal_code IS NOT NEW.postal_code) << 7) | ((OLD.phone IS NOT NEW.phone) << 8) | ((OLD.email IS NOT NEW.email) << 9) | ((OLD.preferred_contact IS NOT NEW.preferred_contact) << 10) | ((OLD.language IS NOT NEW.language) << 11) | ((OLD.needs_digital_help IS NOT NEW.needs_digital_help) << 12) | ((OLD.reading_difficulty IS NOT NEW.reading_difficulty) << 13) | ((OLD.no_french IS NOT NEW.no_french) << 14) | ((OLD.disability IS NOT NEW.disability) << 15) | ((OLD.consent_date IS NOT NEW.consent_date) << 16) | ((OLD.consent_kind IS NOT NEW.consent_kind) << 17) | ((OLD.search_names IS NOT NEW.search_names) << 18) | ((OLD.phone_national IS NOT NEW.phone_national) << 19) | ((OLD.last_visit_at IS NOT NEW.last_visit_at) << 20) | ((OLD.created_at IS NOT NEW.created_at) << 21) | ((OLD.updated_at IS NOT NEW.updated_at) << 22) | ((OLD.merged_into IS NOT NEW.merged_into) << 23) | ((OLD.anonymised_at IS NOT NEW.anonymised_at) << 24)); END;
