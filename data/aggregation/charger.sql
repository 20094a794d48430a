-- charger.sql — the funders' aggregation base: loads the daily files of
-- thousands of guichet sites into PostgreSQL (15 or later).
-- Format: docs/export-format.md (format_version 2). Driven by charger.sh,
-- which streams every complete day (manifest present) of a folder through
-- COPY … FROM STDIN into the staging tables below, then calls
-- guichet_fusionner(): a day delivered again (a re-export) replaces the
-- rows of that site and day, so the load can be run again on the same
-- folder without counting anything twice.

CREATE TABLE IF NOT EXISTS activite (
    matricule text NOT NULL, date date NOT NULL, tranche_horaire text, etat text, canal text,
    operateur text, famille text, thematique_categorie text, thematique text,
    nb_sujets integer, type_aide text, autonomie text, duree_min integer, issue text,
    suite_rdv integer, tranche_age text, sexe text,
    commune text,            -- text: 01001 keeps its leading zero
    usager text);
CREATE TABLE IF NOT EXISTS orientations (
    matricule text NOT NULL, date date NOT NULL, operateur text, service text,
    service_code text, thematique_categorie text, thematique text, statut text,
    motif_refus text, jours_ouverte integer, creee_le date);
CREATE TABLE IF NOT EXISTS rendez_vous (
    matricule text NOT NULL, date date NOT NULL, tranche_horaire text, operateur text,
    motif text, lieu text, statut text, origine text, atelier integer, duree_min integer,
    delai_jours integer);
CREATE TABLE IF NOT EXISTS synthese (
    matricule text NOT NULL, date date NOT NULL, axe text, code text, type_aide text,
    demandes integer, duree_totale_min bigint);
CREATE TABLE IF NOT EXISTS manifeste (
    matricule text NOT NULL, format_version integer NOT NULL, guichet_version text,
    export_run text, periode_debut date, periode_fin date, date date NOT NULL,
    fichier text NOT NULL, lignes bigint, octets bigint, sha256 text, journal_tete bigint,
    journal_sha256 text);

CREATE INDEX IF NOT EXISTS activite_site_jour ON activite (matricule, date);
CREATE INDEX IF NOT EXISTS orientations_site_jour ON orientations (matricule, date);
CREATE INDEX IF NOT EXISTS rendez_vous_site_jour ON rendez_vous (matricule, date);
CREATE INDEX IF NOT EXISTS synthese_site_jour ON synthese (matricule, date);
CREATE INDEX IF NOT EXISTS manifeste_site_jour ON manifeste (matricule, date);

-- the staging tables of one load (this session only)
CREATE TEMP TABLE etape_activite (LIKE activite) ON COMMIT DROP;
CREATE TEMP TABLE etape_orientations (LIKE orientations) ON COMMIT DROP;
CREATE TEMP TABLE etape_rendez_vous (LIKE rendez_vous) ON COMMIT DROP;
CREATE TEMP TABLE etape_synthese (LIKE synthese) ON COMMIT DROP;
CREATE TEMP TABLE etape_manifeste (LIKE manifeste) ON COMMIT DROP;

-- Checks the staged days against their manifests, then replaces each
-- (site, day) staged. Returns the number of days loaded.
CREATE OR REPLACE FUNCTION pg_temp.guichet_fusionner() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
    n bigint;
BEGIN
    SELECT * INTO bad FROM etape_manifeste WHERE format_version <> 2 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'format_version % inconnue (site %, jour %) : chargeur pour la version 2',
            bad.format_version, bad.matricule, bad.date;
    END IF;
    -- every file holds the rows its manifest announces
    SELECT m.matricule, m.date, m.fichier, m.lignes, coalesce(c.n, 0) AS lues INTO bad
      FROM etape_manifeste m
      LEFT JOIN (SELECT matricule, date, 'activite' AS k, count(*) AS n FROM etape_activite GROUP BY 1, 2
                 UNION ALL SELECT matricule, date, 'orientations', count(*) FROM etape_orientations GROUP BY 1, 2
                 UNION ALL SELECT matricule, date, 'rendez-vous', count(*) FROM etape_rendez_vous GROUP BY 1, 2
                 UNION ALL SELECT matricule, date, 'synthese', count(*) FROM etape_synthese GROUP BY 1, 2) c
        ON c.matricule = m.matricule AND c.date = m.date AND m.fichier LIKE c.k || '-%'
     WHERE m.lignes <> coalesce(c.n, 0) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'fichier % (site %, jour %) : % lignes annoncées, % lues',
            bad.fichier, bad.matricule, bad.date, bad.lignes, bad.lues;
    END IF;
    CREATE TEMP TABLE jours ON COMMIT DROP AS SELECT DISTINCT matricule, date FROM etape_manifeste;
    DELETE FROM activite t USING jours j WHERE t.matricule = j.matricule AND t.date = j.date;
    DELETE FROM orientations t USING jours j WHERE t.matricule = j.matricule AND t.date = j.date;
    DELETE FROM rendez_vous t USING jours j WHERE t.matricule = j.matricule AND t.date = j.date;
    DELETE FROM synthese t USING jours j WHERE t.matricule = j.matricule AND t.date = j.date;
    DELETE FROM manifeste t USING jours j WHERE t.matricule = j.matricule AND t.date = j.date;
    INSERT INTO activite SELECT * FROM etape_activite;
    INSERT INTO orientations SELECT * FROM etape_orientations;
    INSERT INTO rendez_vous SELECT * FROM etape_rendez_vous;
    INSERT INTO synthese SELECT * FROM etape_synthese;
    INSERT INTO manifeste SELECT * FROM etape_manifeste;
    SELECT count(*) INTO n FROM jours;
    RETURN n;
END
$$;
