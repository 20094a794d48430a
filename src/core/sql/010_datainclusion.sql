-- 010: the directory as data·inclusion publishes it (schema v1): the
-- services' fields guichet now keeps, and the structures that offer them.
-- Migrations are never edited once landed: a change is a new numbered file.

-- The service's structure in its source (structure_id of the v1 schema);
-- service.structure stays the name shown, filled from the structure table
-- (guichet import structures) or from the file's own `structure` column.
ALTER TABLE service ADD COLUMN structure_id TEXT NOT NULL DEFAULT '';
ALTER TABLE service ADD COLUMN publics TEXT NOT NULL DEFAULT '';            -- comma list of v1 publics codes
ALTER TABLE service ADD COLUMN conditions TEXT NOT NULL DEFAULT '';         -- conditions_acces
ALTER TABLE service ADD COLUMN mobilisation TEXT NOT NULL DEFAULT '';       -- modes_mobilisation, comma list
ALTER TABLE service ADD COLUMN mobilisable_by TEXT NOT NULL DEFAULT '';     -- mobilisable_par, comma list
ALTER TABLE service ADD COLUMN mobilisation_link TEXT NOT NULL DEFAULT '';  -- lien_mobilisation
ALTER TABLE service ADD COLUMN eligibility TEXT NOT NULL DEFAULT '';        -- zone_eligibilite, comma list of COG codes
ALTER TABLE service ADD COLUMN latitude REAL;                               -- WGS 84, NULL = unknown
ALTER TABLE service ADD COLUMN longitude REAL;
ALTER TABLE service ADD COLUMN source_updated TEXT NOT NULL DEFAULT '';     -- date_maj, YYYY-MM-DD, '' = unknown
CREATE INDEX service_structure ON service (source, structure_id);

-- A structure (data·inclusion v1 structure fields).
CREATE TABLE structure (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    source_id      TEXT NOT NULL,              -- the v1 `id`
    name           TEXT NOT NULL CHECK (name <> ''),
    siret          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    postal_code    TEXT NOT NULL DEFAULT '',
    commune        TEXT NOT NULL DEFAULT '',
    insee          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    web            TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    hours          TEXT NOT NULL DEFAULT '',
    latitude       REAL,
    longitude      REAL,
    source_updated TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (source, source_id)
);
