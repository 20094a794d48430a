-- 069: orientations by their date, and their history by its date. The
-- statistics (stats.c, observe.c: the period's orientations by status) and
-- the nightly export (export.c, write_orientations: the day's new or
-- changed orientations) read by date; without these they walked every
-- orientation the site ever made. A tester's ten-year base (76,000
-- orientations, 152,000 history rows): the statistics screen 99-157 ms per
-- key, over the 150 ms limit under load; the export of one day 75-95 ms of
-- processor for its orientations file, a month 2.4 s against 0.2 s, a
-- year 27 s against 0.9 s.
CREATE INDEX orientation_created ON orientation (created_at);
CREATE INDEX orientation_history_at ON orientation_history (at);
