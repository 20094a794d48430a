/* test_activity.c — the requests as they are counted (activity.h): one row
 * per request with its topics, the age band from the birth date, the
 * counting rule (closed requests only by channel, help and operator; two
 * operators count for each, two topics of one once, no operator and each
 * unknown code under « aucun »), and the same figures in the export's
 * synthese file as in the statistics. A failing query is an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/activity.h"
#include "guichet/clock.h"
#include "guichet/export.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "guichet/visit.h"
#include "testutil.h"

/* Friday 27 March 2026 (Paris = UTC+1) */
static const char fixture_sql[] =
    "INSERT INTO visitor (id, uuid, last_name, birth_date, created_at, updated_at) VALUES"
    " (1, 'u1', 'Lefèvre', '1966-03-28', 0, 0),"
    " (2, 'u2', 'Nguyễn', '1990-01-01', 0, 0);"
    "UPDATE visitor SET anonymised_at = 1 WHERE id = 2;"
    "INSERT INTO visit (id, uuid, visitor_id, age_band, commune, arrived_at, started_at, ended_at,"
    " state, channel, help_type, autonomy, duration_min, outcome, created_at, updated_at) VALUES"
    /* CAF twice and CPAM: counts once for each */
    " (1, 'v1', 1, 'non-communique', '58227', unixepoch('2026-03-27 08:00:00'),"
    "  unixepoch('2026-03-27 08:12:00'), unixepoch('2026-03-27 08:30:00'), 'termine',"
    "  'accueil-spontane', 'accompagnement', 'entierement-accompagne', 18, 'resolu', 0, 0),"
    /* no national operator, two unknown codes: three times « aucun » */
    " (2, 'v2', 2, 'non-communique', 'xx', unixepoch('2026-03-27 09:00:00'),"
    "  unixepoch('2026-03-27 09:00:00'), unixepoch('2026-03-27 09:05:00'), 'termine',"
    "  'telephone', 'information', 'autonome', 5, 'resolu', 0, 0),"
    /* no topic at all */
    " (3, 'v3', NULL, '25-39', '', unixepoch('2026-03-27 10:00:00'), NULL,"
    "  unixepoch('2026-03-27 10:20:00'), 'termine', 'visio', 'orientation', 'autonome', 20,"
    "  'oriente', 0, 0),"
    /* gone before being seen, and one still waiting: by state only */
    " (4, 'v4', NULL, 'non-communique', '', unixepoch('2026-03-27 11:00:00'), NULL,"
    "  unixepoch('2026-03-27 11:30:00'), 'parti', 'accueil-spontane', NULL, NULL, NULL, NULL,"
    "  0, 0),"
    " (5, 'v5', NULL, 'non-communique', '', unixepoch('2026-03-27 12:00:00'), NULL, NULL,"
    "  'attente', 'accueil-sur-rdv', NULL, NULL, NULL, NULL, 0, 0);"
    "INSERT INTO visit_topic (visit_id, position, operator, family, theme) VALUES"
    " (1, 0, 'caf', 'famille', NULL), (1, 1, 'cpam', 'social', NULL),"
    " (1, 2, 'caf', NULL, 'famille--garde-denfants'),"
    " (2, 0, NULL, 'social', NULL), (2, 1, 'zz', 'argent', NULL), (2, 2, 'yy', NULL, NULL),"
    " (2, 3, 'zz', 'social', NULL);";

static g_db *db;
static int64_t t0, t1;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T10:00:00Z");
    db = tu_db_new();
    g_error err = {0};
    if (db_exec(db, fixture_sql, &err) != G_OK)
        fail_msg("fixture: %s", err.msg);
    assert_int_equal(clock_day_bounds("2026-03-27", &t0, &t1), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    return 0;
}

typedef struct seen {
    activity_request r[8];
    int n;
} seen;

static g_status keep(void *ctx, const activity_request *r, g_error *err)
{
    (void)err;
    seen *s = ctx;
    if (s->n < 8)
        s->r[s->n] = *r;
    s->n++;
    return G_OK;
}

static int op(const char *code)
{
    const ref_operator *o = ref_operator_find(code);
    assert_non_null(o);
    return (int)(o - ref_operators);
}

static void test_one_row_per_request_with_its_topics(void **state)
{
    (void)state;
    seen s = {0};
    g_error err = {0};
    assert_int_equal(activity_scan(db, t0, t1, keep, &s, &err), G_OK);
    assert_int_equal(s.n, 5);
    const activity_request *a = &s.r[0];
    assert_int_equal(a->id, 1);
    assert_int_equal(a->ntopics, 3);
    assert_string_equal(a->topic[0].op, "caf");
    assert_string_equal(a->topic[1].family, "social");
    assert_string_equal(a->topic[2].theme, "famille--garde-denfants");
    assert_true(a->ops_known & ((uint64_t)1 << op("caf")));
    assert_true(a->ops_known & ((uint64_t)1 << op("cpam")));
    assert_int_equal(a->ops_none, 0);
    /* 59 on the request's day (27 March 2026), 60 today: the request's day counts */
    assert_string_equal(a->age_band, "40-59");
    assert_string_equal(a->commune, "58227");
    assert_int_equal(a->started_at - a->arrived_at, 12 * 60);
    /* an anonymised file gives no age; a bad commune code is none */
    assert_string_equal(s.r[1].age_band, "non-communique");
    assert_string_equal(s.r[1].commune, "");
    assert_int_equal(s.r[1].ops_known, 0);
    assert_int_equal(s.r[1].ops_none, 3); /* NULL once, zz once, yy once */
    assert_int_equal(s.r[1].has_duration, 1);
    assert_int_equal(s.r[3].has_duration, 0);
    assert_int_equal(s.r[2].ntopics, 0);
    assert_int_equal(s.r[2].ops_none, 1);
    assert_string_equal(s.r[2].age_band, "25-39");
    assert_string_equal(s.r[3].state, VISIT_LEFT);
    assert_null(s.r[3].help);
}

static void test_the_counting_rule(void **state)
{
    (void)state;
    seen s = {0};
    g_error err = {0};
    assert_int_equal(activity_scan(db, t0, t1, keep, &s, &err), G_OK);
    activity_tally t;
    assert_int_equal(activity_tally_init(&t, &err), G_OK);
    for (int i = 0; i < s.n; i++)
        activity_count(&t, &s.r[i]);
    int done = ref_index(visit_states, VISIT_DONE), left = ref_index(visit_states, VISIT_LEFT);
    int waiting = ref_index(visit_states, VISIT_WAITING);
    assert_int_equal(t.by_state[done].n, 3);
    assert_int_equal(t.by_state[done].minutes, 18 + 5 + 20);
    assert_int_equal(t.by_state[left].n, 1);
    assert_int_equal(t.by_state[waiting].n, 1);
    /* closed only */
    assert_int_equal(t.by_channel[ref_index(ref_channels, "accueil-spontane")].n, 1);
    int acc = ref_index(ref_help_types, "accompagnement");
    int inf = ref_index(ref_help_types, "information");
    int ori = ref_index(ref_help_types, "orientation");
    assert_int_equal(t.by_operator[op("caf")][acc].n, 1);
    assert_int_equal(t.by_operator[op("caf")][acc].minutes, 18);
    assert_int_equal(t.by_operator[op("cpam")][acc].n, 1);
    assert_int_equal(t.by_operator[t.n_operators][inf].n, 3);
    assert_int_equal(t.by_operator[t.n_operators][ori].n, 1);
    assert_int_equal(t.by_operator[t.n_operators][ori].minutes, 20);
}

/* The statistics and the funders' synthese file give the same figures for
 * the same day: they count with one rule. */
static void test_statistics_and_export_agree(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    const char *dir = tu_path("outbox");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-27", &o, NULL, &err), G_OK);
    stats_report r;
    assert_int_equal(stats_compute(db, "2026-03-27", "2026-03-27", &r, &err), G_OK);
    char name[128], path[1024];
    export_file_name("synthese", "FS-TEST-0001", "2026-03-27", name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        char site[32], day[16], axis[32], code[64], help[32];
        long n = 0, minutes = 0;
        /* matricule;date;axe;code;type_aide;demandes;duree_totale_min */
        if (sscanf(line, "%31[^;];%15[^;];%31[^;];%63[^;];%31[^;];%ld;%ld", site, day, axis, code,
                   help, &n, &minutes) != 7 ||
            strcmp(axis, "operateur") != 0)
            continue;
        int o2 = strcmp(code, "aucun") == 0 ? r.n_operators : op(code);
        int h = ref_index(ref_help_types, help);
        assert_true(h >= 0);
        assert_int_equal(r.by_operator[o2][h], n);
        checked++;
    }
    fclose(f);
    assert_int_equal(checked, r.n_operators + 1 > 0 ? (r.n_operators + 1) * STATS_HELP : 0);
    assert_int_equal(r.requests, 3);
    assert_int_equal(r.by_operator[r.n_operators][ref_index(ref_help_types, "information")], 3);
}

static g_status stop_at_two(void *ctx, const activity_request *r, g_error *err)
{
    int *n = ctx;
    if (++*n == 2)
        return g_err(err, G_ERR_NOMEM, "stop %lld", (long long)r->id);
    return G_OK;
}

static void test_errors_are_errors(void **state)
{
    (void)state;
    int n = 0;
    g_error err = {0};
    /* the callback's failure stops the scan and is returned */
    assert_int_equal(activity_scan(db, t0, t1, stop_at_two, &n, &err), G_ERR_NOMEM);
    assert_int_equal(n, 2);
    assert_string_equal(err.msg, "stop 2");
    /* a query that fails in the middle is an error, not fewer requests */
    seen s = {0};
    tu_fail_sql(db, "LEFT JOIN visit_topic t ON t.visit_id = v.id");
    assert_int_equal(activity_scan(db, t0, t1, keep, &s, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    stats_report r;
    tu_fail_sql(db, "LEFT JOIN visit_topic t ON t.visit_id = v.id");
    assert_int_equal(stats_compute(db, "2026-03-27", "2026-03-27", &r, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_row_per_request_with_its_topics),
        cmocka_unit_test(test_the_counting_rule),
        cmocka_unit_test(test_statistics_and_export_agree),
        cmocka_unit_test(test_errors_are_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
