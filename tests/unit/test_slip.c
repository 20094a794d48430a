/* test_slip.c — the orientation slip: content, 80 columns, file, printer. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/orientation.h"
#include "guichet/referent.h"
#include "guichet/slip.h"
#include "guichet/utf8.h"
#include "testutil.h"

typedef struct fixture {
    g_db *db;
    g_config cfg;
    int64_t orientation;
} fixture;

static int64_t add_visitor(g_db *db, const char *last, const char *first)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO visitor (uuid, last_name, first_names, created_at, updated_at) VALUES "
             "(lower(hex(randomblob(16))), '%s', '%s', 0, 0)",
             last, first);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    tu_clock("2026-03-30T08:00:00Z");
    f->db = tu_db_new();
    tu_config(&f->cfg);
    int64_t visitor = add_visitor(f->db, "王", "芳");
    add_visitor(f->db, "Confidentiel", "Autrevisiteur");
    g_service s;
    memset(&s, 0, sizeof s);
    snprintf(s.source, sizeof s.source, "local");
    snprintf(s.source_id, sizeof s.source_id, "ccas");
    snprintf(s.name, sizeof s.name, "Centre communal d'action sociale (CCAS) de Saint-Amand");
    snprintf(s.structure, sizeof s.structure, "Ville de Saint-Amand-en-Puisaye");
    snprintf(s.address, sizeof s.address, "1 place de l'Hôtel de ville");
    snprintf(s.postal_code, sizeof s.postal_code, "58310");
    snprintf(s.commune, sizeof s.commune, "Saint-Amand-en-Puisaye");
    snprintf(s.phone, sizeof s.phone, "03 86 39 63 72");
    snprintf(s.email, sizeof s.email, "ccas@saint-amand.example");
    snprintf(s.web, sizeof s.web,
             "https://www.saint-amand.example/solidarite/action-sociale/"
             "centre-communal-d-action-sociale-ccas-aides-facultatives-et-domiciliation");
    snprintf(s.hours, sizeof s.hours, "Mo-Fr 08:30-12:00,13:30-17:00; PH off");
    snprintf(s.to_bring, sizeof s.to_bring,
             "Pièce d'identité, justificatif de domicile de moins de trois mois, dernier avis "
             "d'imposition, relevés de ressources des trois derniers mois (salaires, "
             "allocations, pensions), RIB.");
    g_error err = {0};
    assert_int_equal(directory_save(f->db, 0, &s, &err), G_OK);
    orientation_new in = {.visitor_id = visitor,
                          .service_id = s.id,
                          .theme = "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
                          .reason = "Demande d'aide pour une facture d'énergie impayée."};
    assert_int_equal(orientation_create(f->db, &f->cfg, 1, &in, &f->orientation, &err), G_OK);
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

static char *render(fixture *f)
{
    char *text = NULL;
    g_error err = {0};
    if (slip_render(f->db, &f->cfg, f->orientation, &text, &err) != G_OK)
        fail_msg("%s", err.msg);
    return text;
}

static void test_content(void **state)
{
    fixture *f = *state;
    char *text = render(f);
    assert_non_null(strstr(text, "Site de test"));
    assert_non_null(strstr(text, "30/03/2026"));
    assert_non_null(strstr(text, "王 芳")); /* NOM Prénom, as on every screen */
    assert_non_null(strstr(text, "Centre communal d'action sociale"));
    assert_non_null(strstr(text, "1 place de l'Hôtel de ville, 58310 Saint-Amand-en-Puisaye"));
    assert_non_null(strstr(text, "Téléphone : 03 86 39 63 72"));
    assert_non_null(strstr(text, "ccas@saint-amand.example"));
    assert_non_null(strstr(text, "du lundi au vendredi : 08:30–12:00, 13:30–17:00"));
    assert_non_null(strstr(text, "fermé les jours fériés"));
    assert_non_null(strstr(text, "justificatif de domicile"));
    assert_non_null(strstr(text, "facture d'énergie impayée"));
    assert_non_null(strstr(text, "Améliorer sa gestion budgétaire"));
    /* nobody else */
    assert_null(strstr(text, "Autrevisiteur"));
    assert_null(strstr(text, "Confidentiel"));
    free(text);
}

/* Issue 13 defect 9: the slip carried the site's name only. */
static void test_letterhead_and_ascii(void **state)
{
    fixture *f = *state;
    snprintf(f->cfg.site.address, sizeof f->cfg.site.address, "%s",
             "Place de l'Église, 58310 Saint-Amand-en-Puisaye");
    snprintf(f->cfg.site.phone, sizeof f->cfg.site.phone, "%s", "+33386396300");
    snprintf(f->cfg.site.hours, sizeof f->cfg.site.hours, "%s",
             "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off");
    char *text = render(f);
    const char *name = strstr(text, "Site de test\n");
    assert_non_null(name);
    const char *address = strstr(text, "\nPlace de l'Église, 58310 Saint-Amand-en-Puisaye\n");
    const char *phone = strstr(text, "\nTél. 03 86 39 63 00\n");
    const char *hours = strstr(text, "\nHoraires : du lundi au vendredi : 08:30–12:00, "
                                     "13:30–17:00 ; samedi :\n  09:00–12:00 ; fermé les jours "
                                     "fériés\n");
    const char *title = strstr(text, "Fiche d'orientation du 30/03/2026");
    assert_non_null(address);
    assert_non_null(phone);
    assert_non_null(hours);
    assert_non_null(title);
    assert_true(name < address && address < phone && phone < hours && hours < title);
    free(text);

    /* [print] ascii: the same page, every byte ASCII */
    f->cfg.print.ascii = 1;
    text = render(f);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        assert_true(*p < 0x80);
    assert_non_null(strstr(text, "\nPlace de l'Eglise, 58310 Saint-Amand-en-Puisaye\n"));
    assert_non_null(strstr(text, "\nTel. 03 86 39 63 00\n"));
    assert_non_null(strstr(text, "du lundi au vendredi : 08:30-12:00, 13:30-17:00"));
    assert_non_null(strstr(text, "Pour : ? ?\n")); /* 王 芳 */
    free(text);
}

/* The agent's copy: the service's referents in post that day, with their
 * channel and days; never on the visitor's copy. */
static void test_agent_copy(void **state)
{
    fixture *f = *state;
    char *text = NULL;
    g_error err = {0};
    assert_int_equal(slip_render_agent(f->db, &f->cfg, f->orientation, &text, &err), G_OK);
    assert_non_null(strstr(text, "Exemplaire de l'agent"));
    assert_non_null(strstr(text, "ne pas remettre"));
    assert_non_null(strstr(text, "aucun référent en poste"));
    free(text);

    int64_t service = 0;
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(f->db), "SELECT service_id FROM orientation", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    service = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    referent r;
    referent_init(&r);
    r.service_id = service;
    snprintf(r.name, sizeof r.name, "Odile Marchand");
    snprintf(r.role, sizeof r.role, "Référente des aides facultatives");
    snprintf(r.phone, sizeof r.phone, "01 99 00 30 40");
    snprintf(r.email, sizeof r.email, "aides@ccas.example");
    snprintf(r.channel, sizeof r.channel, "ligne directe des partenaires");
    snprintf(r.days, sizeof r.days, "Mo,Th 09:00-12:00");
    snprintf(r.valid_from, sizeof r.valid_from, "2025-01-01");
    assert_int_equal(referent_add(f->db, 0, &r, &err), G_OK);
    /* one who left last year is not shown */
    referent old;
    referent_init(&old);
    old.service_id = service;
    snprintf(old.name, sizeof old.name, "Ancien Référent");
    snprintf(old.valid_from, sizeof old.valid_from, "2023-01-01");
    snprintf(old.valid_to, sizeof old.valid_to, "2024-12-31");
    assert_int_equal(referent_add(f->db, 0, &old, &err), G_OK);

    assert_int_equal(slip_render_agent(f->db, &f->cfg, f->orientation, &text, &err), G_OK);
    assert_non_null(strstr(text, "Odile Marchand — Référente des aides facultatives"));
    assert_non_null(strstr(text, "01 99 00 30 40"));
    assert_non_null(strstr(text, "ligne directe des partenaires"));
    assert_non_null(strstr(text, "Répond : lundi : 09:00–12:00 ; jeudi : 09:00–12:00"));
    assert_non_null(strstr(text, "En ce moment : ouvert jusqu'à 12:00")); /* Monday 10:00 */
    assert_non_null(strstr(text, "王 芳"));
    assert_non_null(strstr(text, "facture d'énergie impayée"));
    assert_null(strstr(text, "Ancien Référent"));
    assert_null(strstr(text, "aucun référent en poste"));
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (utf8_width(line) > SLIP_WIDTH)
            fail_msg("ligne de %d colonnes : %s", utf8_width(line), line);
    free(text);
    /* the visitor's copy never names the back office */
    text = render(f);
    assert_null(strstr(text, "Odile Marchand"));
    assert_null(strstr(text, "ligne directe"));
    free(text);
    /* a failing read is an error, not « no referent » */
    tu_fail_sql(f->db, "FROM referent");
    assert_int_not_equal(slip_render_agent(f->db, &f->cfg, f->orientation, &text, &err), G_OK);
    tu_fail_sql(f->db, NULL);
    assert_null(text);
}

static void test_never_wider_than_80_columns(void **state)
{
    fixture *f = *state;
    char *text = render(f);
    int lines = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        lines++;
        if (utf8_width(line) > SLIP_WIDTH)
            fail_msg("ligne de %d colonnes : %s", utf8_width(line), line);
    }
    assert_true(lines > 15);
    free(text);

    /* an unbreakable web address is cut, not overflowing */
    assert_int_equal(db_exec(f->db,
                             "UPDATE service SET web = 'https://example.org/"
                             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                             "'",
                             NULL),
                     G_OK);
    text = render(f);
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        assert_true(utf8_width(line) <= SLIP_WIDTH);
    free(text);
}

static void test_save_is_private_and_whole(void **state)
{
    fixture *f = *state;
    char *text = render(f);
    g_error err = {0};
    const char *path = tu_path("fiche.txt");
    assert_int_equal(slip_save(text, path, &err), G_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal((size_t)st.st_size, strlen(text));
    /* saving again replaces it; no temporary file is left behind */
    assert_int_equal(slip_save("autre\n", path, &err), G_OK);
    assert_int_equal(tu_sh("test \"$(cat '%s')\" = autre", path), 0);
    assert_int_equal(tu_sh("ls -A '%s' | grep -q 'tmp-'", tu_tmpdir()), 1);
    assert_int_equal(slip_save(text, tu_path("pas-de-dossier/fiche.txt"), &err), G_ERR_IO);
    assert_non_null(strstr(err.msg, "pas-de-dossier"));
    free(text);
}

static void test_print(void **state)
{
    fixture *f = *state;
    char *text = render(f);
    g_error err = {0};
    /* no printer set */
    f->cfg.print.command[0] = 0;
    assert_int_equal(slip_print(&f->cfg, text, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "[print] command"));
    /* the slip arrives on the command's stdin */
    snprintf(f->cfg.print.command, sizeof f->cfg.print.command, "cat > '%s'",
             tu_path("printed.txt"));
    assert_int_equal(slip_print(&f->cfg, text, &err), G_OK);
    assert_int_equal(slip_save(text, tu_path("expected.txt"), &err), G_OK);
    assert_int_equal(tu_sh("cmp -s '%s' '%s'", tu_path("printed.txt"), tu_path("expected.txt")), 0);
    /* a command that is not there */
    snprintf(f->cfg.print.command, sizeof f->cfg.print.command, "lp-qui-n-existe-pas -d accueil");
    assert_int_equal(slip_print(&f->cfg, text, &err), G_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "introuvable"));
    /* a command that fails says why */
    snprintf(f->cfg.print.command, sizeof f->cfg.print.command,
             "cat > /dev/null; echo 'lp: imprimante accueil absente' >&2; exit 1");
    assert_int_equal(slip_print(&f->cfg, text, &err), G_ERR_IO);
    assert_non_null(strstr(err.msg, "imprimante accueil absente"));
    assert_non_null(strstr(err.msg, "Vérifiez l'imprimante."));
    /* what it says on several lines is joined into one, words whole */
    snprintf(f->cfg.print.command, sizeof f->cfg.print.command,
             "cat > /dev/null; printf 'lp: erreur\\n\\tSyntax error: guillemet\\n' >&2; exit 1");
    assert_int_equal(slip_print(&f->cfg, text, &err), G_ERR_IO);
    assert_non_null(strstr(err.msg, "(« lp: erreur Syntax error: guillemet »)"));
    assert_null(strchr(err.msg, '\n'));
    /* a badly quoted command line (the shell answers 2): check the setting */
    snprintf(f->cfg.print.command, sizeof f->cfg.print.command, "lp -d \"accueil");
    assert_int_equal(slip_print(&f->cfg, text, &err), G_ERR_IO);
    assert_non_null(strstr(err.msg, "code 2"));
    assert_non_null(strstr(err.msg, "Vérifiez le réglage [print] command et l'imprimante."));
    assert_null(strchr(err.msg, '\n'));
    assert_null(strstr(err.msg, "» / «"));
    free(text);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    clock_set_zone("Europe/Paris");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_letterhead_and_ascii, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agent_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_never_wider_than_80_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_is_private_and_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_print, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
