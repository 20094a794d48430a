-- 062: the CHECK constraints of the tables a desk writes at each save,
-- same rules, written so that SQLite checks them without building a table.
-- SQLite evaluates `col IN ('a', 'b', 'c')` (three values or more) by
-- filling a temporary b-tree with the values, at each execution of each
-- INSERT: a saved request (table visit, seven such lists) opened, filled and
-- closed seven of them, some 230,000 of its 610,000 processor instructions
-- (docs/performance.md, « Enregistrement (point 2) »). `col = 'a' OR col =
-- 'b' OR col = 'c'` accepts and refuses exactly the same values (NULL
-- included: both give NULL, which a CHECK lets through; the column's TEXT
-- affinity and BINARY collation apply to both forms alike) and costs a few
-- comparisons. The tables are not rebuilt: only the text of their CREATE
-- TABLE changes (SQLite's documented procedure for changes that leave the
-- stored rows as they are: https://sqlite.org/lang_altertable.html#otheralter),
-- so their indexes and triggers (sync_*) stay as they are. A list whose
-- text is not found is left as it was (replace() does nothing). The scratch
-- table bumps the schema cookie, so that every other open connection
-- (another desk) reloads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(replace(replace(replace(replace(sql,
    'CHECK (sex IN (''F'', ''M'', ''non-communique''))',
    'CHECK (sex = ''F'' OR sex = ''M'' OR sex = ''non-communique'')'),
    'CHECK (age_band IN (''<18'', ''18-24'', ''25-39'', ''40-59'', ''60-69'', ''70+'',
                                       ''non-communique''))',
    'CHECK (age_band = ''<18'' OR age_band = ''18-24'' OR age_band = ''25-39'' OR age_band = ''40-59'' OR age_band = ''60-69'' OR age_band = ''70+'' OR age_band = ''non-communique'')'),
    'CHECK (state IN (''attente'', ''en-cours'', ''termine'', ''parti''))',
    'CHECK (state = ''attente'' OR state = ''en-cours'' OR state = ''termine'' OR state = ''parti'')'),
    'CHECK (channel IN (''accueil-spontane'', ''accueil-sur-rdv'', ''telephone'',
                                      ''courriel'', ''itinerance'', ''visio'', ''domicile''))',
    'CHECK (channel = ''accueil-spontane'' OR channel = ''accueil-sur-rdv'' OR channel = ''telephone'' OR channel = ''courriel'' OR channel = ''itinerance'' OR channel = ''visio'' OR channel = ''domicile'')'),
    'CHECK (help_type IN (''information'', ''accompagnement'', ''orientation''))',
    'CHECK (help_type = ''information'' OR help_type = ''accompagnement'' OR help_type = ''orientation'')'),
    'CHECK (autonomy IN (''entierement-accompagne'', ''partiellement-autonome'',
                                       ''autonome''))',
    'CHECK (autonomy = ''entierement-accompagne'' OR autonomy = ''partiellement-autonome'' OR autonomy = ''autonome'')'),
    'CHECK (outcome IN (''resolu'', ''a-suivre'', ''oriente'', ''rdv-pris''))',
    'CHECK (outcome = ''resolu'' OR outcome = ''a-suivre'' OR outcome = ''oriente'' OR outcome = ''rdv-pris'')')
WHERE type = 'table' AND name = 'visit';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (sex IN (''F'', ''M'', ''non-communique''))',
    'CHECK (sex = ''F'' OR sex = ''M'' OR sex = ''non-communique'')'),
    'CHECK (preferred_contact IN ('''', ''telephone'', ''sms'', ''courriel'', ''courrier''))',
    'CHECK (preferred_contact = '''' OR preferred_contact = ''telephone'' OR preferred_contact = ''sms'' OR preferred_contact = ''courriel'' OR preferred_contact = ''courrier'')'),
    'CHECK (consent_kind IN ('''', ''oral'', ''ecrit''))',
    'CHECK (consent_kind = '''' OR consent_kind = ''oral'' OR consent_kind = ''ecrit'')')
WHERE type = 'table' AND name = 'visitor';
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (status IN (''a-venir'', ''honore'', ''excuse'', ''annule-service'', ''absent''))',
    'CHECK (status = ''a-venir'' OR status = ''honore'' OR status = ''excuse'' OR status = ''annule-service'' OR status = ''absent'')'),
    'CHECK (origin IN (''guichet'', ''telephone'', ''partenaire''))',
    'CHECK (origin = ''guichet'' OR origin = ''telephone'' OR origin = ''partenaire'')'),
    'CHECK (call_status IN (''appele'', ''message-laisse'', ''injoignable''))',
    'CHECK (call_status = ''appele'' OR call_status = ''message-laisse'' OR call_status = ''injoignable'')')
WHERE type = 'table' AND name = 'appointment';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (contact IN (''telephone'', ''courriel'', ''par-l-agent'', ''autre''))',
    'CHECK (contact = ''telephone'' OR contact = ''courriel'' OR contact = ''par-l-agent'' OR contact = ''autre'')'),
    'CHECK (status IN (''ouverte'', ''validee'', ''refusee'', ''expiree''))',
    'CHECK (status = ''ouverte'' OR status = ''validee'' OR status = ''refusee'' OR status = ''expiree'')')
WHERE type = 'table' AND name = 'orientation';
PRAGMA writable_schema = RESET;
CREATE TABLE m062_schema_cookie (x);
DROP TABLE m062_schema_cookie;
