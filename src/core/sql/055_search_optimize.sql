-- 055: the search index (visitor_fts, 007) merged into one b-tree, once.
-- A base filled visitor by visitor (ten years at a desk, an import, the
-- benchmark's generator) keeps the index in many segments that every
-- keystroke reads one after the other; 'optimize' merges them. Measured
-- with tests/bench/core.c search at 100,000 visitors (processor time per
-- keystroke, 30 ms between keys): median 0.31–0.37 ms before, 0.23–0.27 ms
-- after; first keystroke of a session 0.86 ms before, 0.51–0.79 ms after
-- (docs/performance.md). Later writes add segments again, merged by FTS5's
-- own automerge as they accumulate.
INSERT INTO visitor_fts(visitor_fts) VALUES ('optimize');
