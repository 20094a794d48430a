/* keys.h — the key actions of actions.def: enum, keymaps, lookup, names.
 *
 * Bindings live in one table initialised from actions.def; the [keys]
 * section of the INI rebinds an action by its ini_name (keys_apply_config,
 * run by app_start), and keys_check refuses two actions of one screen's
 * keymap on the same key. */
#ifndef GUICHET_UI_KEYS_H
#define GUICHET_UI_KEYS_H

#include <stddef.h>
#include <wchar.h>

#include "guichet/config.h"
#include "guichet/error.h"

#ifndef CTRL
#define CTRL(c) ((c)&0x1f)
#endif
#define KEY_ESC      27
#define KEY_ENTER_LF '\n'

typedef enum ui_action {
    ACT_NONE = 0,
#define ACTION(id, ini, key, key2, label, help) ACT_##id,
#include "ui/actions.def"
#undef ACTION
    ACT__COUNT
} ui_action;

/* The shared actions every screen reads: ACT_HELP … ACT_QUIT. */
#define ACT_SHARED_FIRST ACT_HELP
#define ACT_SHARED_LAST  ACT_QUIT

/* The keymaps of actions.def: which actions a screen reads. */
typedef enum ui_keymap {
    KM_NONE = 0, /* the shared actions only */
#define KEYMAP(id, title, ...) KM_##id,
#include "ui/actions.def"
#undef KEYMAP
    KM__COUNT
} ui_keymap;

#define KEYS_PER_ACTION 2

/* One key press as the screens see it. */
typedef struct ui_key {
    int fn;           /* 1: ch is a curses KEY_* code, 0: a character */
    wint_t ch;        /* the character or the code */
    ui_action action; /* bound action, ACT_NONE when unbound */
} ui_key;

/* Restores the default bindings of actions.def. */
void keys_reset(void);

/* The action a key press means on a screen of keymap km: one of km's
 * actions, else a shared one, ACT_NONE if none. An upper-case letter bound
 * to nothing means its lower case (Caps Lock). app.c puts this in
 * ui_key.action for the top screen. */
ui_action keys_resolve(ui_keymap km, int fn, wint_t ch);

/* keys_resolve(KM_NONE, …): the shared actions only. */
ui_action keys_lookup(int fn, wint_t ch);

/* The ACT_NONE-terminated actions of keymap km (an empty list for KM_NONE). */
const ui_action *keys_keymap(ui_keymap km);
/* Its translated title (« Accueil »). */
const char *keys_keymap_title(ui_keymap km);
/* 1 when action a is in keymap km or is a shared action. */
int keys_keymap_has(ui_keymap km, ui_action a);

/* Two actions one screen reads bound to the same key: G_ERR_INVALID naming
 * both INI keys, the key and the screen. */
g_status keys_check(g_error *err);

/* 1 when the key pressed is one of the keys bound to action a. */
int keys_is(const ui_key *k, ui_action a);

/* Rebinds action ini_name to the keys in spec ("F5", "^L", "x", "F5,^L").
 * G_ERR_INVALID (naming the action or the key) when unknown. */
g_status keys_bind(const char *ini_name, const char *spec, g_error *err);

/* Applies every [keys] rebinding of the settings, then keys_check; the
 * first bad one (unknown action, bad key, conflict) fails with a message
 * naming it and the settings file. */
g_status keys_apply_config(const g_config *cfg, g_error *err);

/* Parses one key name ("F5", "^L", "x", "Tab", "Esc"); 0 ok, -1 unknown.
 * Sets *fn and *code as ui_key. */
int keys_parse(const char *name, int *fn, int *code);

/* The name of a key as the [keys] section writes it ("F5", "^L", "x",
 * "Esc", "PgDn"), the inverse of keys_parse, into buf. */
const char *keys_ini_key(int fn, int code, char *buf, size_t size);

/* The default keys of an action in [keys] syntax ("F1, ?"), into buf. */
const char *keys_default_spec(ui_action a, char *buf, size_t size);

/* Short display name of a key ("F1", "^L", "Entrée"), translated, into buf. */
const char *keys_key_name(int fn, int code, char *buf, size_t size);

/* Display of the first key bound to an action ("F1"), "" if none. */
const char *keys_action_key(ui_action a, char *buf, size_t size);

/* All keys of an action joined with ", " ("F1, ?"). */
const char *keys_action_keys(ui_action a, char *buf, size_t size);

/* fmt (translated) with each %s replaced, in order, by the key bound now
 * to the next action of the ACT_NONE-terminated list (at most 4):
 *   keys_sentence(buf, size, _("%s : enregistrer"), ACT_SAVE, ACT_NONE)
 * so that a sentence naming a key follows [keys]. Returns buf. */
const char *keys_sentence(char *buf, size_t size, const char *fmt, ...);

/* Translated label and help text of an action; its INI name. */
const char *keys_label(ui_action a);
const char *keys_help(ui_action a);
const char *keys_ini_name(ui_action a);

#endif
