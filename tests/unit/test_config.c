/* test_config.c — settings: defaults, a good file, every kind of bad file.
 *
 * Files are written into the test's temporary directory; the environment
 * (HOME, XDG_*) is pointed there so nothing outside is read. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "guichet/config.h"
#include "testutil.h"

static const char *write_ini(const char *name, const char *text)
{
    const char *p = tu_path(name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

/* Loads text written to a file; returns the status, fills err and warnings. */
static g_status load_text(const char *text, g_config *cfg, char *warn, size_t wsize, g_error *err)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "t%d.ini", ++n);
    return config_load(write_ini(name, text), cfg, warn, wsize, err);
}

static int setup(void **state)
{
    (void)state;
    setenv("HOME", tu_tmpdir(), 1);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("XDG_DATA_HOME");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_cleanup();
    return 0;
}

#define assert_contains(hay, needle)                                                               \
    do {                                                                                           \
        if (!strstr((hay), (needle)))                                                              \
            fail_msg("« %s » not found in « %s »", (needle), (hay));                               \
    } while (0)

/* ------------------------------------------------------------------------ */

static void test_defaults(void **state)
{
    (void)state;
    g_config c;
    memset(&c, 0x5a, sizeof c);
    config_defaults(&c);
    assert_string_equal(c.path, "");
    assert_string_equal(c.site.matricule, "");
    assert_string_equal(c.site.timezone, "Europe/Paris");
    assert_string_equal(c.site.hours, "Mo-Fr 08:30-12:00,13:30-17:00");
    assert_string_equal(c.database.path, "");
    assert_int_equal(c.security.idle_lock_minutes, 5);
    assert_int_equal(c.security.failed_login_limit, 5);
    assert_int_equal(c.security.lockout_minutes, 15);
    assert_int_equal(c.security.min_password_length, 12);
    assert_string_equal(c.ui.theme, "auto");
    assert_string_equal(c.ui.language, "fr");
    assert_int_equal(c.export.separator, ';');
    assert_int_equal(c.export.bom, 1);
    assert_int_equal(c.export.crlf, 1);
    assert_int_equal(c.export.with_commune, 1);
    assert_int_equal(c.export.with_age_band, 1);
    assert_int_equal(c.export.with_sex, 1);
    assert_int_equal(c.export.with_pseudonym, 1);
    assert_int_equal(c.orientation.followup_days, 10);
    assert_int_equal(c.orientation.expiry_days, 30);
    /* CNIL: two years after the last contact; journal six months to a year */
    assert_int_equal(c.rgpd.visitor_months, 24);
    assert_int_equal(c.rgpd.comment_months, 12);
    assert_int_equal(c.rgpd.orientation_months, 24);
    assert_int_equal(c.rgpd.appointment_months, 24);
    assert_int_equal(c.rgpd.note_months, 24);
    assert_int_equal(c.rgpd.journal_months, 12);
    assert_string_equal(c.print.command, "");

    char want[600], buf[PATH_MAX];
    snprintf(want, sizeof want, "%s/.local/share/guichet/export", tu_tmpdir());
    assert_string_equal(c.export.dir, want);
    config_db_path(&c, buf, sizeof buf);
    snprintf(want, sizeof want, "%s/.local/share/guichet/guichet.db", tu_tmpdir());
    assert_string_equal(buf, want);
    config_default_path(buf, sizeof buf);
    snprintf(want, sizeof want, "%s/.config/guichet/guichet.ini", tu_tmpdir());
    assert_string_equal(buf, want);

    /* XDG variables win when absolute, are ignored when relative */
    setenv("XDG_CONFIG_HOME", "/srv/conf", 1);
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    config_default_path(buf, sizeof buf);
    assert_string_equal(buf, "/srv/conf/guichet/guichet.ini");
    config_defaults(&c);
    config_db_path(&c, buf, sizeof buf);
    assert_string_equal(buf, "/srv/data/guichet/guichet.db");
    assert_string_equal(c.export.dir, "/srv/data/guichet/export");
    setenv("XDG_CONFIG_HOME", "relative/conf", 1);
    config_default_path(buf, sizeof buf);
    snprintf(want, sizeof want, "%s/.config/guichet/guichet.ini", tu_tmpdir());
    assert_string_equal(buf, want);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("XDG_DATA_HOME");

    snprintf(c.database.path, sizeof c.database.path, "/var/lib/guichet/site.db");
    config_db_path(&c, buf, sizeof buf);
    assert_string_equal(buf, "/var/lib/guichet/site.db");
}

/* Every default, written out as "key = default", is a valid file. */
static void test_defaults_are_valid_values(void **state)
{
    (void)state;
    char text[8192] = "";
    const char *sec, *key, *def, *last = "";
    size_t n = 0;
    for (size_t i = 0; config_key(i, &sec, &key, &def, NULL) == 0; i++, n++) {
        size_t len = strlen(text);
        if (strcmp(sec, last) != 0)
            len += (size_t)snprintf(text + len, sizeof text - len, "[%s]\n", sec);
        snprintf(text + len, sizeof text - len, "%s = \"%s\"\n", key, def);
        last = sec;
    }
    assert_true(n >= 23);
    assert_int_equal(config_key(n, &sec, NULL, NULL, NULL), -1);
    g_config a, b;
    g_error err = {0};
    char warn[512] = "";
    assert_int_equal(load_text(text, &a, warn, sizeof warn, &err), G_OK);
    assert_string_equal(warn, "");
    config_defaults(&b);
    snprintf(b.path, sizeof b.path, "%s", a.path);
    assert_memory_equal(&a, &b, sizeof a);
}

static void test_good_file(void **state)
{
    (void)state;
    const char *text = "; a comment\n"
                       "# another\n"
                       "[Site]\n"
                       "Matricule = FS-58-0042\n"
                       "name = \"Maison France Services de Clamecy ; mairie\"\n"
                       "commune = 2a004\n"
                       "timezone = America/Cayenne\n"
                       "hours = Mo-Th 09:00-12:00; Fr 09:00-12:00\n"
                       "\n"
                       "[database]\n"
                       "path = ~/données/guichet.db\n"
                       "[security]\n"
                       "idle_lock_minutes = 0\n"
                       "failed_login_limit = 100\n"
                       "lockout_minutes = 1440\n"
                       "min_password_length = 8\n"
                       "[ui]\n"
                       "theme = monochrome\n"
                       "language = en\n"
                       "[export]\n"
                       "dir = /srv/export\n"
                       "separator = tab\n"
                       "bom = non\n"
                       "crlf = FALSE\n"
                       "commune = 0\n"
                       "age_band = no\n"
                       "sex = Yes\n"
                       "pseudonym = true\n"
                       "[orientation]\n"
                       "followup_days = 365\n"
                       "expiry_days = 1\n"
                       "[rgpd]\n"
                       "visitor_months = 36\n"
                       "comment_months = 6\n"
                       "orientation_months = 12\n"
                       "appointment_months = 18\n"
                       "note_months = 120\n"
                       "journal_months = 6\n"
                       "[print]\n"
                       "command = lp -d accueil\n";
    g_config c;
    g_error err = {0};
    char warn[512] = "";
    assert_int_equal(load_text(text, &c, warn, sizeof warn, &err), G_OK);
    assert_string_equal(warn, "");
    assert_non_null(strstr(c.path, ".ini"));
    assert_string_equal(c.site.matricule, "FS-58-0042");
    assert_string_equal(c.site.name, "Maison France Services de Clamecy ; mairie");
    assert_string_equal(c.site.commune, "2A004");
    assert_string_equal(c.site.timezone, "America/Cayenne");
    /* unquoted: ";" starts a comment, as the example file says */
    assert_string_equal(c.site.hours, "Mo-Th 09:00-12:00");
    char want[600];
    snprintf(want, sizeof want, "%s/données/guichet.db", tu_tmpdir());
    assert_string_equal(c.database.path, want);
    assert_int_equal(c.security.idle_lock_minutes, 0);
    assert_int_equal(c.security.failed_login_limit, 100);
    assert_int_equal(c.security.lockout_minutes, 1440);
    assert_int_equal(c.security.min_password_length, 8);
    assert_string_equal(c.ui.theme, "monochrome");
    assert_string_equal(c.ui.language, "en");
    assert_string_equal(c.export.dir, "/srv/export");
    assert_int_equal(c.export.separator, '\t');
    assert_int_equal(c.export.bom, 0);
    assert_int_equal(c.export.crlf, 0);
    assert_int_equal(c.export.with_commune, 0);
    assert_int_equal(c.export.with_age_band, 0);
    assert_int_equal(c.export.with_sex, 1);
    assert_int_equal(c.export.with_pseudonym, 1);
    assert_int_equal(c.orientation.followup_days, 365);
    assert_int_equal(c.orientation.expiry_days, 1);
    assert_int_equal(c.rgpd.visitor_months, 36);
    assert_int_equal(c.rgpd.comment_months, 6);
    assert_int_equal(c.rgpd.orientation_months, 12);
    assert_int_equal(c.rgpd.appointment_months, 18);
    assert_int_equal(c.rgpd.note_months, 120);
    assert_int_equal(c.rgpd.journal_months, 6);
    assert_string_equal(c.print.command, "lp -d accueil");

    /* a partial file keeps the defaults for the rest; warnings may be NULL */
    assert_int_equal(load_text("[export]\nseparator = \",\"\n", &c, NULL, 0, &err), G_OK);
    assert_int_equal(c.export.separator, ',');
    assert_int_equal(c.security.idle_lock_minutes, 5);
    assert_string_equal(c.site.timezone, "Europe/Paris");
}

static void test_example_file(void **state)
{
    (void)state;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    assert_non_null(slash);
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../../data/guichet.ini.example");

    g_config a, b;
    g_error err = {0};
    char warn[1024] = "";
    assert_int_equal(config_load(path, &a, warn, sizeof warn, &err), G_OK);
    assert_string_equal(warn, "");
    config_defaults(&b);
    snprintf(b.path, sizeof b.path, "%s", a.path);
    assert_memory_equal(&a, &b, sizeof a);

    /* every key of the table is written, with a comment, under its section */
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[32768];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    const char *sec, *key;
    for (size_t i = 0; config_key(i, &sec, &key, NULL, NULL) == 0; i++) {
        char head[64], line[96];
        snprintf(head, sizeof head, "\n[%s]\n", sec);
        const char *s = strstr(text, head);
        if (!s)
            fail_msg("section [%s] missing from the example", sec);
        const char *next = strstr(s + 1, "\n[");
        const char *k = NULL;
        const char *forms[] = {"\n%s = ", "\n%s =\n"};
        for (int f2 = 0; f2 < 2 && !k; f2++) {
            snprintf(line, sizeof line, forms[f2], key);
            k = strstr(s, line);
            if (k && next && k > next)
                k = NULL;
        }
        if (!k)
            fail_msg("[%s] %s missing from the example", sec, key);
        assert_true(k > text + 2 && k[-1] != '\n'); /* the line above is a comment */
    }
}

static void test_syntax_error_names_line(void **state)
{
    (void)state;
    g_config c;
    g_error err = {0};
    const char *p = write_ini("syntax.ini", "[site]\nname = A\n\nthis line has no equals sign\n"
                                            "[ui]\ntheme = couleur\n");
    assert_int_equal(config_load(p, &c, NULL, 0, &err), G_ERR_INVALID);
    assert_contains(err.msg, "ligne 4");
    assert_contains(err.msg, p);
    assert_contains(err.msg, "this line has no equals sign");
    /* nothing of the broken file is applied */
    assert_string_equal(c.site.name, "");
    assert_string_equal(c.ui.theme, "auto");

    /* the first bad line is the one named */
    assert_int_equal(load_text("[site]\nsite\n[ui]\nx\n", &c, NULL, 0, &err), G_ERR_INVALID);
    assert_contains(err.msg, "ligne 2");

    /* a line longer than iniparser's buffer */
    char big[3000];
    int len = snprintf(big, sizeof big, "[site]\n# ok\nname = ");
    memset(big + len, 'a', 2000);
    snprintf(big + len + 2000, sizeof big - (size_t)len - 2000, "\n");
    assert_int_equal(load_text(big, &c, NULL, 0, &err), G_ERR_INVALID);
    assert_contains(err.msg, "ligne 3");
    assert_contains(err.msg, "trop longue");
}

/* CVE-2023-33461: iniparser 4.1's getint dereferences NULL when the key it is
 * asked for is a section. "[security:idle_lock_minutes]" makes exactly that
 * entry; guichet must say what is wrong instead of crashing. */
static void test_key_naming_a_section(void **state)
{
    (void)state;
    g_config c;
    g_error err = {0};
    assert_int_equal(load_text("[security:idle_lock_minutes]\n", &c, NULL, 0, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "security:idle_lock_minutes");
    assert_contains(err.msg, "[security:idle_lock_minutes]");
    assert_contains(err.msg, "section");

    /* a value first, then overwritten by a section of the same name */
    assert_int_equal(load_text("[site]\nname = Clamecy\n[site:name]\nfoo = 1\n", &c, NULL, 0, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "site:name");

    /* a boolean and the separator too */
    assert_int_equal(load_text("[export:bom]\n", &c, NULL, 0, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "export:bom");
    assert_int_equal(load_text("[export:separator]\n", &c, NULL, 0, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "export:separator");

    /* a key named like a section is only an unknown key */
    char warn[512] = "";
    assert_int_equal(load_text("[site]\nsite = x\nsecurity = 3\n", &c, warn, sizeof warn, &err),
                     G_OK);
    assert_contains(warn, "clé inconnue ignorée : [site] site");
    assert_contains(warn, "clé inconnue ignorée : [site] security");
}

static void expect_bad(const char *text, const char *field, const char *what1, const char *what2)
{
    g_config c;
    g_error err = {0};
    g_status st = load_text(text, &c, NULL, 0, &err);
    if (st != G_ERR_INVALID)
        fail_msg("%s: status %d, expected G_ERR_INVALID", text, st);
    assert_string_equal(err.field, field);
    char sk[64];
    const char *colon = strchr(field, ':');
    snprintf(sk, sizeof sk, "[%.*s] %s", (int)(colon - field), field, colon + 1);
    assert_contains(err.msg, sk);
    assert_contains(err.msg, what1);
    if (what2)
        assert_contains(err.msg, what2);
    assert_contains(err.msg, "(fichier ");
}

static void test_numbers(void **state)
{
    (void)state;
    expect_bad("[security]\nidle_lock_minutes = abc\n", "security:idle_lock_minutes", "« abc »",
               "un nombre entier entre 0 et 1440 est attendu");
    expect_bad("[security]\nidle_lock_minutes = 1441\n", "security:idle_lock_minutes", "« 1441 »",
               "entre 0 et 1440");
    expect_bad("[security]\nidle_lock_minutes = -1\n", "security:idle_lock_minutes", "« -1 »",
               "entre 0 et 1440");
    expect_bad("[security]\nfailed_login_limit = 0\n", "security:failed_login_limit", "« 0 »",
               "entre 1 et 100");
    expect_bad("[security]\nlockout_minutes = 15min\n", "security:lockout_minutes", "« 15min »",
               "entre 1 et 1440");
    expect_bad("[security]\nmin_password_length = 7\n", "security:min_password_length", "« 7 »",
               "entre 8 et 256");
    expect_bad("[security]\nmin_password_length = 99999999999999999999999\n",
               "security:min_password_length", "« 99999999999999999999999 »", "entre 8 et 256");
    expect_bad("[rgpd]\njournal_months = 3\n", "rgpd:journal_months", "« 3 »", "entre 6 et 36");
    expect_bad("[rgpd]\nvisitor_months = 0\n", "rgpd:visitor_months", "« 0 »", "entre 1 et 120");
    expect_bad("[orientation]\nexpiry_days = 1e3\n", "orientation:expiry_days", "« 1e3 »",
               "entre 1 et 3650");
    expect_bad("[orientation]\nfollowup_days = 0x10\n", "orientation:followup_days", "« 0x10 »",
               "entre 1 et 365");
    expect_bad("[orientation]\nfollowup_days =\n", "orientation:followup_days", "(vide)",
               "entre 1 et 365");
}

static void test_other_bad_values(void **state)
{
    (void)state;
    expect_bad("[export]\nbom = peut-être\n", "export:bom", "« peut-être »", "oui ou non");
    expect_bad("[ui]\ntheme = rose\n", "ui:theme", "« rose »", "auto ou couleur ou monochrome");
    expect_bad("[ui]\nlanguage = de\n", "ui:language", "« de »", "fr ou en");
    /* unquoted ";" is a comment: the value is empty, and the message says why */
    expect_bad("[export]\nseparator = ;\n", "export:separator", "(vide)", "guillemets");
    expect_bad("[export]\nseparator = \"|\"\n", "export:separator", "« | »", "tab");
    expect_bad("[site]\nmatricule = FS 58\n", "site:matricule", "« FS 58 »", "tirets");
    expect_bad("[site]\nmatricule = FS-0123456789012345678901234567890\n", "site:matricule",
               "trop longue", "31 au plus");
    expect_bad("[site]\nname = \"\xff\xfe\"\n", "site:name", "UTF-8", NULL);
}

static void test_timezone(void **state)
{
    (void)state;
    expect_bad("[site]\ntimezone = Europe/Paname\n", "site:timezone", "« Europe/Paname »",
               "fuseau horaire");
    expect_bad("[site]\ntimezone = ../../../etc/passwd\n", "site:timezone", "passwd",
               "fuseau horaire");
    expect_bad("[site]\ntimezone = /etc/localtime\n", "site:timezone", "localtime",
               "fuseau horaire");
    expect_bad("[site]\ntimezone = Europe\n", "site:timezone", "« Europe »", "fuseau horaire");
    g_config c;
    g_error err = {0};
    assert_int_equal(load_text("[site]\ntimezone = UTC\n", &c, NULL, 0, &err), G_OK);
    assert_string_equal(c.site.timezone, "UTC");
    assert_int_equal(load_text("[site]\ntimezone = Indian/Reunion\n", &c, NULL, 0, &err), G_OK);
    assert_string_equal(c.site.timezone, "Indian/Reunion");
}

static void test_insee(void **state)
{
    (void)state;
    const char *bad[] = {"5819", "581944", "58A94", "2C004", "A8194", "58 94", "2A04B"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[64], shown[32];
        snprintf(text, sizeof text, "[site]\ncommune = %s\n", bad[i]);
        snprintf(shown, sizeof shown, "« %s »", bad[i]);
        expect_bad(text, "site:commune", shown, "code INSEE");
    }
    const char *good[] = {"58194", "2B033", "97411", "75056"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char text[64];
        g_config c;
        g_error err = {0};
        snprintf(text, sizeof text, "[site]\ncommune = %s\n", good[i]);
        assert_int_equal(load_text(text, &c, NULL, 0, &err), G_OK);
        assert_string_equal(c.site.commune, good[i]);
    }
}

static void test_long_value(void **state)
{
    (void)state;
    char text[512];
    int len = snprintf(text, sizeof text, "[site]\nname = ");
    memset(text + len, 'M', 300);
    snprintf(text + len + 300, sizeof text - (size_t)len - 300, "\n");
    expect_bad(text, "site:name", "300 caractères", "127 au plus");

    /* the longest that fits is accepted */
    len = snprintf(text, sizeof text, "[site]\nname = ");
    memset(text + len, 'M', 127);
    snprintf(text + len + 127, sizeof text - (size_t)len - 127, "\n");
    g_config c;
    g_error err = {0};
    assert_int_equal(load_text(text, &c, NULL, 0, &err), G_OK);
    assert_int_equal(strlen(c.site.name), 127);
}

static void test_site_hours_are_checked_by_the_hours_parser(void **state)
{
    (void)state;
    g_config c;
    g_error err = {0};
    const char *p = write_ini("hours-bad.ini", "[site]\nhours = Lu-Ve 9-12\n");
    assert_int_equal(config_load(p, &c, NULL, 0, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "site:hours");
    assert_contains(err.msg, "[site] hours = « Lu-Ve 9-12 »");
    assert_contains(err.msg, "position");
    p = write_ini("hours-ok.ini", "[site]\nhours = \"Mo-Fr 08:30-12:00,13:30-17:00; PH off\"\n");
    assert_int_equal(config_load(p, &c, NULL, 0, &err), G_OK);
    assert_string_equal(c.site.hours, "Mo-Fr 08:30-12:00,13:30-17:00; PH off");
}

static void test_keys_section_is_kept_for_the_screens(void **state)
{
    (void)state;
    g_config c;
    g_error err = {0};
    char warn[1024] = "";
    const char *p = write_ini("keys.ini", "[keys]\nhelp = F2\nquit = F12,^Q\n");
    assert_int_equal(config_load(p, &c, warn, sizeof warn, &err), G_OK);
    assert_string_equal(warn, ""); /* [keys] is a known, free-form section */
    assert_int_equal(c.keys.count, 2);
    assert_string_equal(c.keys.action[0], "help");
    assert_string_equal(c.keys.spec[0], "F2");
    assert_string_equal(c.keys.action[1], "quit");
    assert_string_equal(c.keys.spec[1], "F12,^Q");
}

static void test_unknown_keys_are_reported(void **state)
{
    (void)state;
    g_config c;
    g_error err = {0};
    char warn[1024] = "";
    const char *p = write_ini("unknown.ini", "orphan = 1\n"
                                             "[ui]\ncolour = bleu\ntheme = couleur\n"
                                             "[imprimante]\nnom = hp\n"
                                             "[security]\nidle_lock = 3\n");
    assert_int_equal(config_load(p, &c, warn, sizeof warn, &err), G_OK);
    char want[700];
    snprintf(want, sizeof want, "clé inconnue ignorée : [ui] colour (fichier %s)\n", p);
    assert_contains(warn, want);
    snprintf(want, sizeof want, "section inconnue ignorée : [imprimante] (fichier %s)\n", p);
    assert_contains(warn, want);
    assert_contains(warn, "clé inconnue ignorée : [security] idle_lock");
    assert_contains(warn, "clé hors de toute section ignorée : orphan");
    /* in the file's order, one per line */
    assert_true(strstr(warn, "orphan") < strstr(warn, "colour"));
    assert_true(strstr(warn, "colour") < strstr(warn, "imprimante"));
    /* the known keys still apply */
    assert_string_equal(c.ui.theme, "couleur");

    /* warnings are appended to what the buffer already holds */
    char more[2048] = "avant\n";
    assert_int_equal(config_load(p, &c, more, sizeof more, &err), G_OK);
    assert_true(strncmp(more, "avant\nclé hors de toute section ignorée : orphan", 50) == 0);

    /* a small buffer keeps whole lines only: room for the first one */
    size_t first = (size_t)(strchr(warn, '\n') - warn) + 1;
    char small[1024];
    memset(small, 0, sizeof small);
    assert_int_equal(config_load(p, &c, small, first + 1, &err), G_OK);
    assert_int_equal(strlen(small), first);
    assert_memory_equal(small, warn, first);
    memset(small, 0, sizeof small);
    assert_int_equal(config_load(p, &c, small, first, &err), G_OK);
    assert_string_equal(small, "");
}

static void test_missing_files(void **state)
{
    (void)state;
    g_config c;
    g_error err = {0};
    char warn[64] = "";
    const char *p = tu_path("nowhere/guichet.ini");
    assert_int_equal(config_load(p, &c, warn, sizeof warn, &err), G_ERR_NOTFOUND);
    assert_contains(err.msg, p);
    assert_contains(err.msg, "n'existe pas");

    /* default location missing: defaults, no error */
    setenv("XDG_CONFIG_HOME", tu_path("xdg"), 1);
    g_error err2 = {0};
    c.security.idle_lock_minutes = 99;
    assert_int_equal(config_load(NULL, &c, warn, sizeof warn, &err2), G_OK);
    assert_int_equal(err2.code, G_OK);
    assert_string_equal(warn, "");
    assert_string_equal(c.path, "");
    assert_int_equal(c.security.idle_lock_minutes, 5);

    /* and read when present */
    assert_int_equal(tu_sh("mkdir -p '%s'", tu_path("xdg/guichet")), 0);
    write_ini("xdg/guichet/guichet.ini", "[security]\nidle_lock_minutes = 1\n");
    assert_int_equal(config_load(NULL, &c, warn, sizeof warn, &err2), G_OK);
    assert_int_equal(c.security.idle_lock_minutes, 1);
    assert_string_equal(c.path, tu_path("xdg/guichet/guichet.ini"));
    unsetenv("XDG_CONFIG_HOME");

    /* a directory is not a settings file */
    assert_int_equal(config_load(tu_tmpdir(), &c, NULL, 0, &err), G_ERR_INVALID);
    assert_contains(err.msg, tu_tmpdir());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults_are_valid_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_good_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_example_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syntax_error_names_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_naming_a_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timezone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insee, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_keys_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_section_is_kept_for_the_screens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_hours_are_checked_by_the_hours_parser, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
