#!/usr/bin/python3
"""The change-tracking triggers of the synced tables
(docs/synchronisation.md), for a NEW migration file when the registry
(src/core/sync_registry.c) gains a table: the lists below must name the same
tables, identities and columns.

  gen-sync-sql.py 041   the triggers of 041_sync.sql as first written (kept
                        to show how that migration was made)
  gen-sync-sql.py fields BASE
                        the triggers of 061_sync_field_stamps.sql, from a
                        base at schema 060 (BASE, read with sqlite3): each
                        UPDATE trigger also says WHICH synced columns
                        changed, as a mask (bit i = the i-th synced column
                        in the table's column order, sync_cols_load; bit
                        63 = the rows of a child table), so that an import
                        merges field by field. A migration that adds a
                        column to a synced table must regenerate these
                        triggers (tests/unit/test_sync.c checks every
                        synced column is in its table's mask).
  gen-sync-sql.py slim  the triggers of 060_sync_slim_triggers.sql: each
                        table's trigger only says what changed (one INSERT
                        into the view sync_new, sync_changed or sync_gone,
                        no subquery) and that view's INSTEAD OF trigger
                        stamps it. SQLite
                        parses every trigger each time a connection reads the
                        schema: 041's 70 triggers with three subqueries each
                        doubled the start-up (docs/performance.md)."""
import sqlite3
import sys

# table, identity expression over NEW/OLD (None: random), synced columns
# (an UPDATE OF list; None = every column)
ENTITIES = [
    ("app_user", "{r}.login", "login, display_name, role, password_hash, public_key, "
     "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, key_generation, "
     "disabled, created_at, updated_at, pw_verifier"),
    ("team_key", None, None),
    # every column but last_visit_at: raised by each saved request, derived
    # from the requests that travel themselves (migration 070)
    ("visitor", "{r}.uuid", "uuid, last_name, birth_name, first_names, birth_date, sex, commune, "
     "postal_code, phone, email, preferred_contact, language, needs_digital_help, "
     "reading_difficulty, no_french, disability, consent_date, consent_kind, search_names, "
     "phone_national, created_at, updated_at, merged_into, anonymised_at"),
    ("resource", "{r}.uuid", None),
    ("motif", "{r}.uuid", None),
    ("availability", "{r}.uuid", None),
    ("appointment", "{r}.uuid", None),
    ("visit", "{r}.uuid", None),
    ("structure", "{r}.source || ':' || {r}.source_id", None),
    ("service", "{r}.source || ':' || {r}.source_id", None),
    ("orientation", "{r}.uuid", None),
    ("orientation_history", None, None),
    ("note", "{r}.uuid", None),
]
# child table, parent table, parent column
CHILDREN = [
    ("team_member_key", "team_key", "team_key_id"),
    ("availability_motif", "availability", "availability_id"),
    ("availability_exception", "availability", "availability_id"),
    ("visit_topic", "visit", "visit_id"),
    ("service_theme", "service", "service_id"),
    ("note_version", "note", "note_id"),
    ("note_key", "note", "note_id"),
]

STAMP = ("UPDATE sync_clock SET hlc = max(hlc + 1, "
         "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1;")
GUARD = "WHEN (SELECT applying FROM sync_clock WHERE id = 1) = 0"
SELF = "(SELECT instance FROM sync_clock WHERE id = 1)"
NOW = "(SELECT hlc FROM sync_clock WHERE id = 1)"

def triggers_041(w):
    for t, ident, cols in ENTITIES:
        idn = ident.format(r="NEW") if ident else "lower(hex(randomblob(16)))"
        w(f"CREATE TRIGGER sync_{t}_ins AFTER INSERT ON {t} {GUARD}\nBEGIN\n    {STAMP}\n"
          f"    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)\n"
          f"    VALUES ('{t}', {idn}, NEW.id, {SELF}, {NOW}, 0, 0);\nEND;\n")
        of = f" OF {cols}" if cols else ""
        w(f"CREATE TRIGGER sync_{t}_upd AFTER UPDATE{of} ON {t} {GUARD}\nBEGIN\n    {STAMP}\n"
          f"    UPDATE sync_row SET origin = {SELF}, hlc = {NOW}\n"
          f"    WHERE tbl = '{t}' AND local_id = NEW.id;\nEND;\n")
        w(f"CREATE TRIGGER sync_{t}_del AFTER DELETE ON {t} {GUARD}\nBEGIN\n    {STAMP}\n"
          f"    UPDATE sync_row SET origin = {SELF}, hlc = {NOW}, deleted = 1, local_id = NULL\n"
          f"    WHERE tbl = '{t}' AND local_id = OLD.id;\nEND;\n")
        idb = ident.format(r="t") if ident else "lower(hex(randomblob(16)))"
        w(f"INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)\n"
          f"SELECT '{t}', {idb}, t.id, {SELF}, {NOW}, 0, 0 FROM {t} t;\n")

    for t, parent, col in CHILDREN:
        for ev, r in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            w(f"CREATE TRIGGER sync_{t}_{ev[:3].lower()} AFTER {ev} ON {t} {GUARD}\nBEGIN\n"
              f"    {STAMP}\n    UPDATE sync_row SET origin = {SELF}, hlc = {NOW}\n"
              f"    WHERE tbl = '{parent}' AND local_id = {r}.{col};\nEND;\n")

    # the journal: one row per entry, never updated nor deleted
    w(f"CREATE TRIGGER sync_audit_ins AFTER INSERT ON audit {GUARD}\nBEGIN\n    {STAMP}\n"
      f"    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)\n"
      f"    VALUES ('audit', {SELF} || ':' || NEW.id, NEW.id, {SELF}, {NOW}, 0, 0);\nEND;\n")
    w(f"INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)\n"
      f"SELECT 'audit', {SELF} || ':' || a.id, a.id, {SELF}, {NOW}, 0, 0 FROM audit a;\n")


def triggers_slim(w):
    names = [t for t, _, _ in ENTITIES] + [t for t, _, _ in CHILDREN]
    for t in names:
        for ev in ("ins", "upd", "del"):
            w(f"DROP TRIGGER sync_{t}_{ev};")
    w("DROP TRIGGER sync_audit_ins;\n")
    # Three views that never hold a row; inserting into one stamps the
    # change as 041 did (the clock ticks once per change). One view per kind
    # of change, so that no stamping trigger runs a statement for nothing.
    w("CREATE VIEW sync_new (tbl, uuid, local_id) AS SELECT NULL, NULL, NULL WHERE 0;")
    w("CREATE VIEW sync_changed (tbl, local_id) AS SELECT NULL, NULL WHERE 0;")
    w("CREATE VIEW sync_gone (tbl, local_id) AS SELECT NULL, NULL WHERE 0;\n")
    # a new row: its identity (NULL: random; the journal: instance:id)
    w(f"CREATE TRIGGER sync_new_stamp INSTEAD OF INSERT ON sync_new {GUARD}\nBEGIN\n"
      f"    {STAMP}\n"
      f"    INSERT OR REPLACE INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted)\n"
      f"    SELECT NEW.tbl, CASE WHEN NEW.tbl = 'audit' THEN instance || ':' || NEW.local_id\n"
      f"                         ELSE coalesce(NEW.uuid, lower(hex(randomblob(16)))) END,\n"
      f"           NEW.local_id, instance, hlc, 0, 0\n"
      f"    FROM sync_clock WHERE id = 1;\nEND;")
    w(f"CREATE TRIGGER sync_changed_stamp INSTEAD OF INSERT ON sync_changed {GUARD}\nBEGIN\n"
      f"    {STAMP}\n"
      f"    UPDATE sync_row SET (origin, hlc) = (SELECT instance, hlc FROM sync_clock WHERE id = 1)\n"
      f"    WHERE tbl = NEW.tbl AND local_id = NEW.local_id;\nEND;")
    w(f"CREATE TRIGGER sync_gone_stamp INSTEAD OF INSERT ON sync_gone {GUARD}\nBEGIN\n"
      f"    {STAMP}\n"
      f"    UPDATE sync_row SET (origin, hlc) = (SELECT instance, hlc FROM sync_clock WHERE id = 1),\n"
      f"        deleted = 1, local_id = NULL\n"
      f"    WHERE tbl = NEW.tbl AND local_id = NEW.local_id;\nEND;\n")

    def say(name, event, view, values):
        w(f"CREATE TRIGGER sync_{name}_{event[:3].lower()} AFTER {event} ON {name}\n"
          f"BEGIN INSERT INTO {view} VALUES ({values}); END;")

    for t, ident, cols in ENTITIES:
        uuid = ident.format(r="NEW") if ident else "NULL"
        say(t, "INSERT", "sync_new", f"'{t}', {uuid}, NEW.id")
        say(t, f"UPDATE OF {cols}" if cols else "UPDATE", "sync_changed", f"'{t}', NEW.id")
        say(t, "DELETE", "sync_gone", f"'{t}', OLD.id")
    # a child's change is its parent's
    for t, parent, col in CHILDREN:
        say(t, "INSERT", "sync_changed", f"'{parent}', NEW.{col}")
        say(t, "UPDATE", "sync_changed", f"'{parent}', NEW.{col}")
        say(t, "DELETE", "sync_changed", f"'{parent}', OLD.{col}")
    say("audit", "INSERT", "sync_new", "'audit', NULL, NEW.id")


# columns that never travel (src/core/sync_registry.c, local_only)
LOCAL_ONLY = {"app_user": ("failed_attempts", "locked_until", "last_login_at")}
KIDS_BIT = 63


def synced_columns(db, t):
    cols = [r[1] for r in db.execute(f"SELECT cid, name FROM pragma_table_info('{t}') ORDER BY cid")]
    return [c for c in cols if c != "id" and c not in LOCAL_ONLY.get(t, ())]


def triggers_fields(w, base):
    db = sqlite3.connect(base)
    for t, _, _ in ENTITIES:
        w(f"DROP TRIGGER sync_{t}_upd;")
    for t, _, _ in CHILDREN:
        for ev in ("ins", "upd", "del"):
            w(f"DROP TRIGGER sync_{t}_{ev};")
    w("DROP TRIGGER sync_changed_stamp;")
    w("DROP VIEW sync_changed;\n")
    w("CREATE VIEW sync_changed (tbl, local_id, mask) AS SELECT NULL, NULL, NULL WHERE 0;")
    # a row of before 061 ('*': every field at the row's stamp) keeps that
    # stamp for the fields this change leaves alone
    w(f"CREATE TRIGGER sync_changed_stamp INSTEAD OF INSERT ON sync_changed {GUARD}\nBEGIN\n"
      f"    {STAMP}\n"
      f"    UPDATE sync_row SET fstamps = CASE fstamps WHEN '*' THEN '-1@' || hlc || '@' || origin\n"
      f"                                  ELSE fstamps END,\n"
      f"        dirty = dirty | NEW.mask,\n"
      f"        (origin, hlc) = (SELECT instance, hlc FROM sync_clock WHERE id = 1)\n"
      f"    WHERE tbl = NEW.tbl AND local_id = NEW.local_id;\nEND;\n")
    for t, _, cols in ENTITIES:
        synced = synced_columns(db, t)
        if len(synced) > KIDS_BIT:
            sys.exit(f"{t}: more than {KIDS_BIT} synced columns")
        terms = []
        for i, c in enumerate(synced):
            e = f"(OLD.{c} IS NOT NEW.{c})"
            terms.append(e if i == 0 else f"({e} << {i})")
        mask = " | ".join(terms)
        event = f"UPDATE OF {cols}" if cols else "UPDATE"
        w(f"CREATE TRIGGER sync_{t}_upd AFTER {event} ON {t}\n"
          f"BEGIN INSERT INTO sync_changed VALUES ('{t}', NEW.id,\n    {mask}); END;")
    for t, parent, col in CHILDREN:
        for ev, r in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            w(f"CREATE TRIGGER sync_{t}_{ev[:3].lower()} AFTER {ev} ON {t}\n"
              f"BEGIN INSERT INTO sync_changed VALUES ('{parent}', {r}.{col}, 1 << {KIDS_BIT}); END;")


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which not in ("041", "slim", "fields") or (which == "fields") != (len(sys.argv) == 3):
        sys.exit("usage: gen-sync-sql.py 041|slim|fields BASE")
    out = []
    if which == "fields":
        triggers_fields(out.append, sys.argv[2])
    else:
        (triggers_041 if which == "041" else triggers_slim)(out.append)
    print("\n".join(out))
