-- 040: the official list of communes (INSEE's Code officiel géographique,
-- v_commune_AAAA.csv), imported by the site manager with `guichet import
-- communes` (src/core/commune.c). Communes are then typed by name, shown by
-- name, and a code that is not on the list is refused. Without the list
-- (an empty table), a well-formed INSEE code is accepted as before.
--
-- COM (commune) and ARM (municipal arrondissement of Paris, Lyon and
-- Marseille) are the communes a person lives in; COMD (commune déléguée)
-- and COMA (commune associée) are kept as aliases: their name still finds
-- the current commune, `parent` (COMPARENT). A commune déléguée may share
-- its code with its commune nouvelle, hence (code, kind) as the key.

CREATE TABLE commune (
    code      TEXT NOT NULL CHECK (length(code) = 5),
    kind      TEXT NOT NULL CHECK (kind IN ('COM', 'ARM', 'COMD', 'COMA')),
    name      TEXT NOT NULL,           -- LIBELLE: « La Charité-sur-Loire »
    dep       TEXT NOT NULL,           -- département: 58, 2A, 971
    parent    TEXT,                    -- COMD, COMA: the commune it belongs to now
    name_key  TEXT NOT NULL,           -- the name folded to letters and digits (lacharitesurloire)
    short_key TEXT NOT NULL,           -- the same without its article (charitesurloire)
    PRIMARY KEY (code, kind)
) WITHOUT ROWID;
CREATE INDEX commune_name_key ON commune(name_key);
CREATE INDEX commune_short_key ON commune(short_key);
