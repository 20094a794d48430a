-- 017: fewer pages written by each saved request (docs/performance.md, « Une
-- demande enregistrée »). visit_topic_operator (operator, then the request)
-- served no query: the synthesis, the statistics and the day's counters all
-- reach the topics from their request (the primary key), and each request
-- with two partners wrote two more pages in the WAL, at two random places
-- of this index. New rows also get time-ordered uuids (uuid.c): the uuid
-- indexes then grow at their end instead of at a random page.
DROP INDEX IF EXISTS visit_topic_operator;
