/* test_csvout.c — the CSV writer: quoting, formula neutralisation, typed
 * columns, BOM and line endings, atomic replacement, permissions, hashing. */
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guichet/csvout.h"
#include "testutil.h"

static const csvout_format fr = {';', 1, 1};
static const csvout_format plain = {',', 0, 0};

/* The whole file as a malloc'd NUL-terminated string (*len its size). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

/* Number of entries in dir other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static const char *fresh_dir(const char *name)
{
    const char *d = tu_path(name);
    assert_int_equal(tu_sh("rm -rf '%s' && mkdir -p '%s'", d, d), 0);
    return d;
}

static void write_file(const char *dir, const char *name, const csvout_format *fmt,
                       void (*rows)(csvout *), csvout_info *info)
{
    csvout *w = NULL;
    g_error err = {0};
    assert_int_equal(csvout_open(dir, name, fmt, &w, &err), G_OK);
    rows(w);
    assert_int_equal(csvout_commit(w, info, &err), G_OK);
}

static void rows_quoting(csvout *w)
{
    static const char *const head[] = {"texte", "nombre"};
    csvout_header(w, head, 2);
    csvout_text(w, "Maison France Services; Clamecy");
    csvout_int(w, 3);
    csvout_end_row(w);
    csvout_text(w, "dit \"bonjour\"");
    csvout_int(w, 0);
    csvout_end_row(w);
    csvout_text(w, "deux\nlignes");
    csvout_empty(w);
    csvout_end_row(w);
    csvout_text(w, "Élodie, Ngũgĩ");
    csvout_text(w, NULL);
    csvout_end_row(w);
}

static void test_quoting_bom_crlf(void **state)
{
    (void)state;
    const char *d = fresh_dir("q");
    csvout_info info;
    write_file(d, "a.csv", &fr, rows_quoting, &info);
    size_t len;
    char *got = slurp(tu_path("q/a.csv"), &len);
    const char *want = "\xEF\xBB\xBF"
                       "texte;nombre\r\n"
                       "\"Maison France Services; Clamecy\";3\r\n"
                       "\"dit \"\"bonjour\"\"\";0\r\n"
                       "deux\xEF\xBF\xBDlignes;\r\n" /* a control character: U+FFFD */
                       "Élodie, Ngũgĩ;\r\n";
    assert_string_equal(got, want);
    assert_int_equal(info.rows, 4);
    assert_int_equal(info.bytes, (int64_t)len);
    free(got);
}

static void test_no_bom_lf_comma(void **state)
{
    (void)state;
    const char *d = fresh_dir("p");
    write_file(d, "a.csv", &plain, rows_quoting, NULL);
    char *got = slurp(tu_path("p/a.csv"), NULL);
    const char *want = "texte,nombre\n"
                       "Maison France Services; Clamecy,3\n"
                       "\"dit \"\"bonjour\"\"\",0\n"
                       "deux\xEF\xBF\xBDlignes,\n"
                       "\"Élodie, Ngũgĩ\",\n";
    assert_string_equal(got, want);
    free(got);
}

static void rows_dangerous(csvout *w)
{
    csvout_text(w, "=1+2");
    csvout_text(w, "+33 6 12");
    csvout_text(w, "-2+3");
    csvout_text(w, "@SUM(A1)");
    csvout_text(w, "\tcmd");
    csvout_text(w, "\rcmd");
    csvout_text(w, "=HYPERLINK(\"http://x\";\"y\")");
    csvout_end_row(w);
    csvout_int(w, -5);
    csvout_raw(w, "-12");
    csvout_raw(w, "2026-03-28");
    csvout_text(w, "a=b");
    csvout_text(w, "'déjà");
    csvout_text(w, "<18");
    csvout_text(w, "18-24");
    csvout_end_row(w);
}

static void test_neutralisation(void **state)
{
    (void)state;
    const char *d = fresh_dir("n");
    write_file(d, "n.csv", &plain, rows_dangerous, NULL);
    char *got = slurp(tu_path("n/n.csv"), NULL);
    const char *want = "\"'=1+2\",\"'+33 6 12\",\"'-2+3\",\"'@SUM(A1)\",\"'\xEF\xBF\xBD"
                       "cmd\",\"'\xEF\xBF\xBD"
                       "cmd\","
                       "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\"\n"
                       "-5,-12,2026-03-28,a=b,'déjà,<18,18-24\n";
    assert_string_equal(got, want);
    free(got);
    assert_true(csvout_is_dangerous("=x"));
    assert_true(csvout_is_dangerous("-x"));
    assert_false(csvout_is_dangerous("x-"));
    assert_false(csvout_is_dangerous(""));
    assert_false(csvout_is_dangerous(NULL));
    /* a formula behind spaces or a no-break space, or in full-width signs */
    assert_true(csvout_is_dangerous("  =1+2"));
    assert_true(csvout_is_dangerous("\xC2\xA0@SUM(A1)"));
    assert_true(csvout_is_dangerous("\xEF\xBC\x9D"
                                    "1+2")); /* ＝ */
    assert_true(csvout_is_dangerous("\xEF\xBC\x8B"
                                    "33")); /* ＋ */
    assert_false(csvout_is_dangerous("  Épicerie solidaire"));
    assert_false(csvout_is_dangerous("\xEF\xBC\xA1")); /* Ａ, a full-width letter */
}

/* The generated table: every run of "invisible" characters a spreadsheet
 * may skip, before every formula sign and look-alike, must be neutralised,
 * in the value (csvout_is_dangerous) and in the bytes written. */
static const char *const table_prefixes[] = {
    "",
    " ",
    "  ",
    " \t", /* a space then a tab */
    "\t",
    "\n", /* a leading line feed */
    "\r",
    "\r\n",
    "\x0B\x0C",                    /* VT FF */
    "\x1B",                        /* ESC */
    "\x7F",                        /* DEL */
    "\xC2\x85",                    /* NEL (C1) */
    "\xC2\xA0",                    /* no-break space */
    "\xC2\xAD",                    /* soft hyphen */
    "\xE1\x9A\x80",                /* ogham space mark */
    "\xE2\x80\x80",                /* en quad */
    "\xE2\x80\x83",                /* em space U+2003 */
    "\xE2\x80\x8A",                /* hair space */
    "\xE2\x80\x8B",                /* zero-width space U+200B */
    "\xE2\x80\x8C",                /* zero-width non-joiner */
    "\xE2\x80\x8D",                /* zero-width joiner */
    "\xE2\x80\x8E",                /* left-to-right mark */
    "\xE2\x80\xA8",                /* line separator */
    "\xE2\x80\xA9",                /* paragraph separator */
    "\xE2\x80\xAF",                /* narrow no-break space */
    "\xE2\x81\x9F",                /* medium mathematical space */
    "\xE2\x81\xA0",                /* word joiner */
    "\xE3\x80\x80",                /* ideographic space U+3000 */
    "\xEF\xBB\xBF",                /* BOM / zero-width no-break space */
    " \xE2\x80\x8B\xE3\x80\x80\t", /* a mix */
};
static const char *const table_signs[] = {
    "=",
    "+",
    "-",
    "@",
    "\xEF\xBC\x9D", /* ＝ U+FF1D */
    "\xEF\xBC\x8B", /* ＋ U+FF0B */
    "\xEF\xBC\x8D", /* － U+FF0D */
    "\xEF\xBC\xA0", /* ＠ U+FF20 */
    "\xEF\xB9\xA6", /* ﹦ U+FE66 */
    "\xEF\xB9\xA2", /* ﹢ U+FE62 */
    "\xEF\xB9\xA3", /* ﹣ U+FE63 */
    "\xEF\xB9\xAB", /* ﹫ U+FE6B */
};
#define TABLE_PAYLOAD "HYPERLINK(\"http://x\";\"clic\")"

static void rows_table(csvout *w)
{
    for (size_t p = 0; p < sizeof table_prefixes / sizeof *table_prefixes; p++)
        for (size_t g = 0; g < sizeof table_signs / sizeof *table_signs; g++) {
            char v[128];
            snprintf(v, sizeof v, "%s%s" TABLE_PAYLOAD, table_prefixes[p], table_signs[g]);
            csvout_text(w, v);
            csvout_end_row(w);
        }
}

static void test_neutralisation_table(void **state)
{
    (void)state;
    size_t np = sizeof table_prefixes / sizeof *table_prefixes;
    size_t ng = sizeof table_signs / sizeof *table_signs;
    for (size_t p = 0; p < np; p++)
        for (size_t g = 0; g < ng; g++) {
            char v[128];
            snprintf(v, sizeof v, "%s%s" TABLE_PAYLOAD, table_prefixes[p], table_signs[g]);
            if (!csvout_is_dangerous(v))
                fail_msg("not neutralised: prefix %zu, sign %zu", p, g);
        }
    /* the file: one cell per row, each opened by a quote and the apostrophe */
    const char *d = fresh_dir("table");
    write_file(d, "t.csv", &fr, rows_table, NULL);
    char *got = slurp(tu_path("table/t.csv"), NULL);
    assert_memory_equal(got, "\xEF\xBB\xBF", 3);
    size_t rows = 0;
    for (const char *line = got + 3; *line;) {
        assert_memory_equal(line, "\"'", 2);
        rows++;
        /* the end of the quoted cell: a quote followed by CRLF */
        const char *end = strstr(line + 2, "\")\"\r\n");
        assert_non_null(end);
        line = end + 5;
    }
    assert_int_equal(rows, np * ng);
    free(got);
    /* and what stays as typed */
    static const char *const safe[] = {
        "Salle 1",
        "Épicerie solidaire",
        "  Épicerie",
        "2e étage",
        "(CAF)",
        "'déjà",
        "a=b",
        "\xE2\x80\x8B"
        "Bonjour",
        "\xE3\x80\x80"
        "Mairie",
        "18-24",
        "<18",
        "\xEF\xBC\xA1",
        "\xE2\x88\x92"
        "1", /* U+2212 minus sign: a number's sign, not a formula */
    };
    for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
        if (csvout_is_dangerous(safe[i]))
            fail_msg("neutralised for nothing: %s", safe[i]);
}

static void test_tab_separator_quotes_tabs(void **state)
{
    (void)state;
    const char *d = fresh_dir("t");
    csvout *w = NULL;
    g_error err = {0};
    csvout_format tab = {'\t', 0, 0};
    assert_int_equal(csvout_open(d, "t.csv", &tab, &w, &err), G_OK);
    csvout_text(w, "a\tb"); /* a control character in a text: U+FFFD, nothing to quote */
    csvout_raw(w, "c\td");  /* the separator in a typed cell: quoted */
    csvout_int(w, 1);
    csvout_end_row(w);
    assert_int_equal(csvout_commit(w, NULL, &err), G_OK);
    char *got = slurp(tu_path("t/t.csv"), NULL);
    assert_string_equal(got, "a\xEF\xBF\xBD"
                             "b\t\"c\td\"\t1\n");
    free(got);
}

static void test_sha256_matches_bytes(void **state)
{
    (void)state;
    const char *d = fresh_dir("h");
    csvout_info info;
    write_file(d, "a.csv", &fr, rows_quoting, &info);
    size_t len;
    char *got = slurp(tu_path("h/a.csv"), &len);
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(digest, (unsigned char *)got, len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    assert_string_equal(info.sha256, hex);
    free(got);
}

/* Many rows: the buffer is flushed several times, the hash still covers
 * everything, and every row is there. */
static void test_streaming_many_rows(void **state)
{
    (void)state;
    const char *d = fresh_dir("s");
    csvout *w = NULL;
    g_error err = {0};
    assert_int_equal(csvout_open(d, "big.csv", &fr, &w, &err), G_OK);
    for (int i = 0; i < 50000; i++) {
        csvout_int(w, i);
        csvout_text(w, "accompagnement");
        csvout_end_row(w);
    }
    csvout_info info;
    assert_int_equal(csvout_commit(w, &info, &err), G_OK);
    assert_int_equal(info.rows, 50000);
    size_t len;
    char *got = slurp(tu_path("s/big.csv"), &len);
    assert_int_equal(info.bytes, (int64_t)len);
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(digest, (unsigned char *)got, len);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    assert_string_equal(info.sha256, hex);
    assert_non_null(strstr(got, "\r\n49999;accompagnement\r\n"));
    free(got);
}

static void test_atomic_and_permissions(void **state)
{
    (void)state;
    const char *d = fresh_dir("a");
    mode_t old = umask(0);
    write_file(d, "old.csv", &fr, rows_quoting, NULL);
    umask(old);
    struct stat st;
    assert_int_equal(stat(tu_path("a/old.csv"), &st), 0);
    assert_int_equal(st.st_mode & 0007, 0); /* nothing for others, whatever the umask */
    assert_int_equal(st.st_mode & 0022, 0);

    /* While a new version is being written, the final name still holds the
     * previous complete file and the new bytes are in a hidden temp file. */
    char *before = slurp(tu_path("a/old.csv"), NULL);
    csvout *w = NULL;
    g_error err = {0};
    assert_int_equal(csvout_open(d, "old.csv", &plain, &w, &err), G_OK);
    csvout_text(w, "nouveau");
    csvout_end_row(w);
    assert_int_equal(count_entries(d), 2);
    char *during = slurp(tu_path("a/old.csv"), NULL);
    assert_string_equal(before, during);
    assert_int_equal(csvout_commit(w, NULL, &err), G_OK);
    assert_int_equal(count_entries(d), 1); /* no temporary file left */
    char *after = slurp(tu_path("a/old.csv"), NULL);
    assert_string_equal(after, "nouveau\n");

    /* An aborted writer leaves the old file and no temporary file. */
    assert_int_equal(csvout_open(d, "old.csv", &plain, &w, &err), G_OK);
    csvout_text(w, "abandonné");
    csvout_end_row(w);
    csvout_abort(w);
    assert_int_equal(count_entries(d), 1);
    char *kept = slurp(tu_path("a/old.csv"), NULL);
    assert_string_equal(kept, "nouveau\n");
    free(before);
    free(during);
    free(after);
    free(kept);
}

static void test_clean_temps(void **state)
{
    (void)state;
    const char *d = fresh_dir("c");
    /* leftovers of a killed run, and files that must be kept */
    assert_int_equal(tu_sh("cd '%s' && touch .guichet-a.csv.0123456789ab.tmp "
                           ".guichet-b.csv.ba9876543210.tmp keep.csv .guichet-export.lock "
                           "autre.tmp",
                           d),
                     0);
    int removed = -1;
    g_error err = {0};
    assert_int_equal(csvout_clean_temps(d, &removed, &err), G_OK);
    assert_int_equal(removed, 2);
    assert_int_equal(count_entries(d), 3);
    assert_int_equal(access(tu_path("c/keep.csv"), F_OK), 0);
    assert_int_equal(access(tu_path("c/autre.tmp"), F_OK), 0);
}

static void test_missing_directory(void **state)
{
    (void)state;
    csvout *w = (csvout *)1;
    g_error err = {0};
    assert_int_equal(csvout_open(tu_path("nulle-part"), "a.csv", &fr, &w, &err), G_ERR_IO);
    assert_null(w);
    assert_non_null(strstr(err.msg, "nulle-part"));
    assert_int_equal(csvout_open(tu_tmpdir(), "../a.csv", &fr, &w, &err), G_ERR_INVALID);
}

static void test_remove(void **state)
{
    (void)state;
    const char *d = fresh_dir("r");
    write_file(d, "x.csv", &fr, rows_quoting, NULL);
    g_error err = {0};
    assert_int_equal(csvout_remove(d, "x.csv", &err), G_OK);
    assert_int_equal(count_entries(d), 0);
    assert_int_equal(csvout_remove(d, "x.csv", &err), G_OK); /* absent: fine */
}

/* A batch: files finished, made durable together, then renamed without an
 * fsync each; until the rename, a reader sees the old file or nothing. */
static void test_batch_sync_then_publish(void **state)
{
    (void)state;
    const char *dir = fresh_dir("batch");
    write_file(dir, "b.csv", &plain, rows_quoting, NULL); /* an older b.csv */
    char path[1024];
    snprintf(path, sizeof path, "%s/b.csv", dir);
    char *old = slurp(path, NULL);
    csvout *w[3];
    csvout_info info[3];
    g_error err = {0};
    static const char *const names[] = {"a.csv", "b.csv", "c.csv"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(csvout_open(dir, names[i], &plain, &w[i], &err), G_OK);
        csvout_int(w[i], i);
        csvout_end_row(w[i]);
        assert_int_equal(csvout_finish(w[i], &info[i], &err), G_OK);
        assert_int_equal(info[i].rows, 1);
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(dfd >= 0);
    assert_int_equal(csvout_sync_batch(dfd, dir, w, 3, &err), G_OK);
    close(dfd);
    /* synced, not yet renamed: the old file is still the one under its name */
    char *still = slurp(path, NULL);
    assert_string_equal(still, old);
    free(still);
    for (int i = 0; i < 3; i++)
        assert_int_equal(csvout_publish_synced(w[i], &err), G_OK);
    assert_int_equal(csvout_sync_dir(dir, &err), G_OK);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char want[8];
        snprintf(want, sizeof want, "%d\n", i);
        char *got = slurp(path, NULL);
        assert_string_equal(got, want);
        free(got);
    }
    assert_int_equal(count_entries(dir), 3); /* no temporary file left */
    free(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting_bom_crlf),
        cmocka_unit_test(test_no_bom_lf_comma),
        cmocka_unit_test(test_neutralisation),
        cmocka_unit_test(test_neutralisation_table),
        cmocka_unit_test(test_tab_separator_quotes_tabs),
        cmocka_unit_test(test_sha256_matches_bytes),
        cmocka_unit_test(test_streaming_many_rows),
        cmocka_unit_test(test_atomic_and_permissions),
        cmocka_unit_test(test_clean_temps),
        cmocka_unit_test(test_missing_directory),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_batch_sync_then_publish),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
