-- 015: a visitor's file handed to a partner's referent (« dossier transmis à
-- un référent ») and its follow-up, like an orientation (src/core/escalation.c).
-- Status machine: ouverte → repondue | resolue | refusee | expiree;
-- repondue → resolue | refusee. visitor_id is NULL once the person's file has
-- been erased or purged (the row stays for the counts, its text is blanked).

CREATE TABLE escalation (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    visitor_id  INTEGER NULL REFERENCES visitor(id),
    visit_id    INTEGER NULL REFERENCES visit(id),
    referent_id INTEGER NOT NULL REFERENCES referent(id),
    subject     TEXT NOT NULL DEFAULT '',           -- short, plain words, never confidential
    status      TEXT NOT NULL DEFAULT 'ouverte'
                CHECK (status IN ('ouverte', 'repondue', 'resolue', 'refusee', 'expiree')),
    answer      TEXT NOT NULL DEFAULT '',           -- the referent's answer in a few words
    followup_on TEXT NOT NULL,                      -- YYYY-MM-DD, site's zone
    created_by  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX escalation_visitor ON escalation(visitor_id) WHERE visitor_id IS NOT NULL;
CREATE INDEX escalation_open ON escalation(status, followup_on);
CREATE INDEX escalation_referent ON escalation(referent_id);

CREATE TABLE escalation_history (
    id            INTEGER PRIMARY KEY,
    escalation_id INTEGER NOT NULL REFERENCES escalation(id),
    at            INTEGER NOT NULL,
    user_id       INTEGER NOT NULL DEFAULT 0,       -- 0 = system (expiry, purge)
    from_status   TEXT,                             -- NULL at creation
    to_status     TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escalation_history_escalation ON escalation_history(escalation_id);
