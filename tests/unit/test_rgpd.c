/* test_rgpd.c — data protection: the retention purge (its dry run is what
 * the real run does), the funders' files staying right after it, erasure
 * (refused with an appointment to come, forced, merged files, note bytes
 * gone from the file), the subject-access document, who may do what.
 *
 * "Today" is Monday 30 March 2026 in Paris: files without contact since
 * before 30 March 2024 go, comments older than 30 March 2025 go. */
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/export.h"
#include "guichet/rgpd.h"
#include "guichet/utf8.h"
#include "guichet/visitor.h"
#include "testutil.h"

static g_db *db;
static g_config cfg;
static int64_t agathe, sophie, retired, A, B, C, D;

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_sql(db)));
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sql(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    g_error err = {0};
    if (db_exec(db, buf, &err) != G_OK)
        fail_msg("%s: %s", buf, err.msg);
}

static int64_t add_user(const char *login, const char *name, const char *role, int disabled)
{
    sql("INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
        "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, disabled, "
        "created_at, updated_at) VALUES ('%s', '%s', '%s', 'x', zeroblob(32), x'00', x'00', "
        "x'00', 1, 1, %d, 0, 0)",
        login, name, role, disabled);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int64_t new_visitor(const char *last, const char *first, const char *born)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", last);
    snprintf(v.first_names, sizeof v.first_names, "%s", first);
    snprintf(v.birth_date, sizeof v.birth_date, "%s", born);
    snprintf(v.sex, sizeof v.sex, "F");
    snprintf(v.commune, sizeof v.commune, "58194");
    snprintf(v.phone, sizeof v.phone, "06 39 98 00 %02d",
             (int)(scalar("SELECT count(*) FROM "
                          "visitor") %
                   100));
    g_error err = {0};
    if (visitor_save(db, agathe, &v, &err) != G_OK)
        fail_msg("%s", err.msg);
    return v.id;
}

/* a closed request at a UTC date-time, with its first topic caf */
static void add_visit(int64_t who, const char *at, const char *band, const char *comment)
{
    sql("INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, started_at, "
        "ended_at, state, channel, help_type, autonomy, duration_min, outcome, comment, "
        "created_at, updated_at) VALUES (lower(hex(randomblob(16))), %lld, 'F', '%s', '58194', "
        "unixepoch('%s'), unixepoch('%s'), unixepoch('%s') + 1200, 'termine', "
        "'accueil-spontane', 'accompagnement', 'autonome', 20, 'resolu', '%s', 0, 0)",
        (long long)who, band, at, at, at, comment);
    sql("INSERT INTO visit_topic (visit_id, position, operator) VALUES (%lld, 0, 'caf')",
        (long long)sqlite3_last_insert_rowid(db_sql(db)));
    sql("UPDATE visitor SET last_visit_at = max(last_visit_at, unixepoch('%s')) WHERE id = %lld",
        at, (long long)who);
}

static void add_appt(int64_t who, const char *at, const char *status, const char *comment)
{
    sql("INSERT INTO appointment (uuid, resource_id, motif_id, visitor_id, start_at, end_at, "
        "status, comment, created_at, updated_at) VALUES (lower(hex(randomblob(16))), 1, 1, "
        "%lld, unixepoch('%s'), unixepoch('%s') + 1800, '%s', '%s', unixepoch('%s') - 86400, 0)",
        (long long)who, at, at, status, comment, at);
}

static void add_orientation(int64_t who, const char *at, const char *reason)
{
    sql("INSERT INTO orientation (uuid, visitor_id, service_id, reason, status, followup_on, "
        "created_at, updated_at) VALUES (lower(hex(randomblob(16))), %lld, 1, '%s', 'ouverte', "
        "date('%s'), unixepoch('%s'), unixepoch('%s'))",
        (long long)who, reason, at, at, at);
    sql("INSERT INTO orientation_history (orientation_id, at, to_status) VALUES (%lld, "
        "unixepoch('%s'), 'ouverte')",
        (long long)sqlite3_last_insert_rowid(db_sql(db)), at);
}

/* a note whose ciphertext carries a marker we can look for in the file */
static void add_note(int64_t who, const char *at, const char *marker)
{
    sql("INSERT INTO note (uuid, visitor_id, author_id, level, created_at, updated_at) VALUES "
        "(lower(hex(randomblob(16))), %lld, %lld, 'privee', unixepoch('%s'), unixepoch('%s'))",
        (long long)who, (long long)sophie, at, at);
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    sql("INSERT INTO note_version (note_id, version, nonce, ciphertext, author_id, created_at) "
        "VALUES (%lld, 1, zeroblob(24), CAST('%s' AS BLOB), %lld, 0)",
        (long long)id, marker, (long long)sophie);
    sql("INSERT INTO note_key (note_id, version, reader_kind, reader_id, wrapped_key) VALUES "
        "(%lld, 1, 'user', %lld, zeroblob(48))",
        (long long)id, (long long)sophie);
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T08:00:00Z");
    db = tu_db_new();
    tu_config(&cfg);
    agathe = add_user("agathe", "Agathe Martin", "accueil", 0);
    sophie = add_user("sophie", "Sophie Lefèvre", "responsable", 0);
    retired = add_user("ancien", "Ancien Responsable", "responsable", 1);
    sql("INSERT INTO service (uuid, source, source_id, name, created_at, updated_at) VALUES "
        "('s1', 'local', 'ml', 'Mission locale', 0, 0);"
        "INSERT INTO resource (uuid, kind, name, created_at, updated_at) VALUES "
        "('r1', 'permanence', 'Permanence CAF', 0, 0);"
        "INSERT INTO motif (uuid, name, operator, duration_min, created_at, updated_at) VALUES "
        "('m1', 'Dossier CAF', 'caf', 30, 0, 0)");
    /* A: last seen in October 2023 */
    A = new_visitor("Zorglubovitch", "Hermenegilde", "12/03/1961");
    add_visit(A, "2023-09-01 08:00:00", "non-communique", "Commentaire-de-A-1");
    add_visit(A, "2023-10-02 08:00:00", "non-communique", "Commentaire-de-A-2");
    add_appt(A, "2023-09-15 07:00:00", "honore", "rdv-de-A");
    add_orientation(A, "2023-10-02 08:30:00", "Motif-de-A");
    add_note(A, "2023-10-02 09:00:00", "MARQUEUR-NOTE-A");
    sql("UPDATE visitor SET created_at = unixepoch('2023-08-01'), updated_at = "
        "unixepoch('2023-08-01') WHERE id = %lld",
        (long long)A);
    /* B: still coming, with old things */
    B = new_visitor("Quetzalcoatlos", "Brunehilde", "02/01/1990");
    add_visit(B, "2025-01-10 09:00:00", "25-39", "Commentaire-de-B");
    add_visit(B, "2026-03-20 09:00:00", "25-39", "");
    add_appt(B, "2024-01-10 09:00:00", "honore", "rdv-de-B");
    add_note(B, "2024-02-01 09:00:00", "MARQUEUR-NOTE-B-VIEILLE");
    add_note(B, "2026-03-01 09:00:00", "MARQUEUR-NOTE-B-RECENTE");
    /* C: new; D: not seen for years but booked for April */
    C = new_visitor("Nouvelle", "Camille", "");
    D = new_visitor("Attendu", "Dominique", "");
    add_visit(D, "2023-01-10 09:00:00", "40-59", "");
    add_appt(D, "2026-04-10 07:00:00", "a-venir", "");
    sql("UPDATE visitor SET created_at = unixepoch('2022-01-01'), updated_at = "
        "unixepoch('2022-01-01') WHERE id IN (%lld, %lld)",
        (long long)B, (long long)D);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    clock_set(0);
    return 0;
}

static void pseudonym_of(int64_t visitor_id, char out[33])
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT (SELECT pseudonym_key FROM site), uuid FROM "
                                        "visitor WHERE id = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, visitor_id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    export_pseudonym(sqlite3_column_blob(st, 0), (const char *)sqlite3_column_text(st, 1), out);
    sqlite3_finalize(st);
}

static const rgpd_person *person(const rgpd_plan *p, const char *pseudo)
{
    for (size_t i = 0; i < p->npeople; i++)
        if (strcmp(p->people[i].pseudonym, pseudo) == 0)
            return &p->people[i];
    return NULL;
}

/* ---- the purge ------------------------------------------------------------ */

/* A real run did what its dry run said: the same counts, the same people. */
static void assert_same_plan(const rgpd_plan *real, const rgpd_plan *dry)
{
    assert_memory_equal(&real->counts, &dry->counts, sizeof real->counts);
    assert_int_equal(real->npeople, dry->npeople);
    for (size_t i = 0; i < real->npeople; i++) {
        assert_string_equal(real->people[i].pseudonym, dry->people[i].pseudonym);
        assert_int_equal(real->people[i].kinds, dry->people[i].kinds);
    }
}

static void test_dry_run_shows_exactly_what_the_purge_then_does(void **state)
{
    (void)state;
    char pa[33], pb[33], pd[33];
    pseudonym_of(A, pa);
    pseudonym_of(B, pb);
    pseudonym_of(D, pd);
    int64_t journal = scalar("SELECT count(*) FROM audit");
    g_error err = {0};
    rgpd_plan dry;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 1, NULL, NULL, &dry, &err), G_OK);
    assert_string_equal(dry.visitor_before, "2024-03-30");
    assert_string_equal(dry.comment_before, "2025-03-30");
    assert_string_equal(dry.journal_before, "2025-03-30");
    assert_int_equal(dry.counts.files, 1);
    assert_int_equal(dry.counts.requests, 2);
    assert_int_equal(dry.counts.comments, 1);
    assert_int_equal(dry.counts.orientations, 1);
    assert_int_equal(dry.counts.appointments, 2);
    assert_int_equal(dry.counts.notes, 2);
    assert_int_equal(dry.counts.journal, 0);
    assert_int_equal(dry.npeople, 2);
    assert_non_null(person(&dry, pa));
    assert_int_equal(person(&dry, pa)->kinds, RGPD_KIND_FILE);
    assert_non_null(person(&dry, pb));
    assert_int_equal(person(&dry, pb)->kinds,
                     RGPD_KIND_COMMENT | RGPD_KIND_APPOINTMENT | RGPD_KIND_NOTE);
    assert_null(person(&dry, pd)); /* booked for April: a contact to come */
    /* nothing moved, nothing journaled */
    assert_int_equal(scalar("SELECT count(*) FROM visitor"), 4);
    assert_int_equal(scalar("SELECT count(*) FROM note"), 3);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE comment <> ''"), 3);
    assert_int_equal(scalar("SELECT count(*) FROM audit"), journal);

    rgpd_plan real;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &real, &err), G_OK);
    assert_same_plan(&real, &dry);
    rgpd_plan_free(&dry);
    rgpd_plan_free(&real);

    /* A is gone; what the export counts stays, without the person */
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM visitor WHERE id = %lld", (long long)A);
    assert_int_equal(scalar(q), 0);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 5);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE visitor_id IS NULL"), 2);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE comment <> ''"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM appointment WHERE visitor_id IS NULL"), 2);
    assert_int_equal(scalar("SELECT count(*) FROM appointment WHERE comment <> ''"), 0);
    /* the orientation: on the site's anonymous file, closed, reason gone */
    assert_int_equal(scalar("SELECT count(*) FROM orientation o JOIN rgpd_state r ON "
                            "o.visitor_id = r.anon_visitor_id WHERE o.reason = '' AND o.status = "
                            "'expiree'"),
                     1);
    assert_int_equal(scalar("SELECT count(*) FROM orientation_history WHERE to_status = "
                            "'expiree' AND detail = 'rgpd'"),
                     1);
    assert_int_equal(scalar("SELECT count(*) FROM visitor WHERE anonymised_at IS NOT NULL AND "
                            "search_names = ''"),
                     1);
    /* B's old note went, the recent one stayed */
    assert_int_equal(scalar("SELECT count(*) FROM note"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM note_version"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM note_key"), 1);
    /* the age band of A's requests was kept from the birth date */
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE visitor_id IS NULL AND age_band = "
                            "'60-69'"),
                     2);
    /* journaled with counts only */
    assert_int_equal(scalar("SELECT count(*) FROM audit"), journal + 1);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT action, object, detail FROM audit ORDER BY id "
                                        "DESC LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(st, 0), "rgpd-purge");
    assert_string_equal(sqlite3_column_text(st, 1), "");
    assert_string_equal(sqlite3_column_text(st, 2),
                        "fiches=1 demandes=2 commentaires=1 orientations=1 transmissions=0 rdv=2 "
                        "notes=2 journal=0");
    sqlite3_finalize(st);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
    int64_t at = 0;
    assert_int_equal(rgpd_last_purge(db, &at, &err), G_OK);
    assert_int_equal(at, clock_now());

    /* run again: nothing left */
    rgpd_plan again;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &again, &err), G_OK);
    rgpd_counts zero = {0};
    assert_memory_equal(&again.counts, &zero, sizeof zero);
    assert_int_equal(again.npeople, 0);
    rgpd_plan_free(&again);
    /* the note bytes left the file too (secure_delete + checkpoint) */
    assert_int_not_equal(tu_sh("grep -q MARQUEUR-NOTE-A '%s'", db_path(db)), 0);
    assert_int_not_equal(tu_sh("grep -q MARQUEUR-NOTE-B-VIEILLE '%s'*", db_path(db)), 0);
    assert_int_equal(tu_sh("grep -q MARQUEUR-NOTE-B-RECENTE '%s'*", db_path(db)), 0);
}

/* Reads a CSV file of the outbox into its lines, the last column cut off
 * when cut_last (the pseudonym). */
static char *read_csv(const char *dir, const char *name, int cut_last)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *out = malloc(n + 1), *o = out;
    for (char *line = buf, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            nl = line + strlen(line) - 1;
        char *end = nl;
        if (cut_last) {
            char *semi = line;
            for (char *p = line; p < nl; p++)
                if (*p == ';')
                    semi = p;
            end = semi;
        }
        memcpy(o, line, (size_t)(end - line));
        o += end - line;
        *o++ = '\n';
        if (!*nl)
            break;
    }
    *o = 0;
    return out;
}

/* n files not seen since 2021, each with an old request (and its comment)
 * and an old appointment (an hour each, from January 2021): a first purge
 * of a base never purged. */
static void add_old_files(int n)
{
    sql("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d) "
        "INSERT INTO visitor (uuid, last_name, search_names, created_at, updated_at, "
        "last_visit_at) SELECT lower(hex(randomblob(16))), 'Ancien', 'ancien', "
        "unixepoch('2021-01-01'), unixepoch('2021-01-01'), unixepoch('2021-06-01 08:00:00') "
        "FROM k",
        n);
    sql("INSERT INTO visitor_fts (rowid, search_names) SELECT id, search_names FROM visitor "
        "WHERE last_name = 'Ancien'");
    sql("INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, started_at, "
        "ended_at, state, channel, help_type, autonomy, duration_min, outcome, comment, "
        "created_at, updated_at) SELECT lower(hex(randomblob(16))), id, 'M', '25-39', '58194', "
        "unixepoch('2021-06-01 08:00:00'), unixepoch('2021-06-01 08:00:00'), "
        "unixepoch('2021-06-01 08:20:00'), 'termine', 'accueil-spontane', 'accompagnement', "
        "'autonome', 20, 'resolu', 'Commentaire-ancien', 0, 0 FROM visitor WHERE last_name = "
        "'Ancien'");
    sql("INSERT INTO visit_topic (visit_id, position, operator) SELECT id, 0, 'caf' FROM visit "
        "WHERE comment = 'Commentaire-ancien'");
    sql("INSERT INTO appointment (uuid, resource_id, motif_id, visitor_id, start_at, end_at, "
        "status, comment, created_at, updated_at) SELECT lower(hex(randomblob(16))), 1, 1, id, "
        "unixepoch('2021-01-04 07:00:00') + id * 3600, unixepoch('2021-01-04 07:30:00') + id * "
        "3600, 'honore', "
        "'rdv-ancien', unixepoch('2021-05-01'), 0 FROM visitor WHERE last_name = 'Ancien'");
}

/* Another desk, in its own process: once the purge holds the write lock,
 * it registers a new person as the reception would, then writes 'S' (or
 * 'F') on fds[1]. Waits for a byte on go[0] before it looks. */
static pid_t other_desk(const char *path, int go[2], int fds[2])
{
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid > 0) {
        close(go[0]);
        close(fds[1]);
        return pid;
    }
    close(go[1]);
    close(fds[0]);
    char b;
    if (read(go[0], &b, 1) != 1)
        _exit(2);
    sqlite3 *probe;
    if (sqlite3_open_v2(path, &probe, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        _exit(2);
    /* the purge has the lock when this desk cannot take it at once; the
     * parent closes go[1] when the purge is over (this desk missed it:
     * 'M') */
    for (long tries = 0;; tries++) {
        int rc = sqlite3_exec(probe, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_BUSY)
            break;
        sqlite3_exec(probe, "ROLLBACK", NULL, NULL, NULL);
        struct pollfd over = {go[0], POLLIN, 0};
        if (tries % 256 == 255 && poll(&over, 1, 0) == 1) {
            b = 'M';
            _exit(write(fds[1], &b, 1) == 1 ? 0 : 2);
        }
    }
    sqlite3_close(probe);
    g_db *desk;
    g_error err = {0};
    if (db_open(path, DB_OPEN_EXISTING, &desk, &err) != G_OK)
        _exit(2);
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", "Nouvelarrivee");
    snprintf(v.first_names, sizeof v.first_names, "%s", "Pervenche");
    b = visitor_save(desk, agathe, &v, &err) == G_OK ? 'S' : 'F';
    if (b == 'F')
        fprintf(stderr, "the other desk: %s\n", err.msg);
    db_close(desk);
    _exit(write(fds[1], &b, 1) == 1 ? 0 : 2);
}

/* A first purge of an old base runs for a minute. It used to hold the
 * write lock all along, dry run included (the data-protection screen runs
 * one when it opens): every other desk's save waited five seconds, then
 * failed "base occupée". It goes in slices now, and a desk saves between
 * two. */
static void test_a_long_purge_lets_the_other_desks_save(void **state)
{
    (void)state;
    add_old_files(1500);
    /* three duplicates merged into old files of the first slice, each with
     * an old request and its comment: they go with their file, and the
     * later slices of a dry run leave them out as well */
    sql("INSERT INTO visitor (uuid, last_name, search_names, created_at, updated_at, "
        "last_visit_at, merged_into) SELECT lower(hex(randomblob(16))), 'Doublon', 'doublon', "
        "unixepoch('2021-01-01'), unixepoch('2021-01-01'), unixepoch('2021-06-01 08:00:00'), id "
        "FROM visitor WHERE last_name = 'Ancien' ORDER BY id LIMIT 3");
    sql("INSERT INTO visitor_fts (rowid, search_names) SELECT id, search_names FROM visitor "
        "WHERE last_name = 'Doublon'");
    sql("INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, started_at, "
        "ended_at, state, channel, help_type, autonomy, duration_min, outcome, comment, "
        "created_at, updated_at) SELECT lower(hex(randomblob(16))), id, 'M', '25-39', '58194', "
        "unixepoch('2021-06-01 08:00:00'), unixepoch('2021-06-01 08:00:00'), "
        "unixepoch('2021-06-01 08:20:00'), 'termine', 'accueil-spontane', 'accompagnement', "
        "'autonome', 20, 'resolu', 'Commentaire-du-doublon', 0, 0 FROM visitor WHERE last_name = "
        "'Doublon'");
    int go[2], fds[2];
    pid_t pid = other_desk(db_path(db), go, fds);
    assert_int_equal(write(go[1], "g", 1), 1);
    g_error err = {0};
    rgpd_plan dry;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 1, NULL, NULL, &dry, &err), G_OK);
    /* the desk's save is done before the purge is */
    struct pollfd pf = {fds[0], POLLIN, 0};
    int saved_during = poll(&pf, 1, 0) == 1;
    close(go[1]);
    char b = 0;
    assert_int_equal(read(fds[0], &b, 1), 1);
    int status = 0;
    waitpid(pid, &status, 0);
    close(fds[0]);
    assert_int_equal(b, 'S');
    assert_true(saved_during);
    assert_int_equal(scalar("SELECT count(*) FROM visitor WHERE last_name = 'Nouvelarrivee'"), 1);

    /* the plan is still what the real run does, slice by slice: an old
     * file's comment is counted with its file, not again with the comments */
    assert_int_equal(dry.counts.files, 1501);
    assert_int_equal(dry.counts.requests, 1505);
    assert_int_equal(dry.counts.comments, 1);
    assert_int_equal(dry.counts.appointments, 1502);
    assert_int_equal(dry.counts.notes, 2);
    assert_int_equal(dry.npeople, 1502);
    int64_t journal = scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-purge'");
    assert_int_equal(journal, 0);
    rgpd_plan real;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &real, &err), G_OK);
    assert_same_plan(&real, &dry);
    rgpd_plan_free(&dry);
    rgpd_plan_free(&real);
    assert_int_equal(scalar("SELECT count(*) FROM visitor WHERE last_name IN ('Ancien', "
                            "'Doublon')"),
                     0);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE comment <> ''"), 0);
    /* one journal entry for the whole purge, with its counts */
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-purge'"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-purge' AND detail = "
                            "'fiches=1501 demandes=1505 commentaires=1 orientations=1 "
                            "transmissions=0 rdv=1502 notes=2 journal=0'"),
                     1);
    assert_int_equal(scalar("SELECT count(*) FROM rgpd_state WHERE purge_pending = ''"), 1);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
}

typedef struct received {
    int calls;
    int64_t last_done, total;
    int64_t visitor_id;
} received;

/* At the first slice's end, a desk receives the last old file's person. */
static void receive_meanwhile(void *ctx, int64_t done, int64_t total)
{
    received *r = ctx;
    assert_true(done > r->last_done);
    assert_true(done < total);
    r->last_done = done;
    r->total = total;
    if (r->calls++ > 0)
        return;
    g_db *desk;
    g_error err = {0};
    assert_int_equal(db_open(db_path(db), DB_OPEN_EXISTING, &desk, &err), G_OK);
    long long now = (long long)clock_now(), who = (long long)r->visitor_id;
    char q[900];
    snprintf(q, sizeof q,
             "INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, "
             "started_at, ended_at, state, channel, help_type, autonomy, duration_min, outcome, "
             "comment, created_at, updated_at) VALUES (lower(hex(randomblob(16))), %lld, 'M', "
             "'25-39', '58194', %lld, %lld, %lld, 'termine', 'accueil-spontane', "
             "'accompagnement', 'autonome', 20, 'resolu', '', %lld, %lld); UPDATE visitor SET "
             "last_visit_at = %lld WHERE id = %lld",
             who, now, now, now + 1200, now, now, now, who);
    if (db_exec(desk, q, &err) != G_OK)
        fail_msg("%s", err.msg);
    db_close(desk);
}

/* A file the purge listed may get a visit before its slice comes: each
 * file is checked again in its slice, and this one stays. */
static void test_a_person_received_during_the_purge_keeps_the_file(void **state)
{
    (void)state;
    add_old_files(700);
    received r = {0};
    r.visitor_id = scalar("SELECT max(id) FROM visitor WHERE last_name = 'Ancien'");
    g_error err = {0};
    rgpd_plan p;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, receive_meanwhile, &r, &p, &err), G_OK);
    assert_true(r.calls >= 2);
    assert_int_equal(p.counts.files, 700); /* A and 699 of the old ones */
    rgpd_plan_free(&p);
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM visitor WHERE id = %lld", (long long)r.visitor_id);
    assert_int_equal(scalar(q), 1);
    assert_int_equal(scalar("SELECT count(*) FROM visitor WHERE last_name = 'Ancien'"), 1);
}

/* A purge stopped half-way (here: a table guichet does not know points at
 * a file of its last slice) keeps what its first slices did, says so, and
 * leaves their counts for the next purge's journal entry: one entry, the
 * whole work. */
static void test_a_purge_stopped_half_way_is_journaled_by_the_next(void **state)
{
    (void)state;
    add_old_files(700);
    sql("CREATE TABLE extra (id INTEGER PRIMARY KEY, visitor_id INTEGER REFERENCES visitor(id));"
        "INSERT INTO extra (visitor_id) SELECT max(id) FROM visitor WHERE last_name = 'Ancien'");
    g_error err = {0};
    rgpd_plan p;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &p, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "« extra »"));
    assert_non_null(strstr(err.msg, "La purge s'est arrêtée en route"));
    int64_t erased = 701 - scalar("SELECT count(*) FROM visitor WHERE last_name = 'Ancien' OR "
                                  "last_name = 'Zorglubovitch'");
    assert_true(erased >= 256 && erased < 701);
    char want[200];
    snprintf(want, sizeof want, "%lld fiches effacées", (long long)erased);
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-purge'"), 0);
    snprintf(want, sizeof want,
             "SELECT count(*) FROM rgpd_state WHERE purge_pending LIKE 'fiches=%lld demandes=%lld "
             "%%'",
             (long long)erased, (long long)erased + 1);
    assert_int_equal(scalar(want), 1);
    assert_int_equal(scalar("SELECT last_purge_at FROM rgpd_state"), 0);

    /* the blocker gone, the next purge finishes, and journals it all */
    sql("DELETE FROM extra");
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &p, &err), G_OK);
    assert_int_equal(p.counts.files, 701 - erased); /* this run's own work */
    rgpd_plan_free(&p);
    assert_int_equal(scalar("SELECT count(*) FROM visitor WHERE last_name = 'Ancien'"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-purge' AND detail "
                            "LIKE 'fiches=701 demandes=702 %'"),
                     1);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-purge'"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM rgpd_state WHERE purge_pending = '' AND "
                            "last_purge_at > 0"),
                     1);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
}

/* An old orientation still open, of a person who still comes: closing it
 * dated it today, and the detaching that followed (older than the cut-off
 * only) let it be. It stayed on the person with its reason, uncounted. */
/* The same for the files handed to a referent: an old one still waiting
 * (open, or answered but never closed) is closed as expired, then detached
 * from the person still coming, its subject and answer emptied. Closing it
 * first dated it today: the detaching that followed ("older than the
 * cut-off") skipped it, and it stayed on the person, subject included. */
static void test_an_old_open_escalation_of_a_person_still_coming_is_detached(void **state)
{
    (void)state;
    sql("INSERT INTO referent (uuid, operator, name, role, valid_from, created_at, updated_at) "
        "VALUES ('ref-old', 'caf', 'Claire Dubois', 'Référente CAF', '2020-01-01', 0, 0)");
    int64_t ref = sqlite3_last_insert_rowid(db_sql(db));
    sql("INSERT INTO escalation (uuid, visitor_id, referent_id, subject, status, answer, "
        "followup_on, created_at, updated_at) VALUES "
        "('esc-old-1', %lld, %lld, 'Sujet-de-B-ouvert', 'ouverte', '', '2023-06-15', "
        "unixepoch('2023-06-01'), unixepoch('2023-06-01')), "
        "('esc-old-2', %lld, %lld, 'Sujet-de-B-repondu', 'repondue', 'Reponse-de-B', "
        "'2023-07-15', unixepoch('2023-07-01'), unixepoch('2023-07-01'))",
        (long long)B, (long long)ref, (long long)B, (long long)ref);
    g_error err = {0};
    rgpd_plan dry, real;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 1, NULL, NULL, &dry, &err), G_OK);
    assert_int_equal(dry.counts.escalations, 2);
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &real, &err), G_OK);
    assert_same_plan(&real, &dry);
    char pb[33];
    pseudonym_of(B, pb);
    assert_true(person(&real, pb)->kinds & RGPD_KIND_ORIENTATION);
    rgpd_plan_free(&dry);
    rgpd_plan_free(&real);
    char q[400];
    snprintf(q, sizeof q, "SELECT count(*) FROM escalation WHERE visitor_id = %lld", (long long)B);
    assert_int_equal(scalar(q), 0);
    assert_int_equal(scalar("SELECT count(*) FROM escalation WHERE subject LIKE 'Sujet-de-B%' OR "
                            "answer LIKE 'Reponse-de-B%'"),
                     0);
    assert_int_equal(scalar("SELECT count(*) FROM escalation WHERE uuid LIKE 'esc-old-%' AND "
                            "visitor_id IS NULL AND status = 'expiree'"),
                     2);
    snprintf(q, sizeof q,
             "SELECT count(*) FROM escalation_history h JOIN escalation e ON e.id = "
             "h.escalation_id WHERE e.uuid LIKE 'esc-old-%%' AND h.to_status = 'expiree' AND "
             "h.detail = 'rgpd' AND h.user_id = %lld AND h.at = %lld",
             (long long)sophie, (long long)clock_now());
    assert_int_equal(scalar(q), 2);
}

static void test_an_old_open_orientation_of_a_person_still_coming_is_detached(void **state)
{
    (void)state;
    add_orientation(B, "2023-06-01 09:00:00", "Motif-de-B-ancien");
    g_error err = {0};
    rgpd_plan dry, real;
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 1, NULL, NULL, &dry, &err), G_OK);
    assert_int_equal(dry.counts.orientations, 2); /* A's with the file, B's */
    assert_int_equal(rgpd_purge(db, &cfg, sophie, 0, NULL, NULL, &real, &err), G_OK);
    assert_same_plan(&real, &dry);
    char pb[33];
    pseudonym_of(B, pb);
    assert_true(person(&real, pb)->kinds & RGPD_KIND_ORIENTATION);
    rgpd_plan_free(&dry);
    rgpd_plan_free(&real);
    assert_int_equal(scalar("SELECT count(*) FROM orientation WHERE reason LIKE 'Motif-de-B%'"), 0);
    char q[200];
    snprintf(q, sizeof q, "SELECT count(*) FROM orientation WHERE visitor_id = %lld", (long long)B);
    assert_int_equal(scalar(q), 0);
    assert_int_equal(scalar("SELECT count(*) FROM orientation o JOIN rgpd_state r ON o.visitor_id "
                            "= r.anon_visitor_id WHERE o.status = 'expiree' AND o.reason = ''"),
                     2);
}

static void test_funders_files_stay_right_after_the_purge(void **state)
{
    (void)state;
    static const char *const days[] = {"2023-09-01", "2023-09-15", "2023-10-02"};
    static const char *const kinds[] = {"activite", "orientations", "rendez-vous", "synthese"};
    g_error err = {0};
    export_opts before = {.outdir = tu_path("avant")}, after = {.outdir = tu_path("apres")};
    for (size_t d = 0; d < 3; d++)
        assert_int_equal(export_day(db, &cfg, days[d], &before, NULL, &err), G_OK);
    rgpd_plan p;
    assert_int_equal(rgpd_purge(db, &cfg, 0, 0, NULL, NULL, &p, &err), G_OK);
    assert_int_equal(p.counts.files, 1);
    rgpd_plan_free(&p);
    for (size_t d = 0; d < 3; d++)
        assert_int_equal(export_day(db, &cfg, days[d], &after, NULL, &err), G_OK);
    for (size_t d = 0; d < 3; d++)
        for (size_t k = 0; k < 4; k++) {
            char name[96];
            export_file_name(kinds[k], "FS-TEST-0001", days[d], name, sizeof name);
            int act = k == 0; /* activite: its last column is the pseudonym */
            char *x = read_csv(before.outdir, name, act), *y = read_csv(after.outdir, name, act);
            assert_string_equal(x, y); /* every row and every count the same */
            free(x);
            free(y);
        }
    /* the activity of 2 October: A's request now carries no pseudonym but
     * keeps its age band */
    char name[96];
    export_file_name("activite", "FS-TEST-0001", "2023-10-02", name, sizeof name);
    char pa[33], want[64];
    (void)pa;
    char *x = read_csv(after.outdir, name, 0);
    assert_non_null(strstr(x, ";60-69;F;58194;\r\n"));
    free(x);
    x = read_csv(before.outdir, name, 0);
    assert_null(strstr(x, ";60-69;F;58194;\r\n"));
    snprintf(want, sizeof want, ";60-69;F;58194;");
    assert_non_null(strstr(x, want)); /* with its pseudonym, before */
    free(x);
}

/* ---- erasure ---------------------------------------------------------------- */

static void test_erasure_refused_while_an_appointment_is_to_come_then_forced(void **state)
{
    (void)state;
    add_orientation(D, "2026-03-25 09:00:00", "Motif-de-D");
    add_note(D, "2026-03-26 09:00:00", "MARQUEUR-NOTE-D");
    g_error err = {0};
    int64_t journal = scalar("SELECT count(*) FROM audit");
    rgpd_erase_result res;
    assert_int_equal(rgpd_erase(db, sophie, D, 0, &res, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "1 rendez-vous à venir (le 10/04/2026 09:00)"));
    /* named for the screen and the command to offer the forced erasure */
    assert_string_equal(err.field, "appointments");
    assert_non_null(strstr(err.msg, "effacement forcé"));
    char q[160];
    snprintf(q, sizeof q, "SELECT count(*) FROM visitor WHERE id = %lld", (long long)D);
    assert_int_equal(scalar(q), 1);
    assert_int_equal(scalar("SELECT count(*) FROM audit"), journal);

    assert_int_equal(rgpd_erase(db, sophie, D, 1, &res, &err), G_OK);
    assert_int_equal(res.counts.files, 1);
    assert_int_equal(res.counts.requests, 1);
    assert_int_equal(res.counts.appointments, 1);
    assert_int_equal(res.counts.cancelled, 1);
    assert_int_equal(res.counts.orientations, 1);
    assert_int_equal(res.counts.notes, 1);
    assert_int_equal(scalar(q), 0);
    assert_int_equal(scalar("SELECT count(*) FROM appointment WHERE start_at = "
                            "unixepoch('2026-04-10 07:00:00') AND status = 'excuse' AND "
                            "visitor_id IS NULL"),
                     1);
    assert_int_not_equal(tu_sh("grep -q MARQUEUR-NOTE-D '%s'*", db_path(db)), 0);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT action, object, detail, user_id FROM audit "
                                        "ORDER BY id DESC LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(st, 0), "rgpd-erase");
    char object[64];
    snprintf(object, sizeof object, "visitor:%s", res.uuid);
    assert_string_equal(sqlite3_column_text(st, 1), object);
    assert_string_equal(sqlite3_column_text(st, 2),
                        "demandes=1 rdv=1 rdv_annules=1 orientations=1 transmissions=0 notes=1");
    assert_int_equal(sqlite3_column_int64(st, 3), sophie);
    sqlite3_finalize(st);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    /* the person is unknown now, under both names */
    int64_t id;
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)D);
    assert_int_equal(rgpd_find_visitor(db, num, &id, NULL, &err), G_ERR_NOTFOUND);
    assert_int_equal(rgpd_find_visitor(db, res.uuid, &id, NULL, &err), G_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "Aucun usager"));
    char report[512];
    assert_int_equal(db_check(db, report, sizeof report, &err), G_OK);
}

static void test_merged_files_go_with_the_file_and_lead_to_it(void **state)
{
    (void)state;
    int64_t dup = new_visitor("Nouvelle", "Camille", "");
    g_error err = {0};
    assert_int_equal(visitor_merge(db, sophie, C, dup, &err), G_OK);
    char uuid[37];
    visitor v;
    assert_int_equal(visitor_get(db, dup, &v, &err), G_OK);
    snprintf(uuid, sizeof uuid, "%s", v.uuid);
    for (char *p = uuid; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A'); /* typed in capitals */
    int64_t id = 0, from = 0;
    assert_int_equal(rgpd_find_visitor(db, uuid, &id, &from, &err), G_OK);
    assert_int_equal(id, C);
    assert_int_equal(from, dup);
    assert_int_equal(rgpd_erase(db, 0, C, 0, NULL, &err), G_OK);
    char q[160];
    snprintf(q, sizeof q, "SELECT count(*) FROM visitor WHERE id IN (%lld, %lld)", (long long)C,
             (long long)dup);
    assert_int_equal(scalar(q), 0);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
    /* neither a name nor a bad number */
    assert_int_equal(rgpd_find_visitor(db, "Dupont", &id, NULL, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "guichet rgpd cherche"));
    assert_int_equal(rgpd_find_visitor(db, "999999", &id, NULL, &err), G_ERR_NOTFOUND);
}

static void test_a_table_guichet_does_not_know_stops_the_erasure(void **state)
{
    (void)state;
    sql("CREATE TABLE extra (id INTEGER PRIMARY KEY, visitor_id INTEGER REFERENCES visitor(id));"
        "INSERT INTO extra (visitor_id) VALUES (%lld)",
        (long long)B);
    g_error err = {0};
    assert_int_equal(rgpd_erase(db, 0, B, 1, NULL, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "« extra »"));
    assert_non_null(strstr(err.msg, "rien n'a été effacé"));
    char q[160];
    snprintf(q, sizeof q, "SELECT count(*) FROM visit WHERE visitor_id = %lld", (long long)B);
    assert_int_equal(scalar(q), 2);
    assert_int_equal(scalar("SELECT count(*) FROM note"), 3);
}

static void test_only_a_manager(void **state)
{
    (void)state;
    g_error err = {0};
    rgpd_plan p;
    char *text = NULL;
    assert_int_equal(rgpd_purge(db, &cfg, agathe, 1, NULL, NULL, &p, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "Seul un responsable"));
    assert_int_equal(rgpd_purge(db, &cfg, retired, 1, NULL, NULL, &p, &err), G_ERR_DENIED);
    assert_int_equal(rgpd_erase(db, agathe, B, 1, NULL, &err), G_ERR_DENIED);
    assert_int_equal(rgpd_access_render(db, &cfg, agathe, B, &text, &err), G_ERR_DENIED);
    assert_null(text);
    assert_int_equal(rgpd_check_manager(db, agathe, &err), G_ERR_DENIED);
    assert_int_equal(rgpd_check_manager(db, 0, &err), G_OK);
    assert_int_equal(rgpd_check_manager(db, sophie, &err), G_OK);
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM visitor WHERE id = %lld", (long long)B);
    assert_int_equal(scalar(q), 1);
}

/* ---- subject access ------------------------------------------------------------ */

/* The document lists the journal's entries about the person. It read the
 * whole journal to find them (0.3 to 0.7 s on ten years never purged):
 * 20,000 entries about other people now cost it next to nothing. */
static void test_access_reads_the_persons_entries_not_the_whole_journal(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(rgpd_file_opened(db, agathe, B, &err), G_OK);
    char *doc = NULL;
    assert_int_equal(rgpd_access_render(db, &cfg, sophie, B, &doc, &err), G_OK);
    free(doc);
    tu_pages_fetched(db);
    assert_int_equal(rgpd_access_render(db, &cfg, sophie, B, &doc, &err), G_OK);
    int before = tu_pages_fetched(db);
    assert_non_null(strstr(doc, "Fiche visiteur consultée"));
    free(doc);
    assert_int_equal(db_begin(db, &err), G_OK);
    for (int i = 0; i < 20000; i++) {
        char object[64];
        snprintf(object, sizeof object, "appointment:%032x", i);
        assert_int_equal(audit_log(db, agathe, "appointment-book", object, "", &err), G_OK);
    }
    assert_int_equal(db_commit(db, &err), G_OK);
    tu_pages_fetched(db);
    assert_int_equal(rgpd_access_render(db, &cfg, sophie, B, &doc, &err), G_OK);
    int after = tu_pages_fetched(db);
    assert_non_null(strstr(doc, "Fiche visiteur consultée"));
    free(doc);
    print_message("pages: %d before, %d after 20,000 other entries\n", before, after);
    assert_true(after - before < 20);
}

static void test_access_document(void **state)
{
    (void)state;
    g_error err = {0};
    sql("INSERT INTO referent (uuid, operator, name, role, valid_from, created_at, updated_at) "
        "VALUES ('ref1', 'caf', 'Claire Dubois', 'Référente CAF', '2025-01-01', 0, 0);"
        "INSERT INTO escalation (uuid, visitor_id, referent_id, subject, status, followup_on, "
        "created_at, updated_at) VALUES ('esc1', %lld, 1, 'Prime suspendue', 'ouverte', "
        "'2026-04-09', unixepoch('2026-03-20'), unixepoch('2026-03-20'))",
        (long long)B);
    add_orientation(B, "2026-03-21 09:00:00", "Trouver une formation");
    assert_int_equal(rgpd_file_opened(db, agathe, B, &err), G_OK);
    assert_int_equal(rgpd_file_opened(db, 0, B, &err), G_ERR_DENIED);
    /* an entry written later with an earlier date (a PC's clock put right):
     * the document lists in date order */
    tu_clock("2026-03-02T09:00:00Z");
    assert_int_equal(rgpd_file_opened(db, sophie, B, &err), G_OK);
    tu_clock("2026-03-30T08:00:00Z");
    const char *path = tu_path("acces-B.txt");
    assert_int_equal(rgpd_access_write(db, &cfg, sophie, B, path, &err), G_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    FILE *f = fopen(path, "r");
    static char doc[65536];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = 0;
    static const char *const want[] = {
        "DROIT D'ACCÈS À VOS DONNÉES PERSONNELLES",
        "Site de test (FS-TEST-0001)",
        "Nom d'usage : Quetzalcoatlos",
        "Prénoms : Brunehilde",
        "Date de naissance : 02/01/1990",
        "Téléphone : 06 39 98 00",
        "2. Vos demandes (2)",
        "Commentaire : « Commentaire-de-B »",
        "3. Vos orientations vers un partenaire (1)",
        "vers « Mission locale » : Ouverte",
        "Motif : « Trouver une formation »",
        "4. Vos rendez-vous (1)",
        "Dossier CAF (Permanence CAF)",
        "5. Vos dossiers transmis au référent d'un partenaire (1)",
        "Claire Dubois (Référente CAF) (CAF) : « Prime suspendue »",
        "ont écrit 2 notes confidentielles",
        "la loi permet au",
        "8. Qui a consulté ou modifié votre dossier",
        "Agathe Martin (Accueil) : Fiche visiteur consultée",
        "Fiche visiteur créée",
        "effacés 24 mois après votre dernier contact",
        "saisir la CNIL",
    };
    /* the phrases, whatever the line breaks */
    static char flat[65536];
    size_t k = 0;
    for (const char *p = doc; *p; p++) {
        if (*p == '\n') {
            while (p[1] == ' ')
                p++;
            flat[k++] = ' ';
        } else {
            flat[k++] = *p;
        }
    }
    flat[k] = 0;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(flat, want[i])) {
            fprintf(stderr, "%s", doc);
            fail_msg("« %s » missing from the document", want[i]);
        }
    assert_null(strstr(doc, "MARQUEUR-NOTE")); /* never the notes' content */
    const char *early = strstr(flat, "02/03/2026"), *read = strstr(flat, "Agathe Martin (Accueil)");
    assert_non_null(early);
    assert_non_null(read);
    assert_true(early < read);
    for (char *line = doc, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = 0;
        if (utf8_width(line) > 80)
            fail_msg("line wider than 80 columns: %s", line);
        *nl = '\n';
    }
    /* journaled, and no temporary file left beside it */
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-access'"), 1);
    DIR *dir = opendir(tu_tmpdir());
    struct dirent *e;
    while ((e = readdir(dir)))
        if (strstr(e->d_name, "acces-B.txt.tmp"))
            fail_msg("leftover %s", e->d_name);
    closedir(dir);
    /* a folder that does not exist: an error, no document, no journal entry */
    assert_int_equal(rgpd_access_write(db, &cfg, sophie, B, tu_path("nulle-part/acces.txt"), &err),
                     G_ERR_IO);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'rgpd-access'"), 1);
}

static void test_cutoff_days(void **state)
{
    (void)state;
    char d[11];
    tu_clock("2026-03-31T10:00:00Z");
    rgpd_cutoff_day(1, d);
    assert_string_equal(d, "2026-02-28"); /* no 31 February */
    rgpd_cutoff_day(24, d);
    assert_string_equal(d, "2024-03-31");
    tu_clock("2024-02-29T10:00:00Z");
    rgpd_cutoff_day(12, d);
    assert_string_equal(d, "2023-02-28");
    rgpd_cutoff_day(14, d);
    assert_string_equal(d, "2022-12-29");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dry_run_shows_exactly_what_the_purge_then_does, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_long_purge_lets_the_other_desks_save, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_person_received_during_the_purge_keeps_the_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_purge_stopped_half_way_is_journaled_by_the_next,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_old_open_orientation_of_a_person_still_coming_is_detached, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_old_open_escalation_of_a_person_still_coming_is_detached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_funders_files_stay_right_after_the_purge, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_erasure_refused_while_an_appointment_is_to_come_then_forced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merged_files_go_with_the_file_and_lead_to_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_table_guichet_does_not_know_stops_the_erasure, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_only_a_manager, setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_reads_the_persons_entries_not_the_whole_journal,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_cutoff_days, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
