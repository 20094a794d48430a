/* test_app_start.c — what the screens show before anyone logs in: the
 * site's name read from the base. A failure to read it was swallowed and
 * the login screen came up with an empty name; it is now said, with the
 * error's exit code. The login screen is drawn before the base is open
 * (app_begin, then app_attach): first with the settings' name, drawn again
 * only when the base names the site otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <curses.h>

#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/i18n.h"
#include "guichet/site.h"
#include "core/db_internal.h"
#include "ui/app.h"

static char dir[] = "/tmp/guichet-app-start-XXXXXX";
static char path[256];
static SCREEN *scr;
static FILE *out, *in;

static int setup(void **unused)
{
    (void)unused;
    i18n_init(NULL);
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/site.db", dir);
    out = fopen("/dev/null", "w");
    in = fopen("/dev/null", "r");
    scr = out && in ? newterm("xterm", out, in) : NULL;
    return scr ? 0 : -1;
}

static int teardown(void **unused)
{
    (void)unused;
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    char f[300];
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(f, sizeof f, "%s%s", path, suffix[i]);
        unlink(f);
    }
    rmdir(dir);
    return 0;
}

static void unreadable_site_stops_the_start_with_its_reason(void **unused)
{
    (void)unused;
    static g_config cfg;
    config_defaults(&cfg);
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), G_OK);
    assert_int_equal(site_init(db, "MFS-01", "Maison de Clamecy", "58079", "Europe/Paris", &err),
                     G_OK);
    static ui_app app;
    /* readable: its name, not the settings' */
    assert_int_equal(app_start(&app, db, &cfg, 0, &err), G_OK);
    assert_string_equal(app.site.name, "Maison de Clamecy");
    app_finish(&app, 0, &err);
    /* the site's row cannot be read (here its table is gone) */
    assert_int_equal(db_exec(db, "PRAGMA foreign_keys = OFF", &err), G_OK);
    assert_int_equal(db_exec(db, "DROP TABLE site", &err), G_OK);
    memset(&err, 0, sizeof err);
    g_status s = app_start(&app, db, &cfg, 0, &err);
    assert_int_equal(s, G_ERR_DB);
    assert_int_not_equal(g_status_exit_code(s), 0);
    assert_non_null(strstr(err.msg, "Impossible de lire le site"));
    db_close(db);
}

static void login_drawn_first_with_the_settings_name_then_the_base(void **unused)
{
    (void)unused;
    static g_config cfg;
    config_defaults(&cfg);
    snprintf(cfg.site.name, sizeof cfg.site.name, "%s", "Maison de Clamecy");
    char own[300];
    snprintf(own, sizeof own, "%s/first.db", dir);
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(own, DB_OPEN_CREATE, &db, &err), G_OK);
    assert_int_equal(site_init(db, "MFS-01", "Maison de Clamecy", "58079", "Europe/Paris", &err),
                     G_OK);
    static ui_app app;
    /* no base yet: the login screen, the settings' name, no demo box */
    app_begin(&app, &cfg, 0);
    assert_null(app.db);
    assert_string_equal(app.site.name, "Maison de Clamecy");
    assert_int_equal(app.dirty, 1);
    app_frame(&app); /* drawn without a base: nothing is read */
    assert_int_equal(app.dirty, 0);
    /* the base says the same: nothing to draw again */
    assert_int_equal(app_attach(&app, db, 0, &err), G_OK);
    assert_ptr_equal(app.db, db);
    assert_int_equal(app.dirty, 0);
    app_finish(&app, 0, &err);

    /* the settings name the site otherwise (or not at all): the base's name
     * wins and the screen is drawn again; so does a demo base's box */
    snprintf(cfg.site.name, sizeof cfg.site.name, "%s", "");
    app_begin(&app, &cfg, 0);
    app_frame(&app);
    assert_int_equal(app_attach(&app, db, 1, &err), G_OK);
    assert_string_equal(app.site.name, "Maison de Clamecy");
    assert_int_equal(app.demo, 1);
    assert_int_equal(app.dirty, 1);
    app_finish(&app, 0, &err);
    db_close(db);
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char f[320];
        snprintf(f, sizeof f, "%s%s", own, suffix[i]);
        unlink(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_drawn_first_with_the_settings_name_then_the_base),
        cmocka_unit_test(unreadable_site_stops_the_start_with_its_reason),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
