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
 *   row LINES-2      who: display name · role · site
 *   row LINES-1      key hints of the top screen (from actions.def)
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
    /* Creates the state from arg (ownership of arg passes to the screen).
     * Returns 0, or -1 when the screen cannot open (it is then not pushed). */
    int (*open)(ui_app *app, void *arg, void **state);
    void (*close)(void *state, ui_app *app); /* frees the state; may be NULL */
    void (*draw)(void *state, ui_app *app, const ui_rect *body);
    ui_reaction (*key)(void *state, ui_app *app, const ui_key *key);
    void (*resize)(void *state, ui_app *app, const ui_rect *body); /* optional */
    ui_reaction (*tick)(void *state, ui_app *app);                 /* optional, ~1 s */
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
} screen_ops;

#define UI_STACK_MAX 16

struct ui_app {
    g_db *db;
    const g_config *cfg;
    int demo;               /* demo database: the login screen lists the accounts */
    g_site site;            /* name shown on the login screen and status bar */
    g_session *session;     /* NULL until a login succeeds */
    int locked;             /* 1 while the lock screen is up */
    int cursor_y, cursor_x; /* set by draw: terminal cursor, -1 = hidden */
    /* below: app.c's own */
    struct {
        const screen_ops *ops;
        void *state;
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

#endif
