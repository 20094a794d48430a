/* test_agenda_concurrency.c — several desks (processes) on one database file
 * book the same slot at the same moment: exactly one booking exists
 * afterwards, every other desk was told the slot was just taken. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "testutil.h"

#define DESKS 6

enum { CHILD_BOOKED = 10, CHILD_CONFLICT = 11, CHILD_OTHER = 12 };

static int64_t utc(int y, int mo, int d, int h, int mi)
{
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return (int64_t)timegm(&tm);
}

/* One desk: opens the file, waits for the start signal, books. */
static void desk(const char *path, int start_fd, int64_t resource, int64_t motif, int64_t visitor,
                 int64_t at)
{
    g_db *db = NULL;
    g_error err = {0};
    if (db_open(path, DB_OPEN_EXISTING, &db, &err) != G_OK)
        _exit(CHILD_OTHER);
    char c;
    while (read(start_fd, &c, 1) < 0 && errno == EINTR)
        ; /* EOF when the parent closes its end: everyone starts together */
    agenda_booking b = {resource, motif, visitor, at, "guichet", NULL};
    agenda_book_result res;
    g_status s;
    int tries = 0;
    do { /* a desk that waited past busy_timeout tries again, as the screen would */
        g_err_clear(&err);
        s = agenda_book(db, 0, &b, &res, &err);
    } while (s == G_ERR_BUSY && ++tries < 5);
    int code = CHILD_OTHER;
    if (s == G_OK)
        code = CHILD_BOOKED;
    else if (s == G_ERR_CONFLICT && strstr(err.msg, "Ce créneau vient d'être pris"))
        code = CHILD_CONFLICT;
    else
        fprintf(stderr, "desk %d: %d %s\n", (int)getpid(), s, err.msg);
    db_close(db);
    _exit(code);
}

static void test_one_booking_wins_among_concurrent_desks(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-04-06T06:00:00Z");
    g_db *db = tu_db_new();
    g_error err = {0};
    agenda_resource r = {0};
    snprintf(r.kind, sizeof r.kind, "permanence");
    snprintf(r.name, sizeof r.name, "CAF");
    snprintf(r.operator_code, sizeof r.operator_code, "caf");
    r.active = 1;
    int64_t res_id, motif_id;
    assert_int_equal(agenda_resource_add(db, 0, &r, &res_id, &err), G_OK);
    agenda_motif m = {0};
    snprintf(m.name, sizeof m.name, "Dossier CAF");
    snprintf(m.place, sizeof m.place, "sur-place");
    m.duration_min = 30;
    m.capacity = 1;
    m.active = 1;
    assert_int_equal(agenda_motif_add(db, 0, &m, &motif_id, &err), G_OK);
    agenda_availability a = {0};
    a.resource_id = res_id;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "2026-03-01");
    a.rule.start_min = 9 * 60;
    a.rule.end_min = 12 * 60;
    a.rule.freq = RECUR_WEEKLY;
    a.rule.interval = 1;
    snprintf(a.rule.byday, sizeof a.rule.byday, "TU");
    a.motifs[0] = motif_id;
    a.nmotifs = 1;
    assert_int_equal(agenda_availability_add(db, 0, &a, NULL, &err), G_OK);
    int64_t visitors[DESKS];
    for (int i = 0; i < DESKS; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO visitor (uuid, last_name, created_at, updated_at) VALUES "
                 "('v%d', 'Usager %d', 0, 0)",
                 i, i);
        assert_int_equal(db_exec(db, sql, &err), G_OK);
        visitors[i] = sqlite3_last_insert_rowid(db_sql(db));
    }
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    db_close(db);

    int barrier[2];
    assert_int_equal(pipe(barrier), 0);
    int64_t at = utc(2026, 4, 7, 8, 0); /* Tuesday 10:00 in Paris */
    pid_t pids[DESKS];
    for (int i = 0; i < DESKS; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            close(barrier[1]);
            desk(path, barrier[0], res_id, motif_id, visitors[i], at);
        }
    }
    close(barrier[0]);
    usleep(200 * 1000); /* let the desks open the file; correctness does not depend on it */
    close(barrier[1]);  /* go */
    int booked = 0, conflicts = 0, other = 0;
    for (int i = 0; i < DESKS; i++) {
        int st;
        assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
        assert_true(WIFEXITED(st));
        switch (WEXITSTATUS(st)) {
        case CHILD_BOOKED:
            booked++;
            break;
        case CHILD_CONFLICT:
            conflicts++;
            break;
        default:
            other++;
        }
    }
    assert_int_equal(other, 0);
    assert_int_equal(booked, 1);
    assert_int_equal(conflicts, DESKS - 1);

    assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), G_OK);
    agenda_item *it;
    size_t n;
    assert_int_equal(agenda_range(db, res_id, at - 3600, at + 3600, 1, &it, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_true(it[0].start_at == at);
    free(it);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_booking_wins_among_concurrent_desks),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
