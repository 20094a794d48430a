/* test_printout.c — pages saved and sent to the printer command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guichet/printout.h"
#include "testutil.h"

static void test_a_talkative_command_never_blocks(void **state)
{
    (void)state;
    /* 200 kB each way, more than a pipe holds: the command writes all it
     * has to say before it reads the page */
    size_t len = 200000;
    char *page = malloc(len + 1);
    assert_non_null(page);
    memset(page, 'p', len);
    page[len] = 0;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "head -c 200000 /dev/zero | tr '\\\\0' x; cat > '%s'",
             tu_path("printed.txt"));
    g_error err = {0};
    assert_int_equal(printout_print(cmd, page, &err), G_OK);
    struct stat st;
    assert_int_equal(stat(tu_path("printed.txt"), &st), 0);
    assert_int_equal((size_t)st.st_size, len);
    free(page);
}

static void test_a_failing_command_says_why_on_one_line(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(
        printout_print("cat >/dev/null; printf 'lp: imprimante\\nabsente\\n' >&2; exit 1", "page\n",
                       &err),
        G_ERR_IO);
    assert_non_null(strstr(err.msg, "imprimante absente"));
    assert_null(strchr(err.msg, '\n'));
    /* a command that stops reading at once: guichet survives (no SIGPIPE).
     * Whether the page went into the pipe before the command was gone is a
     * race: either it did (done), or the refusal says the page was not read */
    g_status s = printout_print("exit 0", "page\n", &err);
    if (s != G_OK) {
        assert_int_equal(s, G_ERR_IO);
        assert_non_null(strstr(err.msg, "n'a pas lu toute la page"));
    }
}

/* Issue 13 defect 9: one transliteration for old printers ([print] ascii). */
static void test_ascii_for_old_printers(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"Élodie Lefèvre, né à Besançon", "Elodie Lefevre, ne a Besancon"},
        {"Œuvre cœur Ærø straße", "OEuvre coeur AEro strasse"},
        {"« Bonjour » “ici” l’accueil", "\" Bonjour \" \"ici\" l'accueil"},
        {"08:30–12:00 — fermé… 10 €", "08:30-12:00 - ferme... 10 EUR"},
        {"┌──┬─┐\n│a │b│\n╞══╪═╡\n└──┴─┘", "+--+-+\n|a |b|\n+==+=+\n+--+-+"},
        {"Ngũgĩ Łukasz Nguyễn ĐẶNG", "Ngugi Lukasz Nguyen DANG"},
        {"王芳 · Tél.", "?? - Tel."},
        {"n° 12\u00a0: ok", "no 12 : ok"},
        {"bad \xff byte", "bad ? byte"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *a = printout_ascii(cases[i].in);
        assert_non_null(a);
        assert_string_equal(a, cases[i].out);
        for (const unsigned char *p = (const unsigned char *)a; *p; p++)
            assert_true(*p < 0x80);
        free(a);
    }
    /* printout_finish: only with [print] ascii */
    g_config cfg;
    config_defaults(&cfg);
    char *page = strdup("Fiche d'orientation — Élodie\n");
    g_error err = {0};
    assert_int_equal(printout_finish(&cfg, &page, &err), G_OK);
    assert_string_equal(page, "Fiche d'orientation — Élodie\n");
    cfg.print.ascii = 1;
    assert_int_equal(printout_finish(&cfg, &page, &err), G_OK);
    assert_string_equal(page, "Fiche d'orientation - Elodie\n");
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_talkative_command_never_blocks),
        cmocka_unit_test(test_a_failing_command_says_why_on_one_line),
        cmocka_unit_test(test_ascii_for_old_printers),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
