-- 016: the visitor's own answer at the close of a request — was the problem
-- solved, how satisfied — kept ANONYMOUS (src/core/satisfaction.c,
-- docs/enquete.md). The answer is written in the same transaction as the
-- request's close but with no link to the request nor to the person: only
-- the day and the request's channel, type of help and partner operators,
-- for the counts the funders receive. The primary key is random, so neither
-- the order of the rows nor their place in the file tells which request an
-- answer came from. The request only records that the question was asked
-- (surveyed = 1), so that it is never asked twice.

ALTER TABLE visit ADD COLUMN surveyed INTEGER NOT NULL DEFAULT 0 CHECK (surveyed IN (0, 1));

CREATE TABLE satisfaction_answer (
    id        BLOB PRIMARY KEY CHECK (length(id) = 16), -- random, never a sequence
    day       TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    channel   TEXT NOT NULL,              -- ref_channels code of the request
    help_type TEXT NOT NULL,              -- ref_help_types code of the request
    operators TEXT NOT NULL DEFAULT '',   -- ",caf,-," the request's operators, "-" = a topic without one
    solved    TEXT NULL CHECK (solved IN ('oui', 'en-partie', 'non')),
    satisfied INTEGER NULL CHECK (satisfied BETWEEN 1 AND 4),
    CHECK (solved IS NOT NULL OR satisfied IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX satisfaction_answer_day ON satisfaction_answer(day);
