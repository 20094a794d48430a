/* uidrv.c — the headless screen driver (after tig's test mode).
 *
 * Runs the real screens through the real loop's parts (app_start, app_key,
 * app_tick, app_frame: src/ui/app.c) on an ncurses screen that writes to
 * /dev/null, with the clock frozen in-process (clock_set), and answers
 * commands read on stdin, one per line:
 *
 *   keys NAME…      key presses, tmux names: Enter Tab BTab Escape F1…F12 C-u
 *                   Up Down Left Right PPage NPage Home End BSpace DC IC Space,
 *                   or one character
 *   text TEXT       the rest of the line typed, one key per character (UTF-8)
 *   tick [N]        N idle ticks (a second without a key each; default 1)
 *   clock EPOCH     sets the frozen clock (UTC seconds)
 *   resize W H      the terminal is now W columns by H rows
 *   screen          the text of the screen, then @@cursor X Y, @@running 0|1,
 *                   @@exit N, @@drawsql N (SQL run while drawing), @@end
 *   roles           the theme role of each character of the screen (a letter
 *                   per character: see role_letter), then @@end
 *   attr Y X        the attributes of one cell: reverse bold underline pair=N
 *   selftest-draw-sql   pushes a screen whose draw reads the database: the
 *                   next screen answer must report it (the check's own test)
 *
 * Every other answer is one line: "ok", or "error <why>".
 *
 * The check that draw only draws: every SQL statement the database runs is
 * traced (sqlite3_trace_v2); one that starts while app.drawing is set is
 * counted and printed on stderr, and tests/ui/uidrv.py fails the test.
 *
 * Also: uidrv --make-demo FILE --clock EPOCH writes the demo database (the
 * test fixture every UI test copies), atomically; uidrv --list-actions
 * prints each action of actions.def: INI name, default keys in [keys]
 * syntax, label, the screens (keymaps) that read it — for the test that
 * checks docs/reglages.md and data/guichet.ini.example against it. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/demo.h"
#include "guichet/i18n.h"
#include "guichet/user.h"
#include "guichet/utf8.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "ui/legend.h"
#include "ui/text.h"
#include "ui/theme.h"

static ui_app app;
static int draw_sql; /* statements run while drawing */
static int exit_status = -1;

/* --- the draw check ------------------------------------------------------- */
static int on_trace(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    (void)x;
    if (type == SQLITE_TRACE_STMT && app.drawing) {
        char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
        fprintf(stderr, "uidrv: SQL pendant un dessin (draw) : %s\n", sql ? sql : "?");
        sqlite3_free(sql);
        draw_sql++;
    }
    return 0;
}

/* A screen that breaks the rule, to prove the check catches it. */
static void bad_draw(void *state, ui_app *a, const ui_rect *b)
{
    g_site site;
    g_error err = {0};
    db_site_get(a->db, &site, &err); /* a database call while drawing */
    text_put(stdscr, b->y, b->x, b->w, "draw lit la base", 0);
}

static ui_reaction bad_key(void *state, ui_app *a, const ui_key *k)
{
    return ui_pass();
}

static const ui_action bad_hints[] = {ACT_BACK, ACT_NONE};
static const screen_ops bad_screen = {
    .name = "selftest",
    .title = "selftest",
    .hints = bad_hints,
    .draw = bad_draw,
    .key = bad_key,
};

static ui_reaction push_bad(void *state, ui_app *a, const ui_key *k)
{
    return ui_push(&bad_screen, NULL);
}

/* --- keys ---------------------------------------------------------------- */
static const struct {
    const char *name;
    int fn, code;
} names[] = {
    {"Enter", 0, '\r'},      {"Tab", 0, '\t'},         {"BTab", 1, KEY_BTAB},
    {"Escape", 0, 27},       {"Up", 1, KEY_UP},        {"Down", 1, KEY_DOWN},
    {"Left", 1, KEY_LEFT},   {"Right", 1, KEY_RIGHT},  {"PPage", 1, KEY_PPAGE},
    {"NPage", 1, KEY_NPAGE}, {"PageUp", 1, KEY_PPAGE}, {"PageDown", 1, KEY_NPAGE},
    {"Home", 1, KEY_HOME},   {"End", 1, KEY_END},      {"BSpace", 1, KEY_BACKSPACE},
    {"DC", 1, KEY_DC},       {"IC", 1, KEY_IC},        {"Space", 0, ' '},
};

static int parse_key(const char *name, int *fn, int *code)
{
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0) {
            *fn = names[i].fn, *code = names[i].code;
            return 0;
        }
    if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12) {
            *fn = 1, *code = KEY_F(n);
            return 0;
        }
    }
    if (name[0] == 'C' && name[1] == '-' && name[2] && !name[3]) {
        *fn = 0, *code = name[2] & 0x1f;
        return 0;
    }
    uint32_t cp;
    int n = utf8_decode(name, &cp);
    if (n > 0 && !name[n]) {
        *fn = 0, *code = (int)cp;
        return 0;
    }
    return -1;
}

static void press(int fn, int code)
{
    if (!app_running(&app))
        return;
    app_key(&app, fn, (wint_t)code);
    app_frame(&app);
}

/* --- the screen -------------------------------------------------------- */
static size_t put_utf8(char *out, uint32_t cp)
{
    char enc[4];
    size_t n = text_encode(cp, enc);
    memcpy(out, enc, n);
    return n;
}

static char role_letter(attr_t a, short pair)
{
    /* the first role whose attributes are exactly those of the cell */
    static const char letters[TH__COUNT + 1] = "ntskSheomlfFbdHi";
    for (int r = 0; r < TH__COUNT; r++) {
        attr_t ra = theme_attr((th_role)r);
        if ((ra & ~A_COLOR) == (a & ~A_COLOR) && PAIR_NUMBER(ra) == pair)
            return letters[r];
    }
    return '?';
}

static void dump(int roles)
{
    char line[8192];
    for (int y = 0; y < LINES; y++) {
        size_t n = 0;
        for (int x = 0; x < COLS && n + 8 < sizeof line; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1] = {0};
            attr_t a = 0;
            short pair = 0;
            if (mvwin_wch(stdscr, y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR) {
                line[n++] = ' ';
                continue;
            }
            uint32_t cp = wch[0] ? (uint32_t)wch[0] : ' ';
            int w = wcwidth((wchar_t)cp);
            if (roles)
                line[n++] = role_letter(a, pair);
            else
                n += put_utf8(line + n, cp);
            if (w == 2)
                x++; /* the second column of a wide character */
        }
        /* trailing spaces removed, as tmux capture-pane does */
        while (n > 0 && line[n - 1] == ' ' && !roles)
            n--;
        line[n] = 0;
        printf("%s\n", line);
    }
}

static void answer_screen(void)
{
    dump(0);
    int cy, cx;
    getyx(stdscr, cy, cx);
    printf("@@cursor %d %d\n", cx, cy);
    printf("@@running %d\n", app_running(&app));
    printf("@@exit %d\n", exit_status);
    printf("@@drawsql %d\n", draw_sql);
    printf("@@hintscut %d\n", app.hints_cut);
    printf("@@legendcut %u\n", legend_dropped());
    printf("@@end\n");
}

/* --- start-up ------------------------------------------------------------- */
static int list_actions(void)
{
    keys_reset();
    for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
        char spec[64], maps[1024] = "";
        size_t used = 0;
        if (a >= ACT_SHARED_FIRST && a <= ACT_SHARED_LAST)
            snprintf(maps, sizeof maps, "%s", "*");
        else
            for (int km = KM_NONE + 1; km < KM__COUNT && used < sizeof maps; km++)
                for (const ui_action *p = keys_keymap((ui_keymap)km); *p != ACT_NONE; p++)
                    if (*p == (ui_action)a)
                        used +=
                            (size_t)snprintf(maps + used, sizeof maps - used, "%s%s",
                                             used ? ", " : "", keys_keymap_title((ui_keymap)km));
        printf("%s\t%s\t%s\t%s\n", keys_ini_name((ui_action)a),
               keys_default_spec((ui_action)a, spec, sizeof spec), keys_label((ui_action)a), maps);
    }
    return 0;
}

static int make_demo(const char *path, int64_t clock)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    unlink(tmp);
    clock_set(clock);
    g_config cfg;
    config_defaults(&cfg);
    clock_set_zone(cfg.site.timezone); /* as main.c: the demo's hours are the site's */
    g_db *db = NULL;
    g_error err = {0};
    if (db_open(tmp, DB_OPEN_CREATE, &db, &err) != G_OK || demo_create(db, &cfg, &err) != G_OK) {
        fprintf(stderr, "uidrv: base de démonstration : %s\n", err.msg);
        if (db)
            db_close(db);
        unlink(tmp);
        return 1;
    }
    db_close(db);
    char wal[4300];
    snprintf(wal, sizeof wal, "%s-wal", tmp);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", tmp);
    unlink(wal);
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "uidrv: %s : %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *config_path = NULL, *db_path = NULL, *make = NULL, *term = "xterm-256color";
    int demo = 0, width = 80, height = 24;
    int64_t clock = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--list-actions") == 0) {
            i18n_init(NULL);
            return list_actions();
        } else if (strcmp(a, "--demo") == 0) {
            demo = 1;
        } else if (strcmp(a, "--config") == 0 && v)
            config_path = v, i++;
        else if (strcmp(a, "--db") == 0 && v)
            db_path = v, i++;
        else if (strcmp(a, "--make-demo") == 0 && v)
            make = v, i++;
        else if (strcmp(a, "--clock") == 0 && v)
            clock = strtoll(v, NULL, 10), i++;
        else if (strcmp(a, "--term") == 0 && v)
            term = v, i++;
        else if (strcmp(a, "--size") == 0 && v && sscanf(v, "%dx%d", &width, &height) == 2)
            i++;
        else {
            fprintf(stderr, "uidrv: argument inconnu « %s »\n", a);
            return 2;
        }
    }
    i18n_init(NULL);
    if (make)
        return make_demo(make, clock);
    if (clock)
        clock_set(clock);

    static g_config cfg;
    config_defaults(&cfg);
    char warnings[2048] = "";
    g_error err = {0};
    if (config_load(config_path, &cfg, warnings, sizeof warnings, &err) != G_OK) {
        fprintf(stderr, "uidrv: %s\n", err.msg);
        return 3;
    }
    i18n_init(cfg.ui.language);
    clock_set_zone(cfg.site.timezone);
    g_db *db = NULL;
    if (!db_path || db_open(db_path, demo ? DB_OPEN_CREATE : 0, &db, &err) != G_OK) {
        fprintf(stderr, "uidrv: base : %s\n", db_path ? err.msg : "--db manquant");
        return 4;
    }
    int users = 0;
    if (demo && user_count(db, &users, &err) == G_OK && users == 0 &&
        demo_create(db, &cfg, &err) != G_OK) {
        fprintf(stderr, "uidrv: démonstration : %s\n", err.msg);
        return 4;
    }
    g_site site;
    if (db_site_get(db, &site, &err) == G_OK && site.timezone[0])
        clock_set_zone(site.timezone);
    sqlite3_trace_v2(db_sql(db), SQLITE_TRACE_STMT, on_trace, NULL);

    /* an in-memory terminal: what it would send goes to /dev/null */
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *scr = out && in ? newterm(term, out, in) : NULL;
    if (!scr) {
        fprintf(stderr, "uidrv: terminal « %s » inconnu\n", term);
        return 2;
    }
    resizeterm(height, width);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    theme_init(&cfg);
    if (app_start(&app, db, &cfg, demo || demo_is_demo(db), &err) != G_OK) {
        endwin();
        delscreen(scr);
        fprintf(stderr, "guichet : %s\n", err.msg);
        printf("error %s\n", err.msg);
        return 3;
    }
    app_frame(&app);

    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    char cmd[8192];
    while (fgets(cmd, sizeof cmd, stdin)) {
        cmd[strcspn(cmd, "\n")] = 0;
        char *arg = strchr(cmd, ' ');
        if (arg)
            *arg++ = 0;
        else
            arg = cmd + strlen(cmd);
        if (strcmp(cmd, "keys") == 0) {
            int ok = 1;
            for (char *save = NULL, *t = strtok_r(arg, " ", &save); t && ok;
                 t = strtok_r(NULL, " ", &save)) {
                int fn, code;
                if (parse_key(t, &fn, &code) != 0) {
                    printf("error touche inconnue « %s »\n", t);
                    ok = 0;
                } else {
                    press(fn, code);
                }
            }
            if (ok)
                printf("ok\n");
        } else if (strcmp(cmd, "text") == 0) {
            for (const char *p = arg; *p;) {
                uint32_t cp;
                int n = utf8_decode(p, &cp);
                if (n <= 0)
                    break;
                press(0, (int)cp);
                p += n;
            }
            printf("ok\n");
        } else if (strcmp(cmd, "tick") == 0) {
            int n = *arg ? atoi(arg) : 1;
            for (int i = 0; i < n && app_running(&app); i++) {
                app_tick(&app);
                app_frame(&app);
            }
            printf("ok\n");
        } else if (strcmp(cmd, "clock") == 0) {
            clock_set(strtoll(arg, NULL, 10));
            printf("ok\n");
        } else if (strcmp(cmd, "resize") == 0) {
            int w = 0, h = 0;
            if (sscanf(arg, "%d %d", &w, &h) != 2 || w < 1 || h < 1) {
                printf("error taille\n");
            } else {
                resizeterm(h, w);
                app_resize(&app);
                app_frame(&app);
                printf("ok\n");
            }
        } else if (strcmp(cmd, "screen") == 0) {
            answer_screen();
        } else if (strcmp(cmd, "roles") == 0) {
            dump(1);
            printf("@@end\n");
        } else if (strcmp(cmd, "attr") == 0) {
            int y = 0, x = 0;
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a = 0;
            short pair = 0;
            if (sscanf(arg, "%d %d", &y, &x) != 2 || mvwin_wch(stdscr, y, x, &cc) == ERR ||
                getcchar(&cc, wch, &a, &pair, NULL) == ERR)
                printf("error cellule\n");
            else
                printf("%s%s%s pair=%d\n", a & A_REVERSE ? "reverse " : "",
                       a & A_BOLD ? "bold " : "", a & A_UNDERLINE ? "underline " : "", pair);
        } else if (strcmp(cmd, "selftest-draw-sql") == 0) {
            /* the top screen's key handler is swapped for one push */
            static screen_ops pusher;
            pusher = *app.stack[app.depth - 1].ops;
            pusher.key = push_bad;
            app.stack[app.depth - 1].ops = &pusher;
            press(0, 'z');
            printf("ok\n");
        } else if (strcmp(cmd, "quit") == 0) {
            break;
        } else {
            printf("error commande inconnue « %s »\n", cmd);
        }
        if (!app_running(&app) && exit_status < 0) {
            /* the real loop ends here: the session closes, the database too */
            app_finish(&app, 0, NULL);
            exit_status = 0;
            db_close(db);
            db = NULL;
        }
        fflush(stdout);
    }
    if (exit_status < 0)
        app_finish(&app, 0, NULL);
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    if (db)
        db_close(db);
    return draw_sql ? 1 : 0;
}
