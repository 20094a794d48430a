/* app.c — the one loop: input with a timeout, the screen stack, reactions,
 * the bars, the idle lock, signals and terminal restoration. The only place
 * that calls doupdate(). */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/user.h"
#include "ui/app.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/screens.h"
#include "ui/status.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/ui.h"

#define TICK_MS               1000
#define IDLE_CHECKPOINT_TICKS 3 /* quiet ticks (~3 s without a key) before db_idle */

static volatile sig_atomic_t stop_signal; /* set by the handlers, read by the loop */
static int curses_on;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

/* atexit guard: whatever path leaves the process, the terminal comes back. */
static void restore_terminal(void)
{
    if (curses_on) {
        endwin();
        curses_on = 0;
    }
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: let the input wait return early */
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* --- pure layout ------------------------------------------------------- */
ui_rect app_body_rect(int lines, int cols)
{
    ui_rect r = {1, 0, lines - 3, cols};
    return r;
}

int app_size_ok(int lines, int cols)
{
    return lines >= UI_MIN_LINES && cols >= UI_MIN_COLS;
}

const char *app_too_small_text(int lines, int cols, char *buf, size_t size)
{
    snprintf(buf, size,
             _("Terminal trop petit : %dx%d minimum (actuellement %dx%d). "
               "Agrandissez la fenêtre."),
             UI_MIN_COLS, UI_MIN_LINES, cols, lines);
    return buf;
}

void app_set_cursor(ui_app *app, int y, int x)
{
    app->cursor_y = y;
    app->cursor_x = x;
}

void app_busy(ui_app *app, const char *msg)
{
    if (!curses_on || !app_size_ok(LINES, COLS))
        return;
    text_put_pad(stdscr, LINES - 1, 0, COLS, msg, theme_attr(TH_STATUS));
    curs_set(0);
    wnoutrefresh(stdscr);
    doupdate();
}

void app_message(ui_app *app, int error, const char *msg)
{
    snprintf(app->message, sizeof app->message, "%s", msg ? msg : "");
    app->message_error = error;
    app->dirty = 1;
}

void app_message_clear(ui_app *app)
{
    if (app->message[0])
        app->dirty = 1;
    app->message[0] = 0;
    app->message_error = 0;
}

const char *app_message_text(const ui_app *app, int *error)
{
    if (error)
        *error = app->message_error;
    return app->message;
}

void app_data_changed(ui_app *app)
{
    app->data_gen++;
    app->dirty = 1;
}

void app_focus(ui_app *app, int64_t id)
{
    app->focus_id = id;
}

int64_t app_take_focus(ui_app *app)
{
    int64_t id = app->focus_id;
    app->focus_id = 0;
    return id;
}

int app_is_top(const ui_app *app, const void *state)
{
    return app->depth > 0 && app->stack[app->depth - 1].state == state;
}

const screen_ops *app_screen_below(const ui_app *app)
{
    return app->depth >= 2 ? app->stack[app->depth - 2].ops : NULL;
}

/* --- the stack --------------------------------------------------------- */
static int push_screen(ui_app *app, const screen_ops *ops, void *arg)
{
    if (app->depth == UI_STACK_MAX)
        return -1;
    void *state = NULL;
    if (ops->open && ops->open(app, arg, &state) != 0)
        return -1;
    app->stack[app->depth].ops = ops;
    app->stack[app->depth].state = state;
    app->stack[app->depth].seen_gen = app->data_gen; /* open read what it shows */
    app->depth++;
    return 0;
}

static void pop_screen(ui_app *app)
{
    if (!app->depth)
        return;
    app->depth--;
    if (app->stack[app->depth].ops->close)
        app->stack[app->depth].ops->close(app->stack[app->depth].state, app);
    app->stack[app->depth].ops = NULL;
    app->stack[app->depth].state = NULL;
}

static void pop_all(ui_app *app)
{
    while (app->depth)
        pop_screen(app);
}

/* A failure the core reported after the fact (the journal could not be
 * written), shown above whatever screen is now on top. */
static void show_core_error(ui_app *app, const g_error *err)
{
    ui_reaction r = dialog_message(_("Journal"), err->msg, 1);
    if (r.kind == UI_PUSH && push_screen(app, r.screen, r.arg) != 0)
        beep();
}

static void do_logout(ui_app *app)
{
    pop_all(app);
    app_message_clear(app);
    g_error err = {0};
    g_status s = auth_logout(app->db, app->session, &err);
    app->session = NULL;
    app->locked = 0;
    push_screen(app, &screen_login, NULL);
    if (s != G_OK)
        show_core_error(app, &err);
}

static void do_lock(ui_app *app)
{
    if (!app->session || app->locked)
        return;
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i].ops->on_lock)
            app->stack[i].ops->on_lock(app->stack[i].state, app);
    /* idle when no key came for the configured time, else F9 (manual) */
    int idle_min = app->cfg->security.idle_lock_minutes;
    g_error err = {0};
    g_status s = idle_min > 0 && clock_now() - app->last_input >= (int64_t)idle_min * 60
                     ? auth_lock(app->db, app->session, &err)
                     : auth_lock_now(app->db, app->session, &err);
    app->locked = 1;
    app_message_clear(app); /* it may name a visitor: not on a locked desk */
    if (push_screen(app, &screen_lock, NULL) != 0) {
        /* no room to show the lock: closing the session is the safe side */
        do_logout(app);
    } else if (s != G_OK) {
        show_core_error(app, &err);
    }
}

static ui_reaction quit_answer(void *ctx, ui_app *app, int yes)
{
    return yes ? ui_quit() : ui_redraw();
}

/* Actions every screen shares, when the top screen passed the key. */
static ui_reaction global_key(ui_app *app, const ui_key *k)
{
    const screen_ops *top = app->stack[app->depth - 1].ops;
    switch (k->action) {
    case ACT_HELP:
        return top == &screen_help ? ui_none() : ui_push(&screen_help, NULL);
    case ACT_QUIT:
        return dialog_confirm(_("Quitter guichet ? (o/n)"), quit_answer, NULL);
    case ACT_LOCK:
        return app->session && !app->locked ? ui_lock() : ui_none();
    case ACT_LOGOUT:
        return app->session ? ui_logout() : ui_none();
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        return ui_redraw();
    case ACT_BACK:
        return app->depth > 1 && top != &screen_lock ? ui_pop() : ui_none();
    default:
        return ui_none();
    }
}

/* Applies a reaction; returns 1 when the screen must be drawn again, and
 * sets app->quit. */
static int apply(ui_app *app, ui_reaction r)
{
    for (int i = 0; i < r.pop && app->depth > 1; i++)
        pop_screen(app);
    if (r.pop > 0 && r.kind != UI_PUSH && r.kind != UI_REPLACE) {
        /* the screen below is on top again */
        const screen_ops *top = app->stack[app->depth - 1].ops;
        if (top->resume)
            top->resume(app->stack[app->depth - 1].state, app);
    }
    switch (r.kind) {
    case UI_NONE:
    case UI_PASS:
        return r.pop > 0;
    case UI_REDRAW:
        return 1;
    case UI_PUSH:
        if (push_screen(app, r.screen, r.arg) != 0)
            beep();
        else if (r.screen->enter)
            apply(app, r.screen->enter(app->stack[app->depth - 1].state, app));
        return 1;
    case UI_REPLACE: {
        /* keep the old screen if the new one cannot open */
        const screen_ops *old_ops = app->stack[app->depth - 1].ops;
        void *old_state = app->stack[app->depth - 1].state;
        app->depth--;
        if (push_screen(app, r.screen, r.arg) != 0) {
            app->stack[app->depth].ops = old_ops;
            app->stack[app->depth].state = old_state;
            app->depth++;
            beep();
        } else if (old_ops->close) {
            old_ops->close(old_state, app);
        }
        return 1;
    }
    case UI_LOCK:
        do_lock(app);
        return 1;
    case UI_LOGOUT:
        do_logout(app);
        return 1;
    case UI_QUIT:
        app->quit = 1;
        return 0;
    }
    return 1;
}

/* --- drawing ----------------------------------------------------------- */
static void draw_too_small(void)
{
    char msg[256];
    app_too_small_text(LINES, COLS, msg, sizeof msg);
    int w = COLS - 2 > 10 ? COLS - 2 : COLS;
    int lines = text_wrap_count(msg, w);
    int y = (LINES - lines) / 2;
    const char *s = msg;
    char line[256];
    for (int i = 0; i < lines && *s; i++) {
        size_t next, len = text_wrap(s, w, &next);
        memcpy(line, s, len);
        line[len] = 0;
        text_put_center(stdscr, y + i, 0, COLS, line, theme_attr(TH_ERROR));
        s += next;
    }
}

/* The message in the "who" row, wrapped upwards over the body when it is
 * longer than a line (never cut). */
static void draw_message(ui_app *app)
{
    int w = COLS - 2;
    int n = text_wrap_count(app->message, w);
    int max = LINES - 3; /* keep the title bar */
    if (n > max)
        n = max;
    attr_t a = theme_attr(app->message_error ? TH_ERROR : TH_OK) | A_BOLD;
    const char *s = app->message;
    for (int i = 0; i < n && *s; i++) {
        int y = LINES - 1 - n + i;
        size_t next = 0, len = text_wrap(s, w, &next);
        char line[sizeof app->message];
        memcpy(line, s, len);
        line[len] = 0;
        text_fill(stdscr, y, 0, COLS, theme_attr(TH_NORMAL));
        text_put(stdscr, y, 1, w, line, a);
        if (!next)
            break;
        s += next;
    }
}

static void draw_bars(ui_app *app, int base_index, const screen_ops *top, void *top_state)
{
    /* title bar */
    const screen_ops *base = app->stack[base_index].ops;
    const char *t = base->title_of ? base->title_of(app->stack[base_index].state)
                    : base->title  ? _(base->title)
                                   : NULL;
    char title[256];
    snprintf(title, sizeof title, " guichet%s%s", t ? " · " : "", t ? t : "");
    text_put_pad(stdscr, 0, 0, COLS, title, theme_attr(TH_TITLE));

    /* who, where, when; or the message */
    char clock_txt[32], who[512];
    status_clock(clock_now(), clock_txt, sizeof clock_txt);
    snprintf(app->shown_clock, sizeof app->shown_clock, "%s", clock_txt);
    if (app->message[0]) {
        draw_message(app);
    } else {
        int cw = text_width(clock_txt) + 2;
        if (app->session)
            status_who(who, sizeof who, COLS - cw - 2, app->session->display_name,
                       user_role_label(app->session->role), app->site.name);
        else
            status_who(who, sizeof who, COLS - cw - 2, _("Non connecté"), NULL, app->site.name);
        char padded[520];
        snprintf(padded, sizeof padded, " %s", who);
        text_put_pad(stdscr, LINES - 2, 0, COLS, padded, theme_attr(TH_STATUS));
        text_put_right(stdscr, LINES - 2, 0, COLS - 1, clock_txt, theme_attr(TH_STATUS));
    }

    /* key hints of the top screen */
    text_fill(stdscr, LINES - 1, 0, COLS, theme_attr(TH_NORMAL));
    ui_action offered[24]; /* the hints the screen's state offers now */
    size_t no = 0;
    for (const ui_action *h = top->hints;
         h && *h != ACT_NONE && no + 1 < sizeof offered / sizeof *offered; h++)
        if (!top->hint_shown || top->hint_shown(top_state, *h))
            offered[no++] = *h;
    offered[no] = ACT_NONE;
    status_hint hints[16];
    int n = status_hints(offered, COLS - 1, hints, 16);
    int bound = 0;
    for (const ui_action *h = offered; *h != ACT_NONE; h++) {
        char key[24];
        bound += keys_action_key(*h, key, sizeof key)[0] != 0;
    }
    app->hints_cut = bound - n;
    int x = 1;
    for (int i = 0; i < n; i++) {
        x += text_put(stdscr, LINES - 1, x, COLS - x, hints[i].key, theme_attr(TH_STATUS_KEY));
        x += 1;
        x += text_put(stdscr, LINES - 1, x, COLS - x, hints[i].label, theme_attr(TH_STATUS));
        x += 2;
    }
}

/* The first screen drawn: the top one, or the one under its overlays. */
static int base_index(const ui_app *app)
{
    int base = app->depth - 1;
    while (base > 0 && app->stack[base].ops->overlay)
        base--;
    return base;
}

/* Runs the reload op of every visible screen whose data changed since it
 * last read it (all of them when force). */
static void reload_visible(ui_app *app, int force)
{
    if (!app->depth)
        return;
    for (int i = base_index(app); i < app->depth; i++) {
        if (app->stack[i].seen_gen == app->data_gen &&
            (!force || app->stack[i].ops->reload_on_change_only))
            continue;
        app->stack[i].seen_gen = app->data_gen;
        if (app->stack[i].ops->reload) {
            app->stack[i].ops->reload(app->stack[i].state, app);
            app->dirty = 1;
        }
    }
}

void app_frame(ui_app *app)
{
    reload_visible(app, 0);
    if (!app->dirty)
        return;
    app->dirty = 0;
    erase();
    app->cursor_y = app->cursor_x = -1;
    app->drawing = 1; /* from here on, state is read, never the database */
    if (!app_size_ok(LINES, COLS) || !app->depth) {
        draw_too_small();
    } else {
        ui_rect body = app_body_rect(LINES, COLS);
        int base = base_index(app);
        for (int i = base; i < app->depth; i++) {
            app->cursor_y = app->cursor_x = -1;
            app->stack[i].ops->draw(app->stack[i].state, app, &body);
        }
        draw_bars(app, base, app->stack[app->depth - 1].ops, app->stack[app->depth - 1].state);
    }
    app->drawing = 0;
    if (app->cursor_y >= 0) {
        curs_set(1);
        move(app->cursor_y, app->cursor_x);
    } else {
        curs_set(0);
        move(LINES - 1, COLS - 1);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

void app_tick(ui_app *app)
{
    int64_t now = clock_now();
    int idle_min = app->cfg->security.idle_lock_minutes;
    if (app->session && !app->locked && idle_min > 0 &&
        now - app->last_input >= (int64_t)idle_min * 60)
        app->dirty |= apply(app, ui_lock());
    for (int i = 0; i < app->depth && !app->quit; i++)
        if (app->stack[i].ops->tick)
            app->dirty |= apply(app, app->stack[i].ops->tick(app->stack[i].state, app));
    /* the desk is idle: the -wal is copied into the base now rather than
     * inside someone's save, and extended ahead of the saves (db.h); again
     * every few quiet ticks, for what an idle moment could not finish (a
     * busy base, an old disk); nothing is lost if it fails */
    if (++app->quiet_ticks % IDLE_CHECKPOINT_TICKS == 0)
        db_idle(app->db, NULL);
    /* other desks change the data too: read it again now and then */
    if (++app->ticks >= UI_RELOAD_TICKS) {
        app->ticks = 0;
        reload_visible(app, 1);
    }
    char clock_txt[32];
    status_clock(now, clock_txt, sizeof clock_txt);
    if (strcmp(clock_txt, app->shown_clock) != 0)
        app->dirty = 1;
}

void app_resize(ui_app *app)
{
    ui_rect body = app_body_rect(LINES, COLS);
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i].ops->resize)
            app->stack[i].ops->resize(app->stack[i].state, app, &body);
    app->dirty = 1;
}

void app_key(ui_app *app, int fn, wint_t ch)
{
    if (!app->depth || app->quit)
        return;
    app->last_input = clock_now();
    app->ticks = 0;
    app->quiet_ticks = 0;
    if (!app_size_ok(LINES, COLS))
        return; /* nothing is shown to act upon; state is kept */
    const screen_ops *top = app->stack[app->depth - 1].ops;
    ui_key k = {fn != 0, ch, keys_resolve(top->keymap, fn, ch)};
    /* the message lasts until the next key; Échap, which only goes back,
     * hands it to the screen below */
    if (k.action != ACT_BACK)
        app_message_clear(app);
    void *state = app->stack[app->depth - 1].state;
    int was_locked = app->locked; /* the lock screen unlocks inside its key handler */
    ui_reaction r = top->key(state, app, &k);
    if (r.kind == UI_PASS && r.pop == 0)
        r = global_key(app, &k);
    app->dirty |= apply(app, r);
    if (was_locked && !app->locked && app->session) /* the password reopened the session */
        for (int i = 0; i < app->depth; i++)
            if (app->stack[i].ops->on_unlock)
                app->stack[i].ops->on_unlock(app->stack[i].state, app);
}

int app_running(const ui_app *app)
{
    return !app->quit && app->depth > 0;
}

void app_begin(ui_app *app, const g_config *cfg, int demo)
{
    memset(app, 0, sizeof *app);
    app->cfg = cfg;
    app->demo = demo;
    app->data_gen = 1;
    /* until the base is read (app_attach), the settings' name: the one
     * `guichet init` gave the base, so usually the same */
    snprintf(app->site.name, sizeof app->site.name, "%s", cfg->site.name);
    app->last_input = clock_now();
    push_screen(app, &screen_login, NULL);
    app->dirty = 1;
}

g_status app_attach(ui_app *app, g_db *db, int demo, g_error *err)
{
    app->db = db;
    /* the site's name heads every screen: a base not yet set up shows the
     * settings' name, a base that cannot be read says why and stops here
     * (it showed an empty name in silence) */
    g_site site = {0};
    g_error e = {0};
    g_status s = db_site_get(db, &site, &e);
    if (s != G_OK && s != G_ERR_NOTFOUND)
        return g_err(err, s, _("Impossible de lire le site dans la base : %s"), e.msg);
    if (s != G_OK || !site.name[0])
        snprintf(site.name, sizeof site.name, "%s", app->cfg->site.name);
    /* drawn again only if the base names the site otherwise than the first
     * frame did (the login screen shows nothing else of it) */
    if (strcmp(site.name, app->site.name) != 0)
        app->dirty = 1;
    app->site = site;
    if (demo && !app->demo) {
        app->demo = 1;
        app->dirty = 1;
    }
    return G_OK;
}

g_status app_start(ui_app *app, g_db *db, const g_config *cfg, int demo, g_error *err)
{
    keys_reset();
    g_status s = keys_apply_config(cfg, err);
    if (s != G_OK)
        return s;
    app_begin(app, cfg, demo);
    return app_attach(app, db, demo, err);
}

g_status app_finish(ui_app *app, int sig, g_error *err)
{
    /* SSH dropped or the system stops: every open form is kept as a draft */
    if (sig && app->session)
        for (int i = 0; i < app->depth; i++)
            if (app->stack[i].ops->save_draft)
                app->stack[i].ops->save_draft(app->stack[i].state, app);
    pop_all(app);
    g_status s = app->session ? auth_logout(app->db, app->session, err) : G_OK;
    app->session = NULL;
    return s;
}

/* --- the terminal side of the loop ---------------------------------------- */
int ui_run(const g_config *cfg, int demo, ui_open_fn open_base, void *open_ctx, g_db **db,
           g_error *open_err)
{
    *db = NULL;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "%s\n",
                _("guichet : l'interface demande un terminal (utilisez une commande, "
                  "voir guichet --help)."));
        return 2;
    }
    static ui_app app;
    g_error err = {0};
    /* the settings' [keys] are checked before the terminal is taken */
    keys_reset();
    if (keys_apply_config(cfg, &err) != G_OK) {
        fprintf(stderr, "guichet : %s\n", err.msg);
        return g_status_exit_code(G_ERR_INVALID);
    }

    install_signals();
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        fprintf(stderr, _("guichet : terminal « %s » inconnu.\n"),
                getenv("TERM") ? getenv("TERM") : "");
        return 2;
    }
    curses_on = 1;
    static int guard_registered;
    if (!guard_registered && atexit(restore_terminal) == 0)
        guard_registered = 1;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(50);
    timeout(TICK_MS);
    theme_init(cfg);
    input_init(TICK_MS);

    /* The login screen first, then the base: SQLite parses the whole schema
     * at a connection's first statement, longer than the rest of the
     * start-up, and nothing on that screen needs the base but the site's
     * name, which the settings give first (docs/performance.md). Keys typed
     * meanwhile wait in the terminal and are read once the base is open.
     * The failures db_open_check can tell were told before the terminal was
     * taken; any other one (busy, damaged, unreadable site) restores the
     * terminal and is handed back for the caller to say, as before. */
    app_begin(&app, cfg, demo);
    app_frame(&app);
    int is_demo = demo;
    g_status started = open_base(open_ctx, db, &is_demo, open_err);
    if (started == G_OK)
        started = app_attach(&app, *db, is_demo, open_err);
    if (started != G_OK) {
        g_error ignored = {0};
        app_finish(&app, 0, &ignored); /* no session yet: the screen is closed */
        /* what was typed on the login screen meanwhile (a login, a password,
         * Entrée) must not reach the shell once the terminal is back */
        flushinp();
        restore_terminal();
        delscreen(scr);
        return UI_OPEN_FAILED;
    }
    while (app_running(&app) && !stop_signal) {
        app_frame(&app);
        int fn = 0;
        wint_t ch = 0;
        input_kind got = input_read(&fn, &ch);
        if (stop_signal)
            break;
        switch (got) {
        case INPUT_TIMEOUT:
            app_tick(&app);
            break;
        case INPUT_RESIZE:
            app_resize(&app);
            break;
        case INPUT_SKIP:
            app.last_input = clock_now();
            break;
        case INPUT_KEY:
            app_key(&app, fn, ch);
            break;
        case INPUT_GONE:
            /* the terminal went away without SIGHUP (its pty closed, stdin at
             * its end): ended as a hang-up, drafts kept, instead of a loop
             * that would spin on a read that returns at once */
            stop_signal = SIGHUP;
            break;
        }
    }
    g_error out_err = {0};
    g_status out = app_finish(&app, (int)stop_signal, &out_err);
    restore_terminal();
    if (out != G_OK)
        fprintf(stderr, "guichet : %s\n", out_err.msg);
    delscreen(scr);
    /* a signal ends the session cleanly but says so to the caller */
    return stop_signal ? 128 + (int)stop_signal : 0;
}
