/* test_agenda.c — free slots, next free slot, the no-overlap rule, the
 * visitor-overlap warning, workshop capacity, statuses and their rules,
 * arrival, cancellation, exceptions, reminders, day and week views, journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/daysheet.h"
#include "guichet/demo.h"
#include "guichet/printout.h"
#include "guichet/utf8.h"
#include "testutil.h"

typedef struct fixture {
    g_db *db;
    int64_t caf;     /* permanence CAF, Tuesdays 09:00-12:00 */
    int64_t cpam;    /* permanence CPAM, Tuesdays 09:00-12:00 */
    int64_t salle;   /* room for workshops, Thursdays 14:00-16:00 */
    int64_t dossier; /* 30 min, CAF */
    int64_t ameli;   /* 30 min, CPAM */
    int64_t atelier; /* 120 min workshop, capacity 3 */
    int64_t avail_caf;
    int64_t v[5]; /* visitors */
} fixture;

static int64_t utc(const char *iso)
{
    int y, mo, d, h, mi;
    sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi);
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return (int64_t)timegm(&tm);
}

static int64_t add_visitor(g_db *db, const char *last, const char *first, const char *phone)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO visitor (uuid, last_name, first_names, phone, created_at, updated_at) "
             "VALUES (lower(hex(randomblob(16))), '%s', '%s', '%s', 0, 0)",
             last, first, phone);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int64_t add_resource(g_db *db, const char *kind, const char *name, const char *op)
{
    agenda_resource r = {0};
    snprintf(r.kind, sizeof r.kind, "%s", kind);
    snprintf(r.name, sizeof r.name, "%s", name);
    snprintf(r.operator_code, sizeof r.operator_code, "%s", op);
    r.active = 1;
    int64_t id = 0;
    g_error err = {0};
    if (agenda_resource_add(db, 1, &r, &id, &err) != G_OK)
        fail_msg("%s", err.msg);
    return id;
}

static int64_t add_motif(g_db *db, const char *name, const char *op, int dur, int cap)
{
    agenda_motif m = {0};
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.operator_code, sizeof m.operator_code, "%s", op);
    snprintf(m.place, sizeof m.place, "sur-place");
    snprintf(m.to_bring, sizeof m.to_bring, "Carte Vitale");
    m.duration_min = dur;
    m.capacity = cap;
    m.active = 1;
    int64_t id = 0;
    g_error err = {0};
    assert_int_equal(agenda_motif_add(db, 1, &m, &id, &err), G_OK);
    return id;
}

static int64_t add_avail(g_db *db, int64_t res, const char *byday, const char *start,
                         const char *end, int64_t motif)
{
    agenda_availability a = {0};
    a.resource_id = res;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "2026-03-01");
    a.rule.start_min = recur_time_parse(start);
    a.rule.end_min = recur_time_parse(end);
    a.rule.freq = RECUR_WEEKLY;
    a.rule.interval = 1;
    snprintf(a.rule.byday, sizeof a.rule.byday, "%s", byday);
    a.motifs[0] = motif;
    a.nmotifs = 1;
    int64_t id = 0;
    g_error err = {0};
    assert_int_equal(agenda_availability_add(db, 1, &a, &id, &err), G_OK);
    return id;
}

static int setup(void **state)
{
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-04-06T06:00:00Z"); /* Monday 6 April 2026, 08:00 in Paris */
    fixture *f = calloc(1, sizeof *f);
    f->db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO app_user (id, login, display_name, role, "
                             "password_hash, public_key, sealed_secret_key, seal_nonce, "
                             "kdf_salt, kdf_opslimit, kdf_memlimit, created_at, updated_at) "
                             "VALUES (1, 'accueil', 'Accueil', 'accueil', 'x', zeroblob(32), "
                             "x'00', x'00', x'00', 1, 1, 0, 0)",
                             &err),
                     G_OK);
    f->caf = add_resource(f->db, "permanence", "CAF", "caf");
    f->cpam = add_resource(f->db, "permanence", "CPAM", "cpam");
    f->salle = add_resource(f->db, "salle", "Salle numérique", "");
    f->dossier = add_motif(f->db, "Dossier CAF", "caf", 30, 1);
    f->ameli = add_motif(f->db, "Compte ameli", "cpam", 30, 1);
    f->atelier = add_motif(f->db, "Atelier numérique", "", 120, 3);
    f->avail_caf = add_avail(f->db, f->caf, "TU", "09:00", "12:00", f->dossier);
    add_avail(f->db, f->cpam, "TU", "09:00", "12:00", f->ameli);
    add_avail(f->db, f->salle, "TH", "14:00", "16:00", f->atelier);
    f->v[0] = add_visitor(f->db, "Martin", "Élodie", "+33612345678");
    f->v[1] = add_visitor(f->db, "Ngũgĩ", "Wanjiru", "+33698765432");
    f->v[2] = add_visitor(f->db, "Dupont", "Jean", "");
    f->v[3] = add_visitor(f->db, "Leroy", "Anne", "+33511223344");
    f->v[4] = add_visitor(f->db, "Wang", "Fang", "+33700000000");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->db);
    free(f);
    clock_set(0);
    return 0;
}

static g_status book(fixture *f, int64_t res, int64_t motif, int64_t visitor, const char *iso,
                     agenda_book_result *r, g_error *err)
{
    agenda_booking b = {res, motif, visitor, utc(iso), "guichet", NULL};
    return agenda_book(f->db, 1, &b, r, err);
}

static void test_free_slots_are_cut_by_duration(void **state)
{
    fixture *f = *state;
    agenda_slot *s;
    size_t n;
    g_error err = {0};
    assert_int_equal(agenda_free_slots(f->db, 0, f->dossier, "2026-04-07", &s, &n, &err), G_OK);
    assert_int_equal(n, 6); /* 09:00 … 11:30 */
    assert_true(s[0].start_at == utc("2026-04-07T07:00"));
    assert_true(s[5].start_at == utc("2026-04-07T09:30"));
    assert_true(s[5].end_at == utc("2026-04-07T10:00"));
    assert_true(s[0].resource_id == f->caf);
    free(s);
    /* Wednesday: no opening */
    assert_int_equal(agenda_free_slots(f->db, 0, f->dossier, "2026-04-08", &s, &n, &err), G_OK);
    assert_int_equal(n, 0);
    free(s);
    /* a booking removes its slot, the stretch after it is cut from its end */
    agenda_book_result r;
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:10", &r, &err), G_OK);
    assert_int_equal(agenda_free_slots(f->db, f->caf, f->dossier, "2026-04-07", &s, &n, &err),
                     G_OK);
    assert_int_equal(n, 4); /* 09:40, 10:10, 10:40, 11:10 */
    assert_true(s[0].start_at == utc("2026-04-07T07:40"));
    free(s);
}

static void test_no_overlap_on_a_resource(void **state)
{
    fixture *f = *state;
    agenda_book_result r;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &r, &err), G_OK);
    assert_true(r.id > 0);
    assert_int_equal(r.visitor_overlap, 0);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T07:00", &r, &err),
                     G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "Ce créneau vient d'être pris"));
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T07:15", &r, &err),
                     G_ERR_CONFLICT);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T07:30", &r, &err), G_OK);
    /* outside the opening, on a closed day, in the past */
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T09:45", &r, &err),
                     G_ERR_INVALID);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-08T07:00", &r, &err),
                     G_ERR_INVALID);
    assert_int_equal(book(f, f->caf, f->ameli, f->v[1], "2026-04-07T08:00", &r, &err),
                     G_ERR_INVALID); /* motif not allowed in that opening */
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-03-31T07:00", &r, &err),
                     G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "passé"));

    /* the schema refuses an overlapping row whoever writes it */
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO appointment (uuid, resource_id, motif_id, start_at, end_at, "
             "created_at, updated_at) VALUES ('x', %lld, %lld, %lld, %lld, 0, 0)",
             (long long)f->caf, (long long)f->dossier, (long long)utc("2026-04-07T07:20"),
             (long long)utc("2026-04-07T07:50"));
    assert_int_equal(db_exec(f->db, sql, &err), G_ERR_CONFLICT);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_sql(f->db), "SELECT count(*) FROM appointment WHERE status = 'a-venir'",
                       -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
}

static void test_visitor_booked_twice_gets_a_warning(void **state)
{
    fixture *f = *state;
    agenda_book_result r1, r2;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &r1, &err), G_OK);
    assert_int_equal(book(f, f->cpam, f->ameli, f->v[0], "2026-04-07T07:15", &r2, &err), G_OK);
    assert_int_equal(r2.visitor_overlap, 1);
    assert_true(r2.overlap_id == r1.id);
    assert_int_equal(book(f, f->cpam, f->ameli, f->v[0], "2026-04-07T08:00", &r2, &err), G_OK);
    assert_int_equal(r2.visitor_overlap, 0);
}

static void test_cancel_frees_the_slot(void **state)
{
    fixture *f = *state;
    agenda_book_result r;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &r, &err), G_OK);
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "annule-service", "", &err), G_ERR_INVALID);
    assert_string_equal(err.field, "reason");
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "honore", NULL, &err), G_ERR_INVALID);
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "excuse", "malade", &err), G_OK);
    agenda_item it;
    assert_int_equal(agenda_get(f->db, r.id, &it, &err), G_OK);
    assert_string_equal(it.status, "excuse");
    assert_string_equal(it.cancel_reason, "malade");
    assert_int_equal(it.sequence, 1);
    /* twice: refused */
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "excuse", NULL, &err), G_ERR_CONFLICT);
    agenda_book_result r2;
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T07:00", &r2, &err), G_OK);
}

static void test_workshop_capacity(void **state)
{
    fixture *f = *state;
    agenda_book_result r[4];
    g_error err = {0};
    const char *at = "2026-04-09T12:00"; /* Thursday 14:00 Paris */
    for (int i = 0; i < 3; i++)
        assert_int_equal(book(f, f->salle, f->atelier, f->v[i], at, &r[i], &err), G_OK);
    agenda_slot *s;
    size_t n;
    assert_int_equal(agenda_free_slots(f->db, f->salle, f->atelier, "2026-04-09", &s, &n, &err),
                     G_OK);
    assert_int_equal(n, 0); /* full */
    free(s);
    assert_int_equal(book(f, f->salle, f->atelier, f->v[3], at, &r[3], &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "complet"));
    assert_int_equal(agenda_cancel(f->db, 1, r[1].id, "excuse", NULL, &err), G_OK);
    assert_int_equal(agenda_free_slots(f->db, f->salle, f->atelier, "2026-04-09", &s, &n, &err),
                     G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].places_left, 1);
    assert_true(s[0].start_at == utc(at));
    free(s);
    /* the same person cannot take two places */
    assert_int_equal(book(f, f->salle, f->atelier, f->v[0], at, &r[3], &err), G_ERR_EXISTS);
    assert_int_equal(book(f, f->salle, f->atelier, f->v[3], at, &r[3], &err), G_OK);
    /* a session at another time overlapping the first one is refused */
    assert_int_equal(book(f, f->salle, f->atelier, f->v[4], "2026-04-09T12:30", &r[3], &err),
                     G_ERR_INVALID); /* 14:30 + 2 h goes past the 16:00 closing */
}

static void test_statuses_and_arrival(void **state)
{
    fixture *f = *state;
    agenda_book_result r;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &r, &err), G_OK);
    assert_int_equal(agenda_cancel_check(f->db, r.id, &err), G_OK);
    /* Monday: arrival only on the day, qualification only after the start */
    assert_int_equal(agenda_mark_arrived(f->db, 1, r.id, &err), G_ERR_INVALID);
    assert_int_equal(agenda_set_status(f->db, 1, r.id, "honore", &err), G_ERR_CONFLICT);
    /* Tuesday 08:45 Paris: arrives early */
    tu_clock("2026-04-07T06:45:00Z");
    assert_int_equal(agenda_mark_arrived(f->db, 1, r.id, &err), G_OK);
    assert_int_equal(agenda_mark_arrived(f->db, 1, r.id, &err), G_ERR_EXISTS);
    /* someone who is here cannot be cancelled (excused or by the service) */
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "excuse", NULL, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "La personne est déjà arrivée : à 08:45"));
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "annule-service", "panne", &err),
                     G_ERR_CONFLICT);
    assert_int_equal(agenda_cancel_check(f->db, r.id, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "déjà arrivée"));
    agenda_item it;
    assert_int_equal(agenda_get(f->db, r.id, &it, &err), G_OK);
    assert_true(it.arrived_at == utc("2026-04-07T06:45"));
    assert_string_equal(it.status, "a-venir");
    /* the arrival entered the day's queue, linked to the appointment */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(f->db),
                                        "SELECT visitor_id, channel, state, arrived_at FROM visit "
                                        "WHERE appointment_id = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, r.id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int64(st, 0) == f->v[0]);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "accueil-sur-rdv");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "attente");
    assert_true(sqlite3_column_int64(st, 3) == utc("2026-04-07T06:45"));
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(agenda_set_status(f->db, 1, r.id, "honore", &err), G_ERR_CONFLICT);
    tu_clock("2026-04-07T07:05:00Z");
    assert_int_equal(agenda_set_status(f->db, 1, r.id, "absent", &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "arrivée"));
    assert_int_equal(agenda_set_status(f->db, 1, r.id, "excuse", &err), G_ERR_INVALID);
    assert_int_equal(agenda_set_status(f->db, 1, r.id, "honore", &err), G_OK);
    assert_int_equal(agenda_get(f->db, r.id, &it, &err), G_OK);
    assert_string_equal(it.status, "honore");
    assert_int_equal(it.to_fill, 0);
    /* a qualified appointment can no longer be cancelled or moved */
    assert_int_equal(agenda_cancel(f->db, 1, r.id, "excuse", NULL, &err), G_ERR_CONFLICT);
    assert_int_equal(agenda_reschedule(f->db, 1, r.id, 0, utc("2026-04-14T07:00"), &err),
                     G_ERR_CONFLICT);
}

static void test_to_fill_lists_past_appointments_still_to_come(void **state)
{
    fixture *f = *state;
    agenda_book_result a, b;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &a, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T08:00", &b, &err), G_OK);
    tu_clock("2026-04-07T10:00:00Z");
    assert_int_equal(agenda_set_status(f->db, 1, a.id, "absent", &err), G_OK);
    agenda_item *it;
    size_t n;
    assert_int_equal(agenda_to_fill(f->db, clock_now(), 0, &it, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_true(it[0].id == b.id);
    assert_int_equal(it[0].to_fill, 1);
    assert_string_equal(agenda_status_label(it[0].status, it[0].to_fill), "À renseigner");
    free(it);
    /* absent -> honore is a correction allowed */
    assert_int_equal(agenda_set_status(f->db, 1, a.id, "honore", &err), G_OK);
}

static void test_next_free_slot_searches_forward(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_book_result r;
    for (int h = 0; h < 6; h++) {
        char iso[32];
        snprintf(iso, sizeof iso, "2026-04-07T%02d:%02d", 7 + h / 2, (h % 2) * 30);
        assert_int_equal(book(f, f->caf, f->dossier, 0, iso, &r, &err), G_OK);
    }
    agenda_slot s;
    assert_int_equal(agenda_next_free_slot(f->db, f->dossier, NULL, clock_now(), &s, &err), G_OK);
    assert_true(s.start_at == utc("2026-04-14T07:00"));
    /* 14 April removed (public holiday, say): next is the 21st */
    int affected = -1;
    assert_int_equal(
        agenda_exception_add(f->db, 1, f->avail_caf, "2026-04-14", "ferie", "", &affected, &err),
        G_OK);
    assert_int_equal(affected, 0);
    assert_int_equal(agenda_next_free_slot(f->db, f->dossier, NULL, clock_now(), &s, &err), G_OK);
    assert_true(s.start_at == utc("2026-04-21T07:00"));
    /* by operator */
    agenda_slot *v;
    size_t n;
    assert_int_equal(agenda_next_free_slots(f->db, 0, "cpam", clock_now(), 3, &v, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_true(v[0].resource_id == f->cpam);
    assert_true(v[0].start_at == utc("2026-04-07T07:00"));
    assert_true(v[2].start_at == utc("2026-04-07T08:00"));
    free(v);
    /* removing an occurrence with bookings reports them */
    assert_int_equal(
        agenda_exception_add(f->db, 1, f->avail_caf, "2026-04-07", "absence", "", &affected, &err),
        G_OK);
    assert_int_equal(affected, 6);
    /* a date that is not an occurrence */
    assert_int_equal(
        agenda_exception_add(f->db, 1, f->avail_caf, "2026-04-08", "absence", "", &affected, &err),
        G_ERR_INVALID);
    assert_int_equal(agenda_exception_remove(f->db, 1, f->avail_caf, "2026-04-14", &err), G_OK);
    assert_int_equal(agenda_next_free_slot(f->db, f->dossier, NULL, clock_now(), &s, &err), G_OK);
    assert_true(s.start_at == utc("2026-04-14T07:00"));
}

static void test_reschedule(void **state)
{
    fixture *f = *state;
    agenda_book_result a, b;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &a, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T08:00", &b, &err), G_OK);
    assert_int_equal(agenda_reschedule(f->db, 1, a.id, 0, utc("2026-04-07T08:00"), &err),
                     G_ERR_CONFLICT);
    assert_int_equal(agenda_reschedule(f->db, 1, a.id, 0, utc("2026-04-07T08:30"), &err), G_OK);
    /* moving onto its own former neighbourhood: overlapping itself is fine */
    assert_int_equal(agenda_reschedule(f->db, 1, a.id, 0, utc("2026-04-07T08:45"), &err), G_OK);
    agenda_item it;
    assert_int_equal(agenda_get(f->db, a.id, &it, &err), G_OK);
    assert_true(it.start_at == utc("2026-04-07T08:45"));
    assert_true(it.end_at == utc("2026-04-07T09:15"));
    assert_int_equal(it.sequence, 2);
    /* the old slot is free again */
    agenda_book_result c;
    assert_int_equal(book(f, f->caf, f->dossier, f->v[2], "2026-04-07T07:00", &c, &err), G_OK);
}

static void test_day_week_views_and_reminders(void **state)
{
    fixture *f = *state;
    agenda_book_result a, b, c;
    g_error err = {0};
    assert_int_equal(book(f, f->cpam, f->ameli, f->v[1], "2026-04-07T08:00", &b, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &a, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[2], "2026-04-07T09:00", &c, &err), G_OK);
    assert_int_equal(agenda_cancel(f->db, 1, c.id, "excuse", NULL, &err), G_OK);

    agenda_view v;
    assert_int_equal(agenda_day(f->db, "2026-04-07", &v, &err), G_OK);
    assert_int_equal(v.nitems, 3); /* cancelled ones are shown */
    assert_true(v.items[0].id == a.id);
    assert_string_equal(v.items[0].visitor_name, "Martin Élodie");
    assert_string_equal(v.items[0].visitor_phone, "+33612345678");
    assert_true(v.items[1].id == b.id);
    assert_int_equal(v.nresources, 2); /* the room is not open on Tuesdays */
    /* CAF: 09:30-12:00 free (the cancelled 11:00 does not count); CPAM: 09:00-10:00, 10:30-12:00 */
    assert_int_equal(v.ngaps, 3);
    assert_true(v.gaps[0].resource_id == f->cpam && v.gaps[0].start_at == utc("2026-04-07T07:00"));
    assert_true(v.gaps[1].resource_id == f->caf && v.gaps[1].start_at == utc("2026-04-07T07:30") &&
                v.gaps[1].end_at == utc("2026-04-07T10:00"));
    agenda_view_free(&v);

    assert_int_equal(agenda_week(f->db, f->salle, "2026-04-08", &v, &err), G_OK);
    assert_string_equal(v.from, "2026-04-06");
    assert_string_equal(v.to, "2026-04-12");
    assert_int_equal(v.nitems, 0);
    assert_int_equal(v.ngaps, 1); /* Thursday 14:00-16:00 */
    assert_true(v.gaps[0].start_at == utc("2026-04-09T12:00"));
    agenda_view_free(&v);

    /* Monday: tomorrow's calls */
    char day[11];
    agenda_item *it;
    size_t n;
    assert_int_equal(agenda_reminders(f->db, "2026-04-06", day, &it, &n, &err), G_OK);
    assert_string_equal(day, "2026-04-07");
    assert_int_equal(n, 2);
    assert_string_equal(it[1].visitor_phone, "+33698765432");
    free(it);
    assert_int_equal(agenda_set_call_status(f->db, 1, a.id, "message-laisse", &err), G_OK);
    assert_int_equal(agenda_set_call_status(f->db, 1, a.id, "rappel", &err), G_ERR_INVALID);
    agenda_item one;
    assert_int_equal(agenda_get(f->db, a.id, &one, &err), G_OK);
    assert_string_equal(one.call_status, "message-laisse");
    /* Thursday 9: the next opening day is Tuesday 14 (nothing booked) */
    assert_int_equal(agenda_reminders(f->db, "2026-04-09", day, &it, &n, &err), G_OK);
    assert_string_equal(day, "2026-04-14");
    assert_int_equal(n, 0);
    free(it);
}

static void test_actions_are_journaled(void **state)
{
    fixture *f = *state;
    agenda_book_result a;
    g_error err = {0};
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &a, &err), G_OK);
    assert_int_equal(agenda_cancel(f->db, 1, a.id, "excuse", NULL, &err), G_OK);
    audit_entry *e;
    size_t n;
    assert_int_equal(audit_recent(f->db, 0, 2, &e, &n, &err), G_OK);
    assert_int_equal(n, 2);
    char object[96];
    snprintf(object, sizeof object, "appointment:%s", a.uuid);
    assert_string_equal(e[0].action, "appointment-cancel");
    assert_string_equal(e[0].object, object);
    assert_string_equal(e[1].action, "appointment-book");
    assert_string_equal(e[1].object, object);
    assert_null(strstr(e[1].detail, "Martin")); /* never a name in the journal */
    free(e);
}

static void test_bad_definitions_are_refused(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_resource r = {0};
    snprintf(r.kind, sizeof r.kind, "permanence");
    snprintf(r.name, sizeof r.name, "CAF");
    assert_int_equal(agenda_resource_add(f->db, 1, &r, NULL, &err), G_ERR_EXISTS);
    snprintf(r.name, sizeof r.name, "Autre");
    snprintf(r.operator_code, sizeof r.operator_code, "inconnu");
    assert_int_equal(agenda_resource_add(f->db, 1, &r, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "operator");
    agenda_motif m = {0};
    snprintf(m.name, sizeof m.name, "Trop long");
    snprintf(m.place, sizeof m.place, "sur-place");
    m.duration_min = 600;
    m.capacity = 1;
    assert_int_equal(agenda_motif_add(f->db, 1, &m, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "duration");
    agenda_availability a = {0};
    a.resource_id = f->caf;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "2026-04-01");
    a.rule.start_min = 22 * 60;
    a.rule.end_min = 60;
    a.rule.freq = RECUR_WEEKLY;
    a.rule.interval = 1;
    a.motifs[0] = f->dossier;
    a.nmotifs = 1;
    assert_int_equal(agenda_availability_add(f->db, 1, &a, NULL, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "minuit"));
    agenda_resource found;
    assert_int_equal(agenda_resource_find(f->db, "CPAM", &found, &err), G_OK);
    assert_true(found.id == f->cpam);
    char idtxt[16];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)f->caf);
    assert_int_equal(agenda_resource_find(f->db, idtxt, &found, &err), G_OK);
    assert_string_equal(found.name, "CAF");
    assert_int_equal(agenda_resource_find(f->db, "Nulle part", &found, &err), G_ERR_NOTFOUND);
}

static void test_day_sheet_and_slip(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_motif m = {0};
    snprintf(m.name, sizeof m.name, "Rappel CAF");
    snprintf(m.operator_code, sizeof m.operator_code, "caf");
    snprintf(m.place, sizeof m.place, "telephone");
    m.duration_min = 20;
    m.capacity = 1;
    m.active = 1;
    int64_t phone_motif;
    assert_int_equal(agenda_motif_add(f->db, 1, &m, &phone_motif, &err), G_OK);
    add_avail(f->db, f->caf, "TU", "14:00", "16:00", phone_motif);
    agenda_book_result a, b, c;
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &a, &err), G_OK);
    assert_int_equal(book(f, f->caf, phone_motif, f->v[1], "2026-04-07T12:00", &b, &err), G_OK);
    assert_int_equal(book(f, f->cpam, f->ameli, f->v[3], "2026-04-07T08:00", &c, &err), G_OK);
    assert_int_equal(agenda_cancel(f->db, 1, c.id, "excuse", NULL, &err), G_OK);

    char *text;
    assert_int_equal(daysheet_day(f->db, NULL, "2026-04-07", &text, &err), G_OK);
    assert_non_null(strstr(text, "mardi 7 avril 2026"));
    const char *martin = strstr(text, "Martin Élodie");
    const char *ngugi = strstr(text, "[TÉL] Ngũgĩ Wanjiru");
    assert_non_null(martin);
    assert_non_null(ngugi);
    assert_true(martin < ngugi); /* chronological */
    assert_non_null(strstr(text, "06 12 34 56 78"));
    assert_non_null(strstr(text, "Dossier CAF · CAF"));
    assert_null(strstr(text, "Leroy")); /* cancelled: not on the sheet */
    assert_non_null(strstr(text, "1 rendez-vous annulé"));
    /* no line wider than the page */
    for (char *line = text, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = 0;
        assert_true(utf8_chars(line) <= DAYSHEET_WIDTH);
        *nl = '\n';
    }
    /* saved atomically, private to the user */
    const char *path = tu_path("feuille.txt");
    assert_int_equal(printout_save(path, text, &err), G_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal((size_t)st.st_size, strlen(text));
    free(text);

    assert_int_equal(daysheet_slip(f->db, NULL, a.id, &text, &err), G_OK);
    assert_non_null(strstr(text, "VOTRE RENDEZ-VOUS"));
    assert_non_null(strstr(text, "mardi 7 avril 2026 à 09:00 (30 min)"));
    assert_non_null(strstr(text, "Caisse d'allocations familiales"));
    assert_non_null(strstr(text, "Carte Vitale"));
    assert_non_null(strstr(text, "Site de test"));

    /* printing goes through the command; a failing printer is reported */
    const char *printed = tu_path("imprime.txt");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cat > '%s'", printed);
    assert_int_equal(printout_print(cmd, text, &err), G_OK);
    assert_int_equal(stat(printed, &st), 0);
    assert_int_equal((size_t)st.st_size, strlen(text));
    assert_int_equal(printout_print("exit 3", text, &err), G_ERR_IO);
    assert_non_null(strstr(err.msg, "3"));
    assert_int_equal(printout_print("", text, &err), G_ERR_INVALID);
    free(text);
    assert_int_equal(daysheet_slip(f->db, NULL, b.id, &text, &err), G_OK);
    assert_non_null(strstr(text, "nous vous appellerons au 06 98 76 54 32"));
    free(text);

    /* issue 13 defect 9: the site's letterhead, and pure ASCII for old printers */
    g_config cfg;
    config_defaults(&cfg);
    snprintf(cfg.site.address, sizeof cfg.site.address, "%s", "2 rue du Marché, 58500 Clamecy");
    snprintf(cfg.site.phone, sizeof cfg.site.phone, "%s", "+33386270000");
    for (int ascii = 0; ascii <= 1; ascii++) {
        cfg.print.ascii = ascii;
        for (int page = 0; page < 2; page++) {
            if (page == 0)
                assert_int_equal(daysheet_day(f->db, &cfg, "2026-04-07", &text, &err), G_OK);
            else
                assert_int_equal(daysheet_slip(f->db, &cfg, a.id, &text, &err), G_OK);
            const char *site = strstr(text, "Site de test\n");
            const char *where = strstr(text, ascii ? "\n2 rue du Marche, 58500 Clamecy\n"
                                                   : "\n2 rue du Marché, 58500 Clamecy\n");
            const char *phone =
                strstr(text, ascii ? "\nTel. 03 86 27 00 00\n" : "\nTél. 03 86 27 00 00\n");
            const char *hours = strstr(text, ascii ? "\nHoraires : du lundi au vendredi : "
                                                     "08:30-12:00, 13:30-17:00\n"
                                                   : "\nHoraires : du lundi au vendredi : "
                                                     "08:30–12:00, 13:30–17:00\n");
            assert_non_null(site);
            assert_non_null(where);
            assert_non_null(phone);
            assert_non_null(hours);
            assert_true(site < where && where < phone && phone < hours);
            for (const unsigned char *p = (const unsigned char *)text; ascii && *p; p++)
                assert_true(*p < 0x80);
            free(text);
        }
    }
}

/* The visitor's file: all of one person's appointments, and the counts of
 * its summary line. */
static void test_visitor_appointments(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_book_result past, next, later, cancelled, other;
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-07T07:00", &past, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-14T08:00", &later, &err), G_OK);
    assert_int_equal(book(f, f->cpam, f->ameli, f->v[0], "2026-04-14T07:00", &next, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-21T07:00", &cancelled, &err),
                     G_OK);
    assert_int_equal(agenda_cancel(f->db, 1, cancelled.id, "excuse", NULL, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-04-07T08:00", &other, &err), G_OK);
    tu_clock("2026-04-08T08:00:00Z"); /* the next day: the first one is past */
    agenda_visitor_counts c;
    assert_int_equal(agenda_visitor_summary(f->db, f->v[0], &c, &err), G_OK);
    assert_int_equal(c.upcoming, 2);
    assert_true(c.next_id == next.id);
    assert_int_equal(c.past, 1);
    assert_int_equal(c.cancelled, 1);
    agenda_item *it;
    size_t n;
    assert_int_equal(agenda_visitor_list(f->db, f->v[0], &it, &n, &err), G_OK);
    assert_int_equal(n, 4);                /* not the other visitor's */
    assert_true(it[0].id == cancelled.id); /* newest first, cancelled included */
    assert_string_equal(it[0].status, "excuse");
    assert_true(it[3].id == past.id);
    assert_int_equal(it[3].to_fill, 1);
    free(it);
    assert_int_equal(agenda_visitor_summary(f->db, f->v[2], &c, &err), G_OK);
    assert_int_equal(c.upcoming + c.past + c.cancelled, 0);
    assert_true(c.next_id == 0);
}

/* A long motif on a resource with a long name: the room is never cut off
 * the day sheet; overseas numbers are printed the French way. */
static void test_day_sheet_keeps_the_room(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_resource r = {0};
    snprintf(r.kind, sizeof r.kind, "agent");
    snprintf(r.name, sizeof r.name, "Conseiller France services numérique");
    snprintf(r.place, sizeof r.place, "Bureau 2");
    r.active = 1;
    int64_t res;
    assert_int_equal(agenda_resource_add(f->db, 1, &r, &res, &err), G_OK);
    int64_t motif = add_motif(f->db,
                              "Accompagnement aux démarches en ligne et à l'usage des "
                              "services publics numériques",
                              "", 30, 1);
    int64_t shortm = add_motif(f->db, "Aide numérique", "", 30, 1);
    add_avail(f->db, res, "TU", "09:00", "12:00", motif);
    agenda_availability a2 = {0};
    a2.resource_id = res;
    snprintf(a2.rule.dtstart, sizeof a2.rule.dtstart, "2026-03-01");
    a2.rule.start_min = recur_time_parse("14:00");
    a2.rule.end_min = recur_time_parse("16:00");
    a2.rule.freq = RECUR_WEEKLY;
    a2.rule.interval = 1;
    snprintf(a2.rule.byday, sizeof a2.rule.byday, "TU");
    a2.motifs[0] = shortm;
    a2.nmotifs = 1;
    assert_int_equal(agenda_availability_add(f->db, 1, &a2, NULL, &err), G_OK);
    int64_t reunion = add_visitor(f->db, "Lefèvre-Ngũgĩ", "Awa", "+262639981158");
    agenda_book_result b;
    assert_int_equal(book(f, res, motif, reunion, "2026-04-07T07:50", &b, &err), G_OK);
    assert_int_equal(book(f, res, shortm, f->v[0], "2026-04-07T12:00", &b, &err), G_OK);
    char *text;
    assert_int_equal(daysheet_day(f->db, NULL, "2026-04-07", &text, &err), G_OK);
    const char *room = strstr(text, "Conseiller France services numérique (Bureau 2)");
    assert_non_null(room);
    assert_non_null(strstr(room + 1, "Conseiller France services numérique (Bureau 2)"));
    assert_non_null(strstr(text, "Accompagnement aux")); /* the motif is still there */
    assert_non_null(strstr(text, "Aide numérique · Conseiller France services numérique "
                                 "(Bureau 2)")); /* a short one stays on one line */
    assert_non_null(strstr(text, "06 39 98 11 58"));
    assert_null(strstr(text, "+262"));
    for (char *line = text, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = 0;
        assert_true(utf8_chars(line) <= DAYSHEET_WIDTH);
        *nl = '\n';
    }
    free(text);
    char ph[40];
    daysheet_phone("+262639981158", ph, sizeof ph);
    assert_string_equal(ph, "06 39 98 11 58");
}

static int count_rows(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A base with the demo's agenda, on Wednesday 21 October 2026 (across the
 * October DST change), twelve visitors. */
static g_db *demo_agenda_db(void)
{
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-10-21T08:00:00Z");
    g_db *db = tu_db_new();
    for (int i = 0; i < 12; i++) {
        char name[32];
        snprintf(name, sizeof name, "Usager%d", i);
        add_visitor(db, name, "Démo", "+33600000000");
    }
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    if (demo_agenda(db, &cfg, &err) != G_OK)
        fail_msg("%s", err.msg);
    return db;
}

static void test_demo_agenda(void **state)
{
    (void)state;
    g_db *db = demo_agenda_db();
    g_error err = {0};
    int64_t now = clock_now();
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM appointment WHERE start_at > %lld",
             (long long)now);
    assert_true(count_rows(db, sql) >= 10);
    assert_true(count_rows(db, "SELECT count(*) FROM appointment WHERE status = 'honore'") >= 5);
    assert_true(count_rows(db, "SELECT count(*) FROM appointment WHERE status = 'absent'") >= 1);
    agenda_item *it;
    size_t n;
    assert_int_equal(agenda_to_fill(db, now, 0, &it, &n, &err), G_OK);
    assert_true(n >= 1); /* some past appointments still « à renseigner » */
    free(it);
    /* a workshop session with several participants, within capacity */
    assert_true(count_rows(db, "SELECT max(c) FROM (SELECT count(*) AS c FROM appointment a "
                               "JOIN motif m ON m.id = a.motif_id WHERE m.capacity > 1 AND "
                               "a.status NOT IN ('excuse', 'annule-service') GROUP BY "
                               "a.resource_id, a.start_at)") >= 2);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM (SELECT count(*) AS c, m.capacity AS "
                                    "cap FROM appointment a JOIN motif m ON m.id = a.motif_id "
                                    "WHERE a.status NOT IN ('excuse', 'annule-service') GROUP BY "
                                    "a.resource_id, a.start_at) WHERE c > cap"),
                     0);
    char report[1024];
    assert_int_equal(db_check(db, report, sizeof report, &err), G_OK);
    db_close(db);
}

/* Pages SQLite fetched (from its cache or the file) to list the
 * appointments to fill in before now; their number in *n. */
static int to_fill_pages(g_db *db, int64_t now, size_t *n)
{
    tu_pages_fetched(db);
    agenda_item *it;
    g_error err = {0};
    assert_int_equal(agenda_to_fill(db, now, 0, &it, n, &err), G_OK);
    free(it);
    return tu_pages_fetched(db);
}

/* « À renseigner » reads the appointments still to fill in, not the whole
 * past: what it reads does not grow with the past appointments already
 * marked. On the ten-year bench base (198,000 past appointments, 280 to
 * fill in) opening the list took 85–140 ms and each h or n, which reloads
 * it, 143–250 ms (migration 066). */
static void test_to_fill_does_not_read_the_past_already_marked(void **state)
{
    (void)state;
    g_db *db = demo_agenda_db();
    g_error err = {0};
    int64_t now = clock_now();
    size_t n1 = 0, n2 = 0;
    int before = to_fill_pages(db, now, &n1);
    assert_true(n1 >= 1);
    /* three thousand honoured appointments, an hour apart, a year back */
    assert_int_equal(
        db_exec(db,
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 3000) "
                "INSERT INTO appointment (uuid, resource_id, motif_id, start_at, end_at, status, "
                "created_at, updated_at) SELECT lower(hex(randomblob(16))), a.resource_id, "
                "a.motif_id, a.start_at - 86400 * 400 - i * 3600, a.start_at - 86400 * 400 - i "
                "* 3600 + 1800, 'honore', 0, 0 FROM k, (SELECT * FROM appointment ORDER BY id "
                "LIMIT 1) a",
                &err),
        G_OK);
    assert_true(count_rows(db, "SELECT count(*) FROM appointment WHERE status = 'honore'") >= 3000);
    int after = to_fill_pages(db, now, &n2);
    assert_int_equal(n2, n1);
    if (after > before + 4)
        fail_msg("the list read %d pages with 3,000 more marked appointments, %d before", after,
                 before);
    db_close(db);
}

static int64_t journal_count(g_db *db, const char *action)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s'", action);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Issue 13 defect 10: overlapping openings were accepted silently, and an
 * opening could only be ended, not edited or deleted. */
static void test_openings_overlap_edit_and_delete(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    /* the 2nd Tuesday 10:00-13:00 overlaps the CAF's Tuesday mornings */
    agenda_availability a = {0};
    a.resource_id = f->caf;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "2026-04-01");
    a.rule.start_min = recur_time_parse("10:00");
    a.rule.end_min = recur_time_parse("13:00");
    a.rule.freq = RECUR_MONTHLY;
    a.rule.interval = 1;
    snprintf(a.rule.byday, sizeof a.rule.byday, "2TU");
    a.motifs[0] = f->dossier;
    a.nmotifs = 1;
    int64_t before = journal_count(f->db, "availability-add");
    agenda_save_info info;
    assert_int_equal(agenda_availability_save(f->db, 1, &a, 0, &info, &err), G_ERR_CONFLICT);
    assert_string_equal(err.field, "overlap");
    assert_non_null(strstr(err.msg, "chevauche la plage n°"));
    assert_non_null(strstr(err.msg, "le 14/04/2026")); /* the 2nd Tuesday of April */
    assert_int_equal(journal_count(f->db, "availability-add"), before);
    /* another resource, or the afternoon: no overlap */
    a.rule.start_min = recur_time_parse("12:00");
    assert_int_equal(agenda_availability_save(f->db, 1, &a, 0, &info, &err), G_OK);
    assert_int_equal(info.overlap_id, 0);
    int64_t afternoon = info.id;
    /* accepted knowingly: said and journaled */
    a.rule.start_min = recur_time_parse("10:00");
    assert_int_equal(agenda_availability_save(f->db, 1, &a, AGENDA_SAVE_FORCE, &info, &err), G_OK);
    assert_int_equal(info.overlap_id, f->avail_caf);
    assert_string_equal(info.overlap_date, "2026-04-14");
    int64_t forced = info.id;
    /* the day view shows the common free time once */
    agenda_view v;
    assert_int_equal(agenda_day(f->db, "2026-04-14", &v, &err), G_OK);
    size_t caf_gaps = 0;
    for (size_t i = 0; i < v.ngaps; i++)
        if (v.gaps[i].resource_id == f->caf) {
            caf_gaps++;
            assert_int_equal(v.gaps[i].start_at, utc("2026-04-14T07:00"));
            assert_int_equal(v.gaps[i].end_at, utc("2026-04-14T11:00"));
        }
    assert_int_equal(caf_gaps, 1);
    agenda_view_free(&v);
    assert_int_equal(agenda_availability_delete(f->db, 1, forced, &err), G_OK);
    assert_int_equal(agenda_availability_get(f->db, forced, &a, &err), G_ERR_NOTFOUND);
    assert_int_equal(journal_count(f->db, "availability-delete"), 1);

    /* edit: the afternoon moves to 14:00-16:00, with a second motif */
    agenda_availability e;
    assert_int_equal(agenda_availability_get(f->db, afternoon, &e, &err), G_OK);
    assert_int_equal(e.nmotifs, 1);
    e.rule.start_min = recur_time_parse("14:00");
    e.rule.end_min = recur_time_parse("16:00");
    e.motifs[e.nmotifs++] = f->atelier;
    e.resource_id = f->cpam; /* ignored: an opening stays with its resource */
    assert_int_equal(agenda_availability_save(f->db, 1, &e, 0, &info, &err), G_OK);
    assert_int_equal(agenda_availability_get(f->db, afternoon, &e, &err), G_OK);
    assert_int_equal(e.resource_id, f->caf);
    assert_int_equal(e.rule.start_min, 14 * 60);
    assert_int_equal(e.nmotifs, 2);
    assert_int_equal(journal_count(f->db, "availability-update"), 1);
    /* an edit that overlaps is refused like an addition */
    e.rule.start_min = recur_time_parse("11:00");
    assert_int_equal(agenda_availability_save(f->db, 1, &e, 0, &info, &err), G_ERR_CONFLICT);
    assert_string_equal(err.field, "overlap");

    /* appointments to come: an edit or a deletion that would leave them
     * outside every opening is refused, saying how many */
    agenda_book_result r1, r2;
    assert_int_equal(book(f, f->caf, f->dossier, f->v[0], "2026-04-14T12:00", &r1, &err), G_OK);
    assert_int_equal(book(f, f->caf, f->dossier, f->v[1], "2026-05-12T13:00", &r2, &err), G_OK);
    assert_int_equal(agenda_availability_delete(f->db, 1, afternoon, &err), G_ERR_CONFLICT);
    assert_string_equal(err.field, "appointments");
    assert_non_null(strstr(err.msg, "2 rendez-vous à venir"));
    assert_non_null(strstr(err.msg, "le premier le 14/04/2026 à 14:00"));
    assert_int_equal(agenda_availability_get(f->db, afternoon, &e, &err), G_OK); /* still there */
    e.rule.start_min = recur_time_parse("15:00");
    assert_int_equal(agenda_availability_save(f->db, 1, &e, 0, &info, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "1 rendez-vous à venir"));
    assert_non_null(strstr(err.msg, "(le 14/04/2026 à 14:00)"));
    /* once they are cancelled, it goes */
    assert_int_equal(agenda_cancel(f->db, 1, r1.id, APPT_EXCUSED, NULL, &err), G_OK);
    assert_int_equal(agenda_cancel(f->db, 1, r2.id, APPT_EXCUSED, NULL, &err), G_OK);
    assert_int_equal(agenda_availability_delete(f->db, 1, afternoon, &err), G_OK);
    assert_int_equal(agenda_availability_delete(f->db, 1, afternoon, &err), G_ERR_NOTFOUND);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_free_slots_are_cut_by_duration),
        T(test_no_overlap_on_a_resource),
        T(test_visitor_booked_twice_gets_a_warning),
        T(test_cancel_frees_the_slot),
        T(test_workshop_capacity),
        T(test_statuses_and_arrival),
        T(test_to_fill_lists_past_appointments_still_to_come),
        T(test_next_free_slot_searches_forward),
        T(test_reschedule),
        T(test_day_week_views_and_reminders),
        T(test_actions_are_journaled),
        T(test_bad_definitions_are_refused),
        T(test_day_sheet_and_slip),
        T(test_day_sheet_keeps_the_room),
        T(test_visitor_appointments),
        T(test_openings_overlap_edit_and_delete),
        cmocka_unit_test(test_demo_agenda),
        cmocka_unit_test(test_to_fill_does_not_read_the_past_already_marked),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
