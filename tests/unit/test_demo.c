/* test_demo.c — the demo database and site_init. */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/demo.h"
#include "guichet/site.h"
#include "guichet/clock.h"
#include "guichet/referent.h"
#include "guichet/rgpd.h"
#include "guichet/visitor.h"
#include "testutil.h"

static g_db *empty_db(const char *name)
{
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(tu_path(name), DB_OPEN_CREATE, &db, &err), G_OK);
    return db;
}

static int64_t scalar(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s", sqlite3_errmsg(db_sql(db)));
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* The charter's duties on the demo: referents (one replaced), files handed
 * to them, answers, and a purge dry run with something to purge — while the
 * nightly export still starts weeks ago, not years. */
static void demo_shows_the_charter(g_db *db, const g_config *cfg)
{
    g_error err = {0};
    referent *v = NULL;
    size_t n = 0;
    assert_int_equal(referent_list(db, NULL, &v, &n, &err), G_OK);
    assert_true(n >= 4);
    free(v);
    assert_int_equal(referent_for_operator(db, "caf", NULL, &v, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_not_equal(v[0].replaces_id, 0);
    free(v);
    assert_int_equal(scalar(db, "SELECT count(*) FROM escalation"), 2);
    assert_true(scalar(db, "SELECT count(*) FROM satisfaction_answer") > 20);
    assert_int_equal(scalar(db, "SELECT count(*) FROM visit WHERE surveyed = 1"),
                     scalar(db, "SELECT count(*) FROM satisfaction_answer"));
    rgpd_plan p;
    assert_int_equal(rgpd_purge(db, cfg, 0, 1, NULL, NULL, &p, &err), G_OK);
    assert_true(p.counts.files >= 3);
    assert_true(p.counts.comments >= 5);
    assert_true(p.counts.orientations >= 1);
    assert_true(p.counts.appointments >= 1);
    assert_true(p.counts.notes >= 1);
    assert_true((int64_t)p.npeople >= p.counts.files);
    rgpd_plan_free(&p);
    assert_true(clock_now() - scalar(db, "SELECT created_at FROM site") < 60 * 86400);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
}

static void test_demo_accounts_log_in_with_their_role(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_db *db = empty_db("demo.db");
    g_error err = {0};
    assert_false(demo_is_demo(db));
    assert_int_equal(demo_create(db, &cfg, &err), G_OK);
    assert_true(demo_is_demo(db));
    g_site site;
    assert_int_equal(db_site_get(db, &site, &err), G_OK);
    assert_string_equal(site.matricule, DEMO_MATRICULE);
    assert_string_equal(site.name, DEMO_SITE_NAME);
    assert_string_equal(site.commune, "58227");
    int roles_seen = 0;
    for (const demo_account *a = demo_accounts; a->login; a++) {
        g_session *s = NULL;
        assert_int_equal(auth_login(db, &cfg, a->login, a->password, &s, &err), G_OK);
        assert_string_equal(s->display_name, a->display_name);
        assert_string_equal(user_role_code(s->role), a->role);
        roles_seen |= 1 << s->role;
        auth_logout(db, s, NULL);
    }
    assert_int_equal(roles_seen, 7);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    demo_shows_the_charter(db, &cfg);
    db_close(db);
}

static void test_site_init_once_with_random_key(void **state)
{
    (void)state;
    g_db *a = empty_db("a.db"), *b = empty_db("b.db");
    g_error err = {0};
    assert_int_equal(site_init(a, "FS-58-0042", "Clamecy", "58079", NULL, &err), G_OK);
    assert_int_equal(site_init(a, "FS-58-0043", "Autre", "", NULL, &err), G_ERR_EXISTS);
    assert_int_equal(site_init(b, "FS 58", "Clamecy", "", NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "matricule");
    assert_int_equal(site_init(b, "FS-1", "Clamecy", "5807", NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "commune");
    assert_int_equal(site_init(b, "FS-1", "", "", NULL, &err), G_ERR_INVALID);
    assert_int_equal(site_init(b, "FS-1", "Ajaccio", "2A004", "Europe/Paris", &err), G_OK);
    /* each site draws its own pseudonym key */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(a), "SELECT pseudonym_key FROM site", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    unsigned char ka[32];
    memcpy(ka, sqlite3_column_blob(st, 0), 32);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db_sql(b), "SELECT pseudonym_key FROM site", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_memory_not_equal(sqlite3_column_blob(st, 0), ka, 32);
    sqlite3_finalize(st);
    db_close(a);
    db_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_accounts_log_in_with_their_role),
        cmocka_unit_test(test_site_init_once_with_random_key),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
