#!/usr/bin/python3
"""Writes src/core/sql/041_sync.sql: the change-tracking triggers of the
synced tables (docs/synchronisation.md). Run once when the registry
(src/core/sync_registry.c) gains a table, into a NEW migration file: the
registry below must list the same tables, identities and columns."""
import sys

# table, identity expression over NEW/OLD (None: random), synced columns
# (an UPDATE OF list; None = every column)
ENTITIES = [
    ("app_user", "{r}.login", "login, display_name, role, password_hash, public_key, "
     "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, key_generation, "
     "disabled, created_at, updated_at, pw_verifier"),
    ("team_key", None, None),
    ("visitor", "{r}.uuid", None),
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

out = []
w = out.append
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
print("\n".join(out))
