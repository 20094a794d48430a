/* test_visit.c — the day's queue and the requests: arrival, taking in
 * charge, closing with the log, leaving, quick information, counters,
 * correction the same day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/ref.h"
#include "guichet/visit.h"
#include "testutil.h"

static g_db *db;
static int64_t agathe, karim, sophie;

static int64_t add_user(const char *login, const char *name, const char *role)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
             "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, created_at, "
             "updated_at) VALUES ('%s', '%s', '%s', 'x', zeroblob(32), x'00', x'00', x'00', 1, "
             "1, 0, 0)",
             login, name, role);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T08:00:00Z"); /* Monday 30 March 2026, 10:00 in Paris */
    db = tu_db_new();
    agathe = add_user("agathe", "Agathe Martin", "accueil");
    karim = add_user("karim", "Karim Benali", "conseiller");
    sophie = add_user("sophie", "Sophie Lefèvre", "responsable");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    return 0;
}

static int64_t new_visitor(const char *last, const char *first)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", last);
    snprintf(v.first_names, sizeof v.first_names, "%s", first);
    snprintf(v.birth_date, sizeof v.birth_date, "12/03/1961");
    snprintf(v.commune, sizeof v.commune, "58194");
    snprintf(v.sex, sizeof v.sex, "F");
    g_error err = {0};
    assert_int_equal(visitor_save(db, agathe, &v, &err), G_OK);
    return v.id;
}

static void full_log(visit_log *l, const char *help)
{
    visit_log_init(l);
    l->n_topics = 2;
    snprintf(l->topics[0].operator_code, sizeof l->topics[0].operator_code, "caf");
    snprintf(l->topics[0].family, sizeof l->topics[0].family, "social");
    snprintf(l->topics[1].operator_code, sizeof l->topics[1].operator_code, "cpam");
    snprintf(l->topics[1].theme, sizeof l->topics[1].theme,
             "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits");
    snprintf(l->help_type, sizeof l->help_type, "%s", help);
    snprintf(l->autonomy, sizeof l->autonomy, "partiellement-autonome");
    snprintf(l->outcome, sizeof l->outcome, "a-suivre");
    snprintf(l->comment, sizeof l->comment, "Dossier RSA à compléter, revient jeudi.");
}

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static const visit_queue_row *queue_row(visit_queue_row *rows, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == id)
            return &rows[i];
    fail_msg("request %lld not in the queue", (long long)id);
    return NULL;
}

/* ---- the queue ---------------------------------------------------------- */

static void test_arrive_take_close(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t elodie = new_visitor("Lefèvre", "Élodie");
    int64_t v1, v2;
    assert_int_equal(visit_arrive(db, agathe, elodie, NULL, NULL, &v1, &err), G_OK);
    visit_anon anon = {"M", "70+", "58086"};
    tu_clock("2026-03-30T08:02:00Z");
    assert_int_equal(visit_arrive(db, agathe, 0, &anon, NULL, &v2, &err), G_OK);
    /* the same person cannot queue twice */
    assert_int_equal(visit_arrive(db, agathe, elodie, NULL, NULL, NULL, &err), G_ERR_EXISTS);

    tu_clock("2026-03-30T08:10:00Z");
    visit_queue_row *rows;
    size_t n;
    assert_int_equal(visit_queue_today(db, &rows, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, v1); /* oldest waiting first */
    assert_string_equal(rows[0].name, "Lefèvre Élodie");
    assert_string_equal(rows[0].state, "attente");
    assert_int_equal(rows[0].minutes, 10);
    assert_string_equal(rows[1].name, "Anonyme");
    assert_int_equal(rows[1].minutes, 8);
    free(rows);

    /* taken by Karim; Agathe is told who was quicker */
    assert_int_equal(visit_take(db, karim, v1, &err), G_OK);
    assert_int_equal(visit_take(db, agathe, v1, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "Karim Benali"));

    tu_clock("2026-03-30T08:25:00Z");
    assert_int_equal(visit_queue_today(db, &rows, &n, &err), G_OK);
    const visit_queue_row *r = queue_row(rows, n, v1);
    assert_string_equal(r->state, "en-cours");
    assert_string_equal(r->agent_name, "Karim Benali");
    assert_int_equal(r->minutes, 15);
    assert_int_equal(rows[0].id, v2); /* the waiting one comes first */
    free(rows);

    visit_log log;
    full_log(&log, "accompagnement");
    assert_int_equal(visit_close(db, karim, v1, &log, &err), G_OK);
    visit_info info;
    assert_int_equal(visit_get(db, v1, &info, &err), G_OK);
    assert_string_equal(info.state, "termine");
    assert_int_equal(info.log.duration_min, 15); /* from the timestamps */
    assert_int_equal(info.log.n_topics, 2);
    assert_string_equal(info.log.topics[0].operator_code, "caf");
    assert_string_equal(info.log.topics[0].family, "social");
    assert_string_equal(info.log.topics[1].operator_code, "cpam");
    assert_string_equal(info.log.outcome, "a-suivre");
    assert_int_equal(info.agent_id, karim);
    assert_string_equal(info.sex, "F");          /* snapshot of the file */
    assert_string_equal(info.age_band, "60-69"); /* born 1961, in 2026 */
    assert_string_equal(info.commune, "58194");
    /* closing twice is refused */
    assert_int_equal(visit_close(db, karim, v1, &log, &err), G_ERR_CONFLICT);

    /* the anonymous profile is kept */
    assert_int_equal(visit_get(db, v2, &info, &err), G_OK);
    assert_int_equal(info.visitor_id, 0);
    assert_string_equal(info.age_band, "70+");
    assert_string_equal(info.commune, "58086");

    /* the visitor's file shows the request, and the last visit */
    visitor_request *h;
    assert_int_equal(visitor_history(db, elodie, &h, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].operators, "caf,cpam");
    assert_string_equal(h[0].agent_name, "Karim Benali");
    free(h);
    visitor v;
    assert_int_equal(visitor_get(db, elodie, &v, &err), G_OK);
    assert_int_equal(v.last_visit_at, info.arrived_at - 120);

    /* the duration can be typed instead, and closing from attente takes it */
    full_log(&log, "accompagnement");
    log.duration_min = 30;
    assert_int_equal(visit_close(db, agathe, v2, &log, &err), G_OK);
    assert_int_equal(visit_get(db, v2, &info, &err), G_OK);
    assert_int_equal(info.log.duration_min, 30);
    assert_int_equal(info.agent_id, agathe);
    assert_int_equal(info.started_at, clock_now());
}

static void test_left_without_being_seen(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t v;
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &v, &err), G_OK);
    tu_clock("2026-03-30T08:40:00Z");
    assert_int_equal(visit_left(db, agathe, v, &err), G_OK);
    assert_int_equal(visit_take(db, karim, v, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "partie"));
    assert_int_equal(visit_left(db, agathe, v, &err), G_ERR_CONFLICT);
    visit_queue_row *rows;
    size_t n;
    assert_int_equal(visit_queue_today(db, &rows, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].state, "parti");
    assert_int_equal(rows[0].minutes, 40);
    free(rows);
    /* someone being helped did not leave unseen */
    int64_t w;
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &w, &err), G_OK);
    assert_int_equal(visit_take(db, agathe, w, &err), G_OK);
    assert_int_equal(visit_left(db, agathe, w, &err), G_ERR_CONFLICT);
    visit_counters c;
    assert_int_equal(visit_counters_today(db, &c, &err), G_OK);
    assert_int_equal(c.left, 1);
    assert_int_equal(c.in_progress, 1);
    assert_int_equal(c.requests, 0);
    /* an unknown request, an unknown or disabled account */
    assert_int_equal(visit_take(db, agathe, 999, &err), G_ERR_NOTFOUND);
    assert_int_equal(visit_arrive(db, 999, 0, NULL, NULL, NULL, &err), G_ERR_DENIED);
}

static void test_new_visitor_arrives_in_one_step(void **state)
{
    (void)state;
    g_error err = {0};
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Ngũgĩ");
    int64_t id;
    assert_int_equal(visit_arrive_new(db, agathe, &v, &id, &err), G_OK);
    assert_true(v.id > 0);
    visit_info info;
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_int_equal(info.visitor_id, v.id);
    assert_string_equal(info.name, "Ngũgĩ");
    /* an invalid file stores neither the file nor the arrival */
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Bad");
    snprintf(v.birth_date, sizeof v.birth_date, "31/02/1990");
    assert_int_equal(visit_arrive_new(db, agathe, &v, &id, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "birth_date");
    assert_int_equal(scalar("SELECT count(*) FROM visitor"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 1);
    /* a bad anonymous profile is refused */
    visit_anon anon = {"F", "19-25", ""};
    assert_int_equal(visit_arrive(db, agathe, 0, &anon, NULL, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "age_band");
}

/* ---- the log ------------------------------------------------------------ */

static void expect_log_invalid(const visit_log *l, const char *field, const char *fragment)
{
    g_error err = {0};
    assert_int_equal(visit_log_validate(l, &err), G_ERR_INVALID);
    if (strcmp(err.field, field) != 0 || !strstr(err.msg, fragment))
        fail_msg("field %s « %s », expected %s « %s »", err.field, err.msg, field, fragment);
}

static void test_request_log_is_validated(void **state)
{
    (void)state;
    visit_log l;
    full_log(&l, "accompagnement");
    g_error err = {0};
    assert_int_equal(visit_log_validate(&l, &err), G_OK);

    snprintf(l.channel, sizeof l.channel, "pigeon");
    expect_log_invalid(&l, "channel", "Canal");
    snprintf(l.channel, sizeof l.channel, "telephone");

    l.n_topics = 0;
    expect_log_invalid(&l, "topics", "partenaires");
    l.n_topics = 2;
    snprintf(l.topics[1].operator_code, sizeof l.topics[1].operator_code, "banque");
    expect_log_invalid(&l, "topics", "partenaire inconnu « banque »");
    snprintf(l.topics[1].operator_code, sizeof l.topics[1].operator_code, "dgfip");
    snprintf(l.topics[1].theme, sizeof l.topics[1].theme, "impots");
    expect_log_invalid(&l, "topics", "thématique inconnue");
    /* an accompaniment says what it was about; an information may name only
     * the partner */
    l.topics[1].theme[0] = 0;
    expect_log_invalid(&l, "topics", "n° 2 : précisez la famille");
    snprintf(l.help_type, sizeof l.help_type, "information");
    assert_int_equal(visit_log_validate(&l, &err), G_OK);
    snprintf(l.help_type, sizeof l.help_type, "aide");
    expect_log_invalid(&l, "help_type", "Type d'aide");
    snprintf(l.help_type, sizeof l.help_type, "orientation");
    snprintf(l.topics[1].family, sizeof l.topics[1].family, "argent");

    snprintf(l.autonomy, sizeof l.autonomy, "seul");
    expect_log_invalid(&l, "autonomy", "Autonomie");
    snprintf(l.autonomy, sizeof l.autonomy, "autonome");
    l.duration_min = 481;
    expect_log_invalid(&l, "duration_min", "480 minutes");
    l.duration_min = 0;
    snprintf(l.outcome, sizeof l.outcome, "fini");
    expect_log_invalid(&l, "outcome", "Suite donnée");
    snprintf(l.outcome, sizeof l.outcome, "oriente");

    memset(l.comment, 'c', 201);
    l.comment[201] = 0;
    expect_log_invalid(&l, "comment", "200 caractères au maximum (201 tapés)");
    expect_log_invalid(&l, "comment", "confidentiel");
    l.comment[200] = 0;
    assert_int_equal(visit_log_validate(&l, &err), G_OK);

    /* closing with an invalid log changes nothing */
    int64_t v;
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &v, &err), G_OK);
    l.n_topics = 0;
    assert_int_equal(visit_close(db, agathe, v, &l, &err), G_ERR_INVALID);
    visit_info info;
    assert_int_equal(visit_get(db, v, &info, &err), G_OK);
    assert_string_equal(info.state, "attente");
}

static void test_record_outside_the_queue(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t elodie = new_visitor("Lefèvre", "Élodie");
    visit_log l;
    full_log(&l, "accompagnement");
    snprintf(l.channel, sizeof l.channel, "telephone");
    l.duration_min = -1;
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "duration_min");
    l.duration_min = 12;
    int64_t id;
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, &id, &err), G_OK);
    visit_info info;
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_string_equal(info.state, "termine");
    assert_string_equal(info.log.channel, "telephone");
    assert_int_equal(info.ended_at, clock_now());
    assert_int_equal(info.arrived_at, clock_now() - 12 * 60);
}

/* Issue 13 defect 1: a request recorded from the file of a person who is
 * waiting closed nothing and added a second, backdated visit: she stayed
 * « En attente » and was counted twice. */
static void test_record_for_a_person_in_the_queue_closes_her_visit(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t elodie = new_visitor("Lefèvre", "Élodie");
    int64_t waiting, id;
    assert_int_equal(visit_arrive(db, agathe, elodie, NULL, NULL, &waiting, &err), G_OK);
    assert_int_equal(visit_queue_entry(db, elodie, &id, &err), G_OK);
    assert_int_equal(id, waiting);
    int64_t arrived = clock_now();
    tu_clock("2026-03-30T08:30:00Z"); /* she waited half an hour */
    visit_log l;
    full_log(&l, "accompagnement");
    l.duration_min = 12;
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, &id, &err), G_OK);
    assert_int_equal(id, waiting); /* her visit, not a new one */
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 1);
    visit_info info;
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_string_equal(info.state, VISIT_DONE);
    assert_int_equal(info.arrived_at, arrived);               /* her real arrival */
    assert_int_equal(info.started_at, clock_now() - 12 * 60); /* helped for 12 minutes */
    assert_int_equal(info.ended_at, clock_now());
    assert_int_equal(info.agent_id, agathe);
    assert_int_equal(info.log.duration_min, 12);
    visit_counters c;
    assert_int_equal(visit_counters_today(db, &c, &err), G_OK);
    assert_int_equal(c.waiting, 0);
    assert_int_equal(c.done, 1);
    assert_int_equal(c.requests, 1);
    assert_int_equal(visit_queue_entry(db, elodie, &id, &err), G_ERR_NOTFOUND);

    /* a duration longer than her wait: taken in charge at her arrival */
    assert_int_equal(visit_arrive(db, agathe, elodie, NULL, NULL, &waiting, &err), G_OK);
    tu_clock("2026-03-30T08:35:00Z");
    l.duration_min = 30;
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, &id, &err), G_OK);
    assert_int_equal(id, waiting);
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_int_equal(info.started_at, info.arrived_at);

    /* being helped by a colleague: closed, the colleague stays its agent */
    assert_int_equal(visit_arrive(db, agathe, elodie, NULL, NULL, &waiting, &err), G_OK);
    assert_int_equal(visit_take(db, karim, waiting, &err), G_OK);
    int64_t taken = clock_now();
    tu_clock("2026-03-30T08:50:00Z");
    l.duration_min = 15;
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, &id, &err), G_OK);
    assert_int_equal(id, waiting);
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_string_equal(info.state, VISIT_DONE);
    assert_int_equal(info.agent_id, karim);
    assert_int_equal(info.started_at, taken);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 3);

    /* out of the queue again: a phone call is a new request */
    snprintf(l.channel, sizeof l.channel, "telephone");
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, &id, &err), G_OK);
    assert_int_not_equal(id, waiting);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 4);
    /* an anonymous person has no queue entry to close */
    assert_int_equal(visit_queue_entry(db, 0, &id, &err), G_ERR_NOTFOUND);
}

/* ---- quick information and counters ------------------------------------- */

static int op_index(const char *code)
{
    return (int)(ref_operator_find(code) - ref_operators);
}

static void test_quick_info_raises_the_counters(void **state)
{
    (void)state;
    g_error err = {0};
    visit_counters before, after;
    assert_int_equal(visit_counters_today(db, &before, &err), G_OK);
    int64_t id;
    assert_int_equal(visit_quick_info(db, agathe, "france-titres", &id, &err), G_OK);
    assert_int_equal(visit_counters_today(db, &after, &err), G_OK);
    int info = ref_index(ref_help_types, "information");
    assert_int_equal(after.requests, before.requests + 1);
    assert_int_equal(after.by_help[info], before.by_help[info] + 1);
    assert_int_equal(after.by_operator[op_index("france-titres")],
                     before.by_operator[op_index("france-titres")] + 1);
    assert_int_equal(after.by_operator[op_index("caf")], before.by_operator[op_index("caf")]);
    visit_info v;
    assert_int_equal(visit_get(db, id, &v, &err), G_OK);
    assert_int_equal(v.visitor_id, 0);
    assert_string_equal(v.name, "Anonyme");
    assert_string_equal(v.state, "termine");
    assert_string_equal(v.log.channel, "accueil-spontane");
    assert_string_equal(v.log.help_type, "information");
    assert_string_equal(v.log.autonomy, "autonome");
    assert_string_equal(v.log.outcome, "resolu");
    assert_int_equal(v.log.duration_min, VISIT_QUICK_INFO_MINUTES);
    assert_string_equal(v.sex, "non-communique");
    assert_int_equal(visit_quick_info(db, agathe, "banque", NULL, &err), G_ERR_INVALID);
    assert_int_equal(visit_quick_info(db, 0, "caf", NULL, &err), G_ERR_DENIED);
}

static void test_counters_by_help_type_and_operator_today_only(void **state)
{
    (void)state;
    g_error err = {0};
    /* Sunday 29 March 23:30 in Paris (21:30 UTC, summer time): yesterday */
    tu_clock("2026-03-29T21:30:00Z");
    assert_int_equal(visit_quick_info(db, agathe, "caf", NULL, &err), G_OK);
    /* Monday 30 March 00:30 in Paris (22:30 UTC on the 29th): today */
    tu_clock("2026-03-29T22:30:00Z");
    assert_int_equal(visit_quick_info(db, agathe, "caf", NULL, &err), G_OK);
    tu_clock("2026-03-30T08:00:00Z");
    assert_int_equal(visit_quick_info(db, agathe, "dgfip", NULL, &err), G_OK);
    visit_log l;
    full_log(&l, "accompagnement"); /* caf + cpam */
    l.duration_min = 20;
    assert_int_equal(visit_record(db, karim, 0, NULL, &l, NULL, &err), G_OK);
    /* two topics with the same partner count one request for it */
    snprintf(l.topics[1].operator_code, sizeof l.topics[1].operator_code, "caf");
    snprintf(l.help_type, sizeof l.help_type, "orientation");
    assert_int_equal(visit_record(db, karim, 0, NULL, &l, NULL, &err), G_OK);
    /* a topic without a national partner */
    l.n_topics = 1;
    l.topics[0].operator_code[0] = 0;
    assert_int_equal(visit_record(db, karim, 0, NULL, &l, NULL, &err), G_OK);
    int64_t waiting;
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &waiting, &err), G_OK);

    visit_counters c;
    assert_int_equal(visit_counters_today(db, &c, &err), G_OK);
    assert_int_equal(c.requests, 5);
    assert_int_equal(c.waiting, 1);
    assert_int_equal(c.by_help[ref_index(ref_help_types, "information")], 2);
    assert_int_equal(c.by_help[ref_index(ref_help_types, "accompagnement")], 1);
    assert_int_equal(c.by_help[ref_index(ref_help_types, "orientation")], 2);
    assert_int_equal(c.by_operator[op_index("caf")], 3);
    assert_int_equal(c.by_operator[op_index("cpam")], 1);
    assert_int_equal(c.by_operator[op_index("dgfip")], 1);
    assert_int_equal(c.no_operator, 1);

    /* someone taken in charge, not yet finished, at closing time */
    int64_t helped;
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &helped, &err), G_OK);
    assert_int_equal(visit_take(db, karim, helped, &err), G_OK);

    /* the next day starts from zero, but who is still waiting or being
     * helped stays queued, and the header's counts say so (they said
     * « File : 0 en attente » above a list of people waiting) */
    tu_clock("2026-03-31T07:00:00Z");
    assert_int_equal(visit_counters_today(db, &c, &err), G_OK);
    assert_int_equal(c.requests, 0);
    assert_int_equal(c.done, 0);
    assert_int_equal(c.by_help[ref_index(ref_help_types, "information")], 0);
    assert_int_equal(c.waiting, 1);
    assert_int_equal(c.in_progress, 1);
    visit_queue_row *rows;
    size_t n;
    assert_int_equal(visit_queue_today(db, &rows, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, waiting);
    assert_int_equal(rows[1].id, helped);
    free(rows);
}

/* ---- correction --------------------------------------------------------- */

static void test_correction_same_day_by_author_or_manager(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t id;
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &id, &err), G_OK);
    assert_int_equal(visit_take(db, karim, id, &err), G_OK);
    visit_log l;
    full_log(&l, "accompagnement");
    l.duration_min = 10;
    /* not closed yet */
    assert_int_equal(visit_correct(db, karim, id, &l, &err), G_ERR_CONFLICT);
    assert_int_equal(visit_close(db, karim, id, &l, &err), G_OK);

    /* the author corrects: journaled with what changed */
    l.duration_min = 25;
    snprintf(l.outcome, sizeof l.outcome, "rdv-pris");
    snprintf(l.comment, sizeof l.comment, "RDV CAF mardi.");
    assert_int_equal(visit_correct(db, karim, id, &l, &err), G_OK);
    visit_info info;
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_int_equal(info.log.duration_min, 25);
    assert_string_equal(info.log.outcome, "rdv-pris");
    assert_int_equal(info.log.n_topics, 2);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT user_id, object, detail FROM audit WHERE action "
                                        "= 'visit-correct' ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), karim);
    char object[64];
    snprintf(object, sizeof object, "visit:%s", info.uuid);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), object);
    assert_string_equal((const char *)sqlite3_column_text(st, 2),
                        "duration_min: 10→25; outcome: a-suivre→rdv-pris; comment: modifié");
    sqlite3_finalize(st);

    /* another agent may not; the manager may */
    snprintf(l.help_type, sizeof l.help_type, "orientation");
    assert_int_equal(visit_correct(db, agathe, id, &l, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "responsable"));
    l.n_topics = 1;
    assert_int_equal(visit_correct(db, sophie, id, &l, &err), G_OK);
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_int_equal(info.log.n_topics, 1);
    assert_int_equal(info.agent_id, karim); /* still Karim's request */
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'visit-correct' AND "
                            "detail LIKE '%help_type: accompagnement→orientation%' AND detail "
                            "LIKE '%topics: caf/social+cpam/%→caf/social%'"),
                     1);

    /* an unchanged log journals nothing */
    assert_int_equal(visit_correct(db, sophie, id, &l, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'visit-correct'"), 2);

    /* the next day, nobody may */
    tu_clock("2026-03-31T08:00:00Z");
    snprintf(l.help_type, sizeof l.help_type, "information");
    assert_int_equal(visit_correct(db, karim, id, &l, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "jour même"));
    assert_int_equal(visit_correct(db, sophie, id, &l, &err), G_ERR_DENIED);
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_string_equal(info.log.help_type, "orientation");
}

/* ---- demo --------------------------------------------------------------- */

static void names_digest(g_db *d, char *out, size_t size)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(d),
                                        "SELECT group_concat(last_name || first_names || "
                                        "birth_date || phone, '|') FROM (SELECT * FROM visitor "
                                        "ORDER BY id)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void test_demo_desk_is_alive_and_deterministic(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    if (demo_visitors(db, &cfg, &err) != G_OK)
        fail_msg("demo_visitors: %s (%s)", err.msg, err.field);
    assert_int_equal(scalar("SELECT count(*) FROM visitor"), 200);
    int64_t visits = scalar("SELECT count(*) FROM visit");
    assert_true(visits >= 300 && visits <= 700);
    /* six weeks of history, nothing in the future */
    assert_true(scalar("SELECT min(arrived_at) FROM visit") < clock_now() - 35 * 86400);
    assert_true(scalar("SELECT max(coalesce(ended_at, arrived_at)) FROM visit") <= clock_now());
    /* the big five partners dominate */
    int64_t top = scalar("SELECT count(*) FROM visit_topic WHERE operator IN ('caf', 'cpam', "
                         "'france-titres', 'dgfip', 'retraite')");
    int64_t all = scalar("SELECT count(*) FROM visit_topic");
    assert_true(top * 100 >= all * 70);
    /* anonymous and known visitors, all three types of help */
    assert_true(scalar("SELECT count(*) FROM visit WHERE visitor_id IS NULL") > 50);
    assert_int_equal(scalar("SELECT count(DISTINCT help_type) FROM visit WHERE help_type IS NOT "
                            "NULL"),
                     3);
    /* today's queue is alive */
    visit_counters c;
    assert_int_equal(visit_counters_today(db, &c, &err), G_OK);
    assert_int_equal(c.waiting, 2);
    assert_int_equal(c.in_progress, 1);
    assert_true(c.requests >= 4);
    /* names from elsewhere are found */
    visitor_row rows[5];
    int n;
    assert_int_equal(visitor_search(db, "ngugi", rows, 5, &n, NULL, &err), G_OK);
    assert_true(n >= 1);
    assert_int_equal(visitor_search(db, "王", rows, 5, &n, NULL, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(visitor_search(db, "0639 98", rows, 5, &n, NULL, &err), G_OK);
    assert_int_equal(n, 5);
    assert_int_equal(visitor_index_check(db, &err), G_OK);

    /* the same content every time */
    static char a[65536], b[65536];
    names_digest(db, a, sizeof a);
    g_db *other = tu_db_new();
    assert_int_equal(demo_visitors(other, &cfg, &err), G_OK);
    names_digest(other, b, sizeof b);
    assert_string_equal(a, b);
    db_close(other);
}

/* A save reads the agent's account and the visitor's file inside its own
 * write transaction (one transaction per save): every refusal still comes
 * first, leaves nothing written and leaves no transaction open, alone or
 * nested in a caller's transaction; the visit keeps the file's sex, age
 * band and commune. */
static void test_record_refusals_leave_nothing(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t elodie = new_visitor("Lefèvre", "Élodie");
    int64_t merged = new_visitor("Durand", "Anne");
    int64_t gone = new_visitor("Moreau", "Lise");
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE visitor SET merged_into = %lld WHERE id = %lld",
             (long long)elodie, (long long)merged);
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    snprintf(sql, sizeof sql, "UPDATE visitor SET anonymised_at = 1 WHERE id = %lld",
             (long long)gone);
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    int64_t old = add_user("ancien", "Ancien Agent", "accueil");
    snprintf(sql, sizeof sql, "UPDATE app_user SET disabled = 1 WHERE id = %lld", (long long)old);
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    int64_t before = scalar("SELECT count(*) FROM visit");

    visit_log l;
    full_log(&l, "accompagnement");
    l.duration_min = 10;
    for (int nested = 0; nested < 2; nested++) {
        if (nested)
            assert_int_equal(db_begin(db, &err), G_OK);
        assert_int_equal(visit_record(db, old, elodie, NULL, &l, NULL, &err), G_ERR_DENIED);
        assert_non_null(strstr(err.msg, "compte actif"));
        assert_int_equal(visit_record(db, 0, elodie, NULL, &l, NULL, &err), G_ERR_DENIED);
        assert_int_equal(visit_record(db, 9999, elodie, NULL, &l, NULL, &err), G_ERR_DENIED);
        /* the account is checked before the log, as before */
        l.n_topics = 0;
        assert_int_equal(visit_record(db, old, elodie, NULL, &l, NULL, &err), G_ERR_DENIED);
        assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, NULL, &err), G_ERR_INVALID);
        assert_string_equal(err.field, "topics");
        l.n_topics = 2;
        assert_int_equal(visit_record(db, agathe, merged, NULL, &l, NULL, &err), G_ERR_CONFLICT);
        assert_non_null(strstr(err.msg, "fusionnée"));
        assert_int_equal(visit_record(db, agathe, gone, NULL, &l, NULL, &err), G_ERR_CONFLICT);
        assert_non_null(strstr(err.msg, "anonymisée"));
        assert_int_equal(visit_record(db, agathe, 424242, NULL, &l, NULL, &err), G_ERR_NOTFOUND);
        assert_non_null(strstr(err.msg, "introuvable (n° 424242)"));
        visit_anon a = {.sex = "X"};
        assert_int_equal(visit_record(db, agathe, 0, &a, &l, NULL, &err), G_ERR_INVALID);
        /* a refusal rolls back (a caller's transaction too) and leaves none open */
        assert_int_equal(db_commit(db, &err), G_ERR_DB);
        assert_int_equal(scalar("SELECT count(*) FROM visit"), before);
    }
    int64_t id;
    assert_int_equal(visit_record(db, agathe, elodie, NULL, &l, &id, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), before + 1);
    snprintf(sql, sizeof sql,
             "SELECT sex = 'F' AND age_band = '60-69' AND commune = '58194' AND agent_id = %lld "
             "FROM visit WHERE id = %lld",
             (long long)agathe, (long long)id);
    assert_int_equal(scalar(sql), 1);
    visit_anon a = {.sex = "M", .age_band = "25-39", .commune = "58194"};
    assert_int_equal(visit_record(db, agathe, 0, &a, &l, &id, &err), G_OK);
    snprintf(sql, sizeof sql,
             "SELECT sex = 'M' AND age_band = '25-39' AND commune = '58194' AND visitor_id IS "
             "NULL FROM visit WHERE id = %lld",
             (long long)id);
    assert_int_equal(scalar(sql), 1);
}

/* Migration 062 wrote the CHECK lists of visit, visitor, appointment and
 * orientation as comparisons: each column still takes exactly its codes
 * (and NULL where it took NULL), and saving a request builds no temporary
 * table to check them. */
static void test_check_lists_refuse_the_same_values(void **state)
{
    (void)state;
    const struct {
        const char *table, *column;
        const char *const *codes;
    } lists[] = {
        {"visit", "sex", (const char *const[]){"F", "M", "non-communique", NULL}},
        {"visit", "age_band",
         (const char *const[]){"<18", "18-24", "25-39", "40-59", "60-69", "70+", "non-communique",
                               NULL}},
        {"visit", "state", (const char *const[]){"attente", "en-cours", "termine", "parti", NULL}},
        {"visit", "channel",
         (const char *const[]){"accueil-spontane", "accueil-sur-rdv", "telephone", "courriel",
                               "itinerance", "visio", "domicile", NULL}},
        {"visit", "help_type",
         (const char *const[]){"information", "accompagnement", "orientation", NULL}},
        {"visit", "autonomy",
         (const char *const[]){"entierement-accompagne", "partiellement-autonome", "autonome",
                               NULL}},
        {"visit", "outcome",
         (const char *const[]){"resolu", "a-suivre", "oriente", "rdv-pris", NULL}},
        {"visitor", "sex", (const char *const[]){"F", "M", "non-communique", NULL}},
        {"visitor", "preferred_contact",
         (const char *const[]){"", "telephone", "sms", "courriel", "courrier", NULL}},
        {"visitor", "consent_kind", (const char *const[]){"", "oral", "ecrit", NULL}},
        {"appointment", "status",
         (const char *const[]){"a-venir", "honore", "excuse", "annule-service", "absent", NULL}},
        {"appointment", "origin",
         (const char *const[]){"guichet", "telephone", "partenaire", NULL}},
        {"appointment", "call_status",
         (const char *const[]){"appele", "message-laisse", "injoignable", NULL}},
        {"orientation", "contact",
         (const char *const[]){"telephone", "courriel", "par-l-agent", "autre", NULL}},
        {"orientation", "status",
         (const char *const[]){"ouverte", "validee", "refusee", "expiree", NULL}},
    };
    sqlite3 *h = db_sql(db);
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        /* the CHECK of this column, alone, on the table's own text */
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = '%s'",
                 lists[i].table);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        char pat[64];
        snprintf(pat, sizeof pat, "CHECK (%s = ", lists[i].column);
        const char *p = strstr((const char *)sqlite3_column_text(st, 0), pat);
        assert_non_null(p);
        const char *e = strstr(p, ")");
        char check[400];
        snprintf(check, sizeof check, "%.*s", (int)(e - p - 7), p + 7);
        sqlite3_finalize(st);
        /* each code passes, a near miss, a case change, a number and a blob
         * do not; NULL passes (as with IN) */
        const char *const bad[] = {"x", "F ", "f", "NON-COMMUNIQUE", "Telephone", "1", "absente"};
        for (const char *const *c = lists[i].codes; *c; c++) {
            snprintf(sql, sizeof sql, "SELECT (%s) FROM (SELECT ?1 AS %s)", check, lists[i].column);
            assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
            sqlite3_bind_text(st, 1, *c, -1, SQLITE_STATIC);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            assert_int_equal(sqlite3_column_int(st, 0), 1);
            sqlite3_finalize(st);
        }
        for (size_t b = 0; b < sizeof bad / sizeof *bad + 3; b++) {
            snprintf(sql, sizeof sql, "SELECT (%s) IS NOT 0, (SELECT ?1 IN (", check);
            for (const char *const *c = lists[i].codes; *c; c++) {
                size_t n = strlen(sql);
                snprintf(sql + n, sizeof sql - n, "%s'%s'", c == lists[i].codes ? "" : ", ", *c);
            }
            size_t n = strlen(sql);
            snprintf(sql + n, sizeof sql - n, ")) IS NOT 0 FROM (SELECT ?1 AS %s)",
                     lists[i].column);
            assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
            if (b < sizeof bad / sizeof *bad)
                sqlite3_bind_text(st, 1, bad[b], -1, SQLITE_STATIC);
            else if (b == sizeof bad / sizeof *bad)
                sqlite3_bind_int(st, 1, 1);
            else if (b == sizeof bad / sizeof *bad + 1)
                sqlite3_bind_blob(st, 1, "F", 1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, 1);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            /* the comparison decides as the former IN list did */
            assert_int_equal(sqlite3_column_int(st, 0), sqlite3_column_int(st, 1));
            sqlite3_finalize(st);
        }
    }
    /* and the table refuses a wrong code */
    g_error err = {0};
    assert_int_equal(db_exec(db,
                             "INSERT INTO visit (uuid, arrived_at, created_at, updated_at, "
                             "channel) VALUES ('u-062', 1, 1, 1, 'pigeon')",
                             &err),
                     G_ERR_CONFLICT);
    assert_int_equal(sqlite3_extended_errcode(h), SQLITE_CONSTRAINT_CHECK);
    /* no temporary b-tree (OpenEphemeral) in the insert of a saved request */
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(h,
                           "EXPLAIN INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, "
                           "arrived_at, started_at, ended_at, state, agent_id, created_by, "
                           "channel, help_type, autonomy, duration_min, outcome, comment, "
                           "created_at, updated_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, "
                           "?6, ?7, 'termine', ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                           -1, &st, NULL),
        SQLITE_OK);
    int ephemeral = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        ephemeral += strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral") == 0;
    sqlite3_finalize(st);
    assert_int_equal(ephemeral, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_arrive_take_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_left_without_being_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_visitor_arrives_in_one_step, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_log_is_validated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_outside_the_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_for_a_person_in_the_queue_closes_her_visit,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_quick_info_raises_the_counters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counters_by_help_type_and_operator_today_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_correction_same_day_by_author_or_manager, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_demo_desk_is_alive_and_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_refusals_leave_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_lists_refuse_the_same_values, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
