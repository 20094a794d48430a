-- The sqlite3 shell's equivalent of guichet's activity export (write_activite
-- in src/core/export.c) over the whole period at once: the same joins, the
-- same order, the columns as SQL can give them (the local date and the time
-- band computed by SQLite, the visitor's uuid instead of its keyed BLAKE2b
-- pseudonym, which SQL cannot compute). Used by tests/bench/run with
-- `.mode csv`.
SELECT date(v.arrived_at, 'unixepoch', 'localtime') AS date,
       CASE WHEN CAST(strftime('%H', v.arrived_at, 'unixepoch', 'localtime') AS INTEGER) < 8 THEN 'avant-08'
            WHEN CAST(strftime('%H', v.arrived_at, 'unixepoch', 'localtime') AS INTEGER) >= 18 THEN 'apres-18'
            ELSE printf('%02d-%02d', (CAST(strftime('%H', v.arrived_at, 'unixepoch', 'localtime') AS INTEGER) / 2) * 2,
                        (CAST(strftime('%H', v.arrived_at, 'unixepoch', 'localtime') AS INTEGER) / 2) * 2 + 2) END
         AS tranche_horaire,
       v.state AS etat, v.channel AS canal, t.operator AS operateur, t.family AS famille,
       CASE WHEN instr(t.theme, '--') THEN substr(t.theme, 1, instr(t.theme, '--') - 1)
            ELSE t.theme END AS thematique_categorie,
       CASE WHEN instr(t.theme, '--') THEN t.theme END AS thematique,
       (SELECT count(*) FROM visit_topic c WHERE c.visit_id = v.id) AS nb_sujets,
       v.help_type AS type_aide, v.autonomy AS autonomie, v.duration_min AS duree_min,
       v.outcome AS issue, v.appointment_id IS NOT NULL AS suite_rdv, v.age_band AS tranche_age,
       v.sex AS sexe, v.commune AS commune,
       CASE WHEN v.visitor_id IS NULL THEN NULL
            WHEN COALESCE(m.anonymised_at, p.anonymised_at) IS NOT NULL THEN NULL
            ELSE COALESCE(m.uuid, p.uuid) END AS usager
  FROM visit v
  LEFT JOIN visitor p ON p.id = v.visitor_id
  LEFT JOIN visitor m ON m.id = p.merged_into
  LEFT JOIN visit_topic t ON t.visit_id = v.id AND t.position =
       (SELECT min(position) FROM visit_topic c WHERE c.visit_id = v.id)
 WHERE v.arrived_at < strftime('%s', '2026-06-16', 'utc')
 ORDER BY v.arrived_at, v.uuid;
