-- 068: what a purge has done and not yet journaled. A purge goes in slices,
-- each its own transaction (rgpd.c), so that the other desks can save
-- during the half-minute of a first purge of an old base. The journal
-- keeps one entry per purge, written by its last slice with the counts of
-- the whole purge; the slices before it add their counts here when they
-- commit. A purge stopped half-way (disk full, power cut) leaves its counts
-- here, and the next purge's entry carries them too; '' when nothing is
-- pending. Same format as the entry's detail: "fiches=… journal=…".
ALTER TABLE rgpd_state ADD COLUMN purge_pending TEXT NOT NULL DEFAULT '';
