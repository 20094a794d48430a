/* app.h — the screen stack, reactions and the application context.
 *
 * One screen = one file with one `const screen_ops` and its own state. Key
 * and tick handlers never draw or loop: they return a ui_reaction saying what
 * must happen next, and src/ui/app.c (the only caller of doupdate) applies
 * it. Screens draw into stdscr inside the body rectangle they are given; the
 * title bar (top row) and the two status rows (bottom) belong to app.c.
 *
 *   row 0            title bar: "guichet · <screen title>"          date time
 *   rows 1..LINES-3  body (the top screen, plus overlays above it)
 *   row LINES-2      who: display name · role · site; or the app's message
 *                    (wrapped upwards over the body when it is long)
 *   row LINES-1      key hints of the top screen (from actions.def)
 *
 * One app state (struct ui_app) holds what screens share: the message
 * shown on whichever screen is on top (app_message), the "data changed"
 * generation (app_data_changed) after which app.c runs the visible screens'
 * reload op before drawing, and the object the next reload should select
 * (app_focus). Draw functions read their state only: they never call the
 * core's database functions (tests/ui checks it on every frame).
 */
#ifndef GUICHET_UI_APP_H
#define GUICHET_UI_APP_H

#include "guichet/auth.h"
#include "guichet/config.h"
#include "guichet/db.h"
#include "ui/keys.h"

#define UI_MIN_COLS  80
#define UI_MIN_LINES 24

typedef struct ui_rect {
    int y, x, h, w;
} ui_rect;

typedef enum ui_kind {
    UI_NONE = 0, /* handled; nothing visible changed */
    UI_REDRAW,   /* handled; draw again */
    UI_PASS,     /* not handled: the app tries its global actions (help, quit…) */
    UI_PUSH,     /* open .screen (with .arg) above the current one */
    UI_REPLACE,  /* close the current screen and open .screen instead */
    UI_LOCK,     /* lock the session (idle lock) */
    UI_LOGOUT,   /* end the session, back to the login screen */
    UI_QUIT,     /* leave guichet now (confirmation already given) */
} ui_kind;

struct screen_ops;

typedef struct ui_reaction {
    ui_kind kind;
    int pop;                         /* screens to close before applying kind */
    const struct screen_ops *screen; /* UI_PUSH, UI_REPLACE */
    void *arg;                       /* handed to screen->open */
} ui_reaction;

typedef struct ui_app ui_app;

typedef struct screen_ops {
    const char *name;       /* stable id ("login", "home"), for code and tests */
    const char *title;      /* N_() title for the title bar, NULL = none */
    int overlay;            /* 1: drawn above the screen below it (dialogs) */
    const ui_action *hints; /* actions shown in the status bar, ACT_NONE-terminated */
    ui_keymap keymap;       /* the actions.def keymap its key handler reads (KM_NONE: globals) */
    /* Creates the state from arg (ownership of arg passes to the screen).
     * Returns 0, or -1 when the screen cannot open (it is then not pushed). */
    int (*open)(ui_app *app, void *arg, void **state);
    void (*close)(void *state, ui_app *app); /* frees the state; may be NULL */
    void (*draw)(void *state, ui_app *app, const ui_rect *body);
    ui_reaction (*key)(void *state, ui_app *app, const ui_key *key);
    void (*resize)(void *state, ui_app *app, const ui_rect *body); /* optional */
    ui_reaction (*tick)(void *state, ui_app *app);                 /* optional, ~1 s */
    /* optional: reads from the core what the screen shows. app.c calls it
     * (never during a draw) when the screen is visible and data changed
     * since it last read (app_data_changed), and every few idle seconds for
     * other desks' changes; draw only reads what it left in the state. */
    void (*reload)(void *state, ui_app *app);
    /* 1: reload only after app_data_changed, never on the idle ticks
     * (reading it is journaled: the notes) */
    int reload_on_change_only;
    /* optional: the screens above it closed: it is on top again (focus back
     * where the user expects it) */
    void (*resume)(void *state, ui_app *app);
    const char *(*title_of)(void *state); /* optional: a title that depends on the state */
    /* optional: on SIGHUP/SIGTERM, before the session closes, keeps the
     * half-typed form as a draft (draft.h) for the next login */
    void (*save_draft)(void *state, ui_app *app);
    /* optional: called once right after the screen was pushed; the reaction
     * it returns is applied (a screen that starts by opening a picker) */
    ui_reaction (*enter)(void *state, ui_app *app);
    /* optional: the session is about to lock (every screen of the stack is
     * told, bottom first): wipe any decrypted secret it holds (a note's text)
     * so that nothing of it stays in memory or is drawn until unlock */
    void (*on_lock)(void *state, ui_app *app);
    /* optional: the session was unlocked with the password (secret key back) */
    void (*on_unlock)(void *state, ui_app *app);
    /* optional: 0 when the state does not offer the hinted action `a` now
     * (the selected row's status does not allow it): the status bar leaves
     * it out. Runs while drawing: reads the state only. */
    int (*hint_shown)(void *state, ui_action a);
} screen_ops;

#define UI_STACK_MAX 16

/* Idle ticks (about a second each) between two reloads of the visible
 * screens, for what other desks changed. */
#define UI_RELOAD_TICKS 5

struct ui_app {
    g_db *db;
    const g_config *cfg;
    int demo;               /* demo database: the login screen lists the accounts */
    g_site site;            /* name shown on the login screen and status bar */
    g_session *session;     /* NULL until a login succeeds */
    int locked;             /* 1 while the lock screen is up */
    int cursor_y, cursor_x; /* set by draw: terminal cursor, -1 = hidden */
    /* below: app.c's own (screens use the app_* functions) */
    char message[512]; /* shown on whichever screen is on top, "" = none */
    int message_error; /* 1: drawn as an error */
    unsigned data_gen; /* bumped by app_data_changed() */
    int64_t focus_id;  /* what the next reload should select (app_focus), 0 = none */
    int drawing;       /* 1 while draw functions run (no core call allowed) */
    int dirty;         /* a frame must be drawn */
    int quit;          /* the loop must end (confirmed quit) */
    int ticks;         /* idle ticks since the last periodic reload */
    int quiet_ticks;   /* ticks since the last key, for the idle checkpoint (db_idle) */
    int hints_cut;     /* status-bar hints the last frame had no room for (tests) */
    struct {
        const screen_ops *ops;
        void *state;
        unsigned seen_gen; /* data_gen when it last read its data */
    } stack[UI_STACK_MAX];
    int depth;
    int64_t last_input; /* clock_now() of the last key, for the idle lock */
    char shown_clock[32];
};

/* Reaction constructors. */
static inline ui_reaction ui_none(void)
{
    return (ui_reaction){UI_NONE, 0, NULL, NULL};
}
static inline ui_reaction ui_redraw(void)
{
    return (ui_reaction){UI_REDRAW, 0, NULL, NULL};
}
static inline ui_reaction ui_pass(void)
{
    return (ui_reaction){UI_PASS, 0, NULL, NULL};
}
static inline ui_reaction ui_push(const screen_ops *s, void *arg)
{
    return (ui_reaction){UI_PUSH, 0, s, arg};
}
static inline ui_reaction ui_replace(const screen_ops *s, void *arg)
{
    return (ui_reaction){UI_REPLACE, 0, s, arg};
}
static inline ui_reaction ui_pop(void)
{
    return (ui_reaction){UI_REDRAW, 1, NULL, NULL};
}
static inline ui_reaction ui_quit(void)
{
    return (ui_reaction){UI_QUIT, 0, NULL, NULL};
}
static inline ui_reaction ui_logout(void)
{
    return (ui_reaction){UI_LOGOUT, 0, NULL, NULL};
}
static inline ui_reaction ui_lock(void)
{
    return (ui_reaction){UI_LOCK, 0, NULL, NULL};
}

/* The message line: msg (copied) is shown by whichever screen is on top
 * until the next key the user presses (Échap, which only goes back, leaves
 * it to the screen below). error = 1 draws it as an error. */
void app_message(ui_app *app, int error, const char *msg);
void app_message_clear(ui_app *app);
/* The current message ("" when none), *error set when not NULL. */
const char *app_message_text(const ui_app *app, int *error);

/* Data changed (a save, an arrival…): the visible screens reload before the
 * next frame, and every other screen when it is on top again. */
void app_data_changed(ui_app *app);

/* Asks the next reload of the screen showing such objects to select id (an
 * appointment after a booking); app_take_focus returns it once (0 = none). */
void app_focus(ui_app *app, int64_t id);
int64_t app_take_focus(ui_app *app);

/* 1 when state is the top screen's. */
int app_is_top(const ui_app *app, const void *state);

/* Puts the terminal cursor at (y, x) after this frame (text fields). */
void app_set_cursor(ui_app *app, int y, int x);

/* Shows msg at once in the key-hint row ("Vérification du mot de passe…")
 * before a slow core call made inside a key handler; the next frame replaces
 * it. Implemented in app.c, which stays the only caller of doupdate(). */
void app_busy(ui_app *app, const char *msg);

/* The screen under the top one (for overlays), NULL if none. */
const screen_ops *app_screen_below(const ui_app *app);

/* Pure layout (no terminal needed): the body rectangle for a terminal of
 * lines x cols, and whether that terminal is big enough. */
ui_rect app_body_rect(int lines, int cols);
int app_size_ok(int lines, int cols);

/* The "terminal trop petit" message for the current size, into buf. */
const char *app_too_small_text(int lines, int cols, char *buf, size_t size);

/* --- the loop's parts (ui_run, and the headless test driver tests/ui/) --
 * curses must be on (initscr/newterm) before app_start. */

/* Resets the app, applies the [keys] of cfg (refusing conflicts) and opens
 * the login screen: app_begin then app_attach. G_OK, or the French error of
 * the settings or of the base. */
g_status app_start(ui_app *app, g_db *db, const g_config *cfg, int demo, g_error *err);
/* The two halves of app_start, for ui_run, which draws the login screen
 * before the base is open (SQLite reads the whole schema at the first
 * statement: more time than the rest of the start-up). app_begin: reset,
 * the login screen, the settings' site name, no base yet ([keys] applied
 * before). app_attach: the base, its site's name (drawn again if it differs)
 * and its demo flag; G_ERR_* when the site cannot be read. */
void app_begin(ui_app *app, const g_config *cfg, int demo);
g_status app_attach(ui_app *app, g_db *db, int demo, g_error *err);
/* One key press (fn: 1 when ch is a KEY_* code). */
void app_key(ui_app *app, int fn, wint_t ch);
/* One idle tick (about a second without a key): idle lock, screen ticks,
 * periodic reload, the clock. */
void app_tick(ui_app *app);
/* The terminal was resized (LINES and COLS are the new size). */
void app_resize(ui_app *app);
/* Draws a frame when something changed (reloads first what must be). */
void app_frame(ui_app *app);
/* 1 while the session goes on (no confirmed quit, a screen is open). */
int app_running(const ui_app *app);
/* Ends the session: drafts kept when ended by a signal (sig != 0), screens
 * closed, logout. A logout the journal missed is returned (err filled), for
 * the caller to say once the terminal is back. */
g_status app_finish(ui_app *app, int sig, g_error *err);

#endif
