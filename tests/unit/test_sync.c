/* test_sync.c — sync packs (src/core/sync*.c): round trip, idempotence,
 * tombstones, conflicts, merges, double bookings, tampering, and a seeded
 * property test (random edits on both sides converge in both orders). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/sync.h"
#include "guichet/visitor.h"
#include "testutil.h"

static sync_secret key_secret(void)
{
    sync_secret s;
    memset(&s, 0, sizeof s);
    memset(s.key, 7, sizeof s.key);
    s.has_key = 1;
    s.network = "guichet";
    return s;
}

static void sql(g_db *db, const char *q)
{
    g_error err = {0};
    if (db_exec(db, q, &err) != G_OK)
        fail_msg("%s: %s", q, err.msg);
}

static int64_t one(g_db *db, const char *q)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), q, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static int64_t add_user(g_db *db, const char *login, const char *role)
{
    char q[512];
    snprintf(q, sizeof q,
             "INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
             "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, created_at, "
             "updated_at) VALUES ('%s', 'Agent %s', '%s', 'x', zeroblob(32), x'00', x'00', "
             "x'00', 1, 1, 0, 0)",
             login, login, role);
    sql(db, q);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int64_t add_visitor(g_db *db, const char *last, const char *phone)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", last);
    snprintf(v.phone, sizeof v.phone, "%s", phone);
    g_error err = {0};
    if (visitor_save(db, 0, &v, &err) != G_OK)
        fail_msg("visitor_save: %s", err.msg);
    return v.id;
}

/* from → to, every row stamped after since; returns the changes made. */
static int64_t send(g_db *from, g_db *to, int64_t since, sync_import_info *out)
{
    sync_archive a;
    int64_t stamp = 0, rows = 0;
    g_error err = {0};
    if (sync_build(from, since, "test", &a, &stamp, &rows, &err) != G_OK)
        fail_msg("sync_build: %s", err.msg);
    sync_import_info info;
    if (sync_apply(to, &a, 0, 0, "test", &info, &err) != G_OK)
        fail_msg("sync_apply: %s", err.msg);
    sync_archive_free(&a);
    if (out)
        *out = info;
    return info.inserted + info.updated + info.deleted + info.conflicts;
}

static void hash(g_db *db, char out[65])
{
    g_error err = {0};
    assert_int_equal(sync_content_hash(db, out, &err), G_OK);
}

static void assert_same(g_db *a, g_db *b)
{
    char ha[65], hb[65];
    hash(a, ha);
    hash(b, hb);
    assert_string_equal(ha, hb);
}

static g_db *A, *B;

static int setup(void **state)
{
    (void)state;
    tu_clock("2026-03-29T08:00:00Z");
    A = tu_db_new();
    B = tu_db_new();
    add_user(A, "sophie", "responsable");
    /* B starts as a copy of A, as the bus is set up from the house */
    send(A, B, 0, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(A);
    db_close(B);
    tu_cleanup();
    return 0;
}

static void test_round_trip_and_idempotence(void **state)
{
    (void)state;
    add_visitor(A, "Martin", "0612345678");
    add_visitor(A, "Ngũgĩ", "");
    sync_import_info info;
    assert_true(send(A, B, 0, &info) > 0);
    assert_int_equal(info.inserted, 2);
    assert_int_equal(one(B, "SELECT count(*) FROM visitor"), 2);
    assert_same(A, B);
    /* the same pack again: nothing new */
    assert_int_equal(send(A, B, 0, &info), 0);
    assert_int_equal(send(B, A, 0, &info), 0);
    assert_same(A, B);
    /* the search index follows on the receiving side */
    visitor_row rows[4];
    int n = 0, more = 0;
    g_error err = {0};
    assert_int_equal(visitor_search(B, "martin", rows, 4, &n, &more, &err), G_OK);
    assert_int_equal(n, 1);
}

/* Every change is stamped once, by this instance, with a clock that only
 * goes forward: an insert, an update, a child's change (its parent's
 * stamp), a delete (a tombstone) and a journal entry; nothing while a pack
 * is being applied. */
static void test_changes_are_stamped(void **state)
{
    (void)state;
    char q[256];
    sql(A, "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) VALUES "
           "('m-s', 'Carte grise', 20, 0, 0)");
    int64_t t0 = one(A, "SELECT hlc FROM sync_row WHERE uuid = 'm-s'");
    assert_true(t0 > 0);
    assert_int_equal(one(A, "SELECT count(*) FROM sync_row r JOIN sync_clock c "
                            "ON r.origin = c.instance WHERE r.uuid = 'm-s' AND r.deleted = 0 "
                            "AND r.local_id = (SELECT id FROM motif WHERE uuid = 'm-s')"), 1);
    sql(A, "UPDATE motif SET name = 'Carte grise (ANTS)' WHERE uuid = 'm-s'");
    int64_t t1 = one(A, "SELECT hlc FROM sync_row WHERE uuid = 'm-s'");
    assert_true(t1 > t0);
    /* a child (an opening's motif list) stamps its parent, the opening */
    sql(A, "INSERT INTO resource (uuid, name, kind, created_at, updated_at) VALUES "
           "('r-s', 'CAF', 'permanence', 0, 0)");
    sql(A, "INSERT INTO availability (uuid, resource_id, dtstart, start_time, end_time, freq, "
           "byday, created_at, updated_at) SELECT 'a-s', id, '2026-01-06', '09:00', '12:00', "
           "'WEEKLY', 'TU', 0, 0 FROM resource WHERE uuid = 'r-s'");
    int64_t ta = one(A, "SELECT hlc FROM sync_row WHERE uuid = 'a-s'");
    sql(A, "INSERT INTO availability_motif (availability_id, motif_id) SELECT a.id, m.id "
           "FROM availability a, motif m WHERE a.uuid = 'a-s' AND m.uuid = 'm-s'");
    assert_true(one(A, "SELECT hlc FROM sync_row WHERE uuid = 'a-s'") > ta);
    /* a journal entry is known as instance:id */
    g_error err = {0};
    assert_int_equal(audit_log(A, 0, "test", "", "", &err), G_OK);
    int64_t jid = one(A, "SELECT max(id) FROM audit");
    snprintf(q, sizeof q, "SELECT count(*) FROM sync_row r, sync_clock c WHERE r.tbl = 'audit' "
                          "AND r.uuid = c.instance || ':' || %lld", (long long)jid);
    assert_int_equal(one(A, q), 1);
    /* a delete leaves a tombstone */
    sql(A, "DELETE FROM availability_motif");
    sql(A, "DELETE FROM availability WHERE uuid = 'a-s'");
    assert_int_equal(one(A, "SELECT deleted FROM sync_row WHERE uuid = 'a-s'"), 1);
    assert_int_equal(one(A, "SELECT local_id IS NULL FROM sync_row WHERE uuid = 'a-s'"), 1);
    /* applying a pack: the triggers stay quiet */
    int64_t before = one(A, "SELECT hlc FROM sync_clock");
    sql(A, "UPDATE sync_clock SET applying = 1");
    sql(A, "UPDATE motif SET name = 'x' WHERE uuid = 'm-s'");
    sql(A, "UPDATE sync_clock SET applying = 0");
    assert_int_equal(one(A, "SELECT hlc FROM sync_clock"), before);
    assert_int_equal(one(A, "SELECT hlc FROM sync_row WHERE uuid = 'm-s'"), t1);
}

/* Opening a base parses every trigger: the tables' sync triggers hold no
 * subquery (one INSERT into sync_new, sync_changed or sync_gone each), only
 * the three stamping triggers of those views do.
 * Migration 041's 70 triggers with three subqueries each doubled the
 * instructions of guichet's start-up (docs/performance.md). */
static void test_sync_triggers_stay_cheap_to_parse(void **state)
{
    (void)state;
    assert_true(one(A, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                       "AND name LIKE 'sync%'") >= 60);
    assert_int_equal(one(A, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                            "AND name LIKE 'sync%' AND name NOT LIKE '%\\_stamp' ESCAPE '\\' "
                            "AND (upper(sql) LIKE '%SELECT%' OR sql NOT LIKE '%INSERT INTO sync_%')"),
                     0);
}

static void test_tombstone(void **state)
{
    (void)state;
    sql(A, "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) VALUES "
           "('m-1', 'Aide CAF', 30, 0, 0)");
    send(A, B, 0, NULL);
    assert_int_equal(one(B, "SELECT count(*) FROM motif"), 1);
    sql(A, "DELETE FROM motif WHERE uuid = 'm-1'");
    sync_import_info info;
    send(A, B, 0, &info);
    assert_int_equal(info.deleted, 1);
    assert_int_equal(one(B, "SELECT count(*) FROM motif"), 0);
    assert_same(A, B);
}

static void test_conflict_newest_wins_and_is_kept(void **state)
{
    (void)state;
    int64_t id = add_visitor(A, "Durand", "0611111111");
    send(A, B, 0, NULL);
    char q[200];
    snprintf(q, sizeof q, "UPDATE visitor SET email = 'a@example.fr' WHERE id = %lld",
             (long long)id);
    sql(A, q);
    sql(B, "UPDATE visitor SET email = 'b@example.fr' WHERE last_name = 'Durand'");
    send(A, B, 0, NULL);
    send(B, A, 0, NULL);
    assert_same(A, B);
    /* B wrote last: its value stays, A's is kept in the conflicts on both sides */
    assert_int_equal(one(A, "SELECT count(*) FROM visitor WHERE email = 'b@example.fr'"), 1);
    assert_int_equal(one(A, "SELECT count(*) FROM sync_conflict WHERE field = 'email' AND kept "
                            "= 'b@example.fr' AND lost = 'a@example.fr'"),
                     1);
    assert_int_equal(one(B, "SELECT count(*) FROM sync_conflict WHERE field = 'email' AND kept "
                            "= 'b@example.fr' AND lost = 'a@example.fr'"),
                     1);
    /* a plain update received later is no conflict */
    sql(B, "UPDATE visitor SET email = 'c@example.fr' WHERE last_name = 'Durand'");
    int64_t before = one(A, "SELECT count(*) FROM sync_conflict");
    send(B, A, 0, NULL);
    assert_int_equal(one(A, "SELECT count(*) FROM sync_conflict"), before);
    g_error err = {0};
    int64_t cid = one(A, "SELECT min(id) FROM sync_conflict");
    assert_int_equal(sync_conflict_resolve(A, cid, 0, &err), G_OK);
    assert_int_equal(sync_conflict_resolve(A, cid, 0, &err), G_ERR_NOTFOUND);
}

static void test_merge_redirects_offline_rows(void **state)
{
    (void)state;
    int64_t manager = one(A, "SELECT id FROM app_user WHERE login = 'sophie'");
    int64_t keep = add_visitor(A, "Petit", "0622222222");
    int64_t dup = add_visitor(A, "Petit", "0633333333");
    send(A, B, 0, NULL);
    g_error err = {0};
    assert_int_equal(visitor_merge(A, manager, keep, dup, &err), G_OK);
    /* offline, B records a request for the file merged away on A */
    sql(B, "INSERT INTO visit (uuid, visitor_id, arrived_at, created_at, updated_at) SELECT "
           "'v-off', id, 100, 100, 100 FROM visitor WHERE phone = '+33633333333'");
    send(A, B, 0, NULL);
    send(B, A, 0, NULL);
    assert_same(A, B);
    char q[200];
    snprintf(q, sizeof q, "SELECT visitor_id = %lld FROM visit WHERE uuid = 'v-off'",
             (long long)keep);
    assert_int_equal(one(A, q), 1);
}

static void test_double_booking_kept_and_listed(void **state)
{
    (void)state;
    sql(A, "INSERT INTO resource (uuid, kind, name, created_at, updated_at) VALUES ('r-1', "
           "'salle', 'Salle 1', 0, 0)");
    sql(A, "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) VALUES ('m-2', "
           "'Impôts', 30, 0, 0)");
    send(A, B, 0, NULL);
    const char *book = "INSERT INTO appointment (uuid, resource_id, motif_id, start_at, end_at, "
                       "created_at, updated_at) SELECT '%s', r.id, m.id, 1000, 2800, 0, 0 FROM "
                       "resource r, motif m WHERE r.uuid = 'r-1' AND m.uuid = 'm-2'";
    char q[400];
    snprintf(q, sizeof q, book, "ap-a");
    sql(A, q);
    snprintf(q, sizeof q, book, "ap-b");
    sql(B, q);
    sync_import_info info;
    send(A, B, 0, &info);
    assert_int_equal(info.slots, 1);
    send(B, A, 0, &info);
    assert_int_equal(info.slots, 1);
    assert_same(A, B);
    assert_int_equal(one(A, "SELECT count(*) FROM appointment"), 2);
    assert_int_equal(one(A, "SELECT count(*) FROM sync_conflict WHERE kind = 'creneau'"), 1);
    /* the desk's safety net still refuses a third one */
    snprintf(q, sizeof q, book, "ap-c");
    g_error err = {0};
    assert_int_not_equal(db_exec(A, q, &err), G_OK);
}

static void test_every_byte_change_refused(void **state)
{
    (void)state;
    add_visitor(A, "Leroy", "");
    sync_archive a;
    int64_t stamp, rows;
    g_error err = {0};
    assert_int_equal(sync_build(A, stamp = one(A, "SELECT hlc FROM sync_clock") - 1, "t", &a,
                                &stamp, &rows, &err),
                     G_OK);
    sync_secret sec = key_secret();
    const char *path = tu_path("small.pack");
    assert_int_equal(sync_pack_write(path, &a, &sec, &err), G_OK);
    sync_archive_free(&a);
    FILE *f = fopen(path, "rb");
    unsigned char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 96 && n < sizeof buf);
    sync_archive out;
    assert_int_equal(sync_pack_open(buf, n, &sec, &out, &err), G_OK);
    sync_archive_free(&out);
    for (size_t i = 0; i < n; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            buf[i] ^= (unsigned char)(1 << bit);
            assert_int_not_equal(sync_pack_open(buf, n, &sec, &out, &err), G_OK);
            buf[i] ^= (unsigned char)(1 << bit);
        }
    }
    for (size_t cut = 0; cut < n; cut += 7)
        assert_int_equal(sync_pack_open(buf, cut, &sec, &out, &err), G_ERR_CRYPTO);
    /* another network; another key */
    sync_secret other = sec;
    other.network = "autre";
    assert_int_equal(sync_pack_open(buf, n, &other, &out, &err), G_ERR_CRYPTO);
    assert_non_null(strstr(err.msg, "autre réseau"));
    other = sec;
    other.key[0] ^= 1;
    assert_int_equal(sync_pack_open(buf, n, &other, &out, &err), G_ERR_CRYPTO);
}

static void test_wrong_passphrase(void **state)
{
    (void)state;
    sync_archive a;
    int64_t stamp, rows;
    g_error err = {0};
    assert_int_equal(sync_build(A, 0, "t", &a, &stamp, &rows, &err), G_OK);
    sync_secret sec = {.passphrase = "le bus passe le mardi", .network = "guichet"};
    const char *path = tu_path("pass.pack");
    assert_int_equal(sync_pack_write(path, &a, &sec, &err), G_OK);
    sync_archive_free(&a);
    sync_import_info info;
    sec.passphrase = "le bus passe le jeudi";
    assert_int_equal(sync_import(B, path, &sec, 0, 0, &info, &err), G_ERR_CRYPTO);
    assert_non_null(strstr(err.msg, "phrase de passe incorrecte"));
    sec.passphrase = "le bus passe le mardi";
    assert_int_equal(sync_import(B, path, &sec, 1, 0, &info, &err), G_OK);
}

/* ---- property: random edits on both sides converge --------------------- */

static unsigned long long rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

static void random_edit(g_db *db, int side, int i)
{
    char q[400];
    switch (rnd(6)) {
    case 0:
        snprintf(q, sizeof q,
                 "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) VALUES "
                 "('p-%d-%d', 'Motif %d', %u, 0, 0)",
                 side, i, i, 5 + rnd(100));
        break;
    case 1:
    case 2:
        snprintf(q, sizeof q,
                 "UPDATE motif SET duration_min = %u, to_bring = 'x%d' WHERE id = (SELECT id "
                 "FROM motif ORDER BY id LIMIT 1 OFFSET %u)",
                 5 + rnd(100), i, rnd(40));
        break;
    case 3:
        snprintf(q, sizeof q,
                 "DELETE FROM motif WHERE id = (SELECT id FROM motif ORDER BY id LIMIT 1 OFFSET "
                 "%u)",
                 rnd(60));
        break;
    case 4:
        snprintf(q, sizeof q,
                 "INSERT INTO resource (uuid, kind, name, created_at, updated_at) VALUES "
                 "('q-%d-%d', 'salle', 'Salle %d-%d', 0, 0)",
                 side, i, side, i);
        break;
    default:
        snprintf(q, sizeof q,
                 "UPDATE resource SET place = 'Bureau %u', active = %u WHERE id = (SELECT id "
                 "FROM resource ORDER BY id LIMIT 1 OFFSET %u)",
                 rnd(9), rnd(2), rnd(20));
    }
    sql(db, q);
}

static void converge(unsigned long long seed, int b_first)
{
    rng_state = seed;
    g_db *x = tu_db_new(), *y = tu_db_new();
    /* thousands of small transactions: no fsync each (not what is tested) */
    sql(x, "PRAGMA synchronous = OFF");
    sql(y, "PRAGMA synchronous = OFF");
    send(x, y, 0, NULL);
    int64_t sent_x = 0, sent_y = 0;
    for (int i = 0; i < 2000; i++) {
        random_edit(rnd(2) ? x : y, rnd(2), i);
        if (rnd(50) == 0) {
            int64_t now_x = one(x, "SELECT hlc FROM sync_clock");
            send(x, y, sent_x, NULL);
            sent_x = now_x;
        }
        if (rnd(50) == 0) {
            int64_t now_y = one(y, "SELECT hlc FROM sync_clock");
            send(y, x, sent_y, NULL);
            sent_y = now_y;
        }
    }
    if (b_first) {
        send(y, x, 0, NULL);
        send(x, y, 0, NULL);
    } else {
        send(x, y, 0, NULL);
        send(y, x, 0, NULL);
    }
    assert_same(x, y);
    assert_int_equal(send(x, y, 0, NULL), 0);
    assert_int_equal(send(y, x, 0, NULL), 0);
    db_close(x);
    db_close(y);
}

static void test_property_convergence(void **state)
{
    (void)state;
    for (unsigned long long seed = 1; seed <= 2; seed++) {
        converge(seed, 0);
        converge(seed, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_and_idempotence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changes_are_stamped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_triggers_stay_cheap_to_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tombstone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_newest_wins_and_is_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_redirects_offline_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_booking_kept_and_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_byte_change_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_passphrase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_property_convergence, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
