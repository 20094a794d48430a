-- 056: the conflicts of a row found by its identity. An import asks, for
-- every conflict it is about to keep, whether the same one is already there
-- (a pack imported twice keeps it once), and the clash check whether two
-- appointments are already listed: without an index each question read the
-- whole of sync_conflict, and a pack with 7,000 conflicts spent 2 s there
-- (the time grows with the square of their number).
CREATE INDEX sync_conflict_uuid ON sync_conflict (uuid, field);
