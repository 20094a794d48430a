/* keys.h — the key actions of actions.def: enum, lookup, names.
 *
 * Bindings live in one table initialised from actions.def; keys_bind() lets a
 * future [keys] section of the INI rebind an action by its ini_name without
 * any other change (config.c would call it for each key of the section). */
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

#define KEYS_PER_ACTION 2

/* One key press as the screens see it. */
typedef struct ui_key {
    int fn;           /* 1: ch is a curses KEY_* code, 0: a character */
    wint_t ch;        /* the character or the code */
    ui_action action; /* bound action, ACT_NONE when unbound */
} ui_key;

/* Restores the default bindings of actions.def. */
void keys_reset(void);

/* The first action (in actions.def order) bound to a key, ACT_NONE if none.
 * ui_key.action holds this: reliable for the shared actions at the top of
 * actions.def, whose keys are unique. Screen-specific actions may share a key
 * with another screen's ('d', 'i', F2…): test them with keys_is(). */
ui_action keys_lookup(int fn, wint_t ch);

/* 1 when the key pressed is one of the keys bound to action a. */
int keys_is(const ui_key *k, ui_action a);

/* Rebinds action ini_name to the keys in spec ("F5", "^L", "x", "F5,^L").
 * G_ERR_INVALID (naming the action or the key) when unknown. */
g_status keys_bind(const char *ini_name, const char *spec, g_error *err);

/* Applies every [keys] rebinding of the settings; the first bad one (unknown
 * action, bad key) fails with a message naming it and the settings file. */
g_status keys_apply_config(const g_config *cfg, g_error *err);

/* Parses one key name ("F5", "^L", "x", "Tab", "Esc"); 0 ok, -1 unknown.
 * Sets *fn and *code as ui_key. */
int keys_parse(const char *name, int *fn, int *code);

/* Short display name of a key ("F1", "^L", "Entrée"), translated, into buf. */
const char *keys_key_name(int fn, int code, char *buf, size_t size);

/* Display of the first key bound to an action ("F1"), "" if none. */
const char *keys_action_key(ui_action a, char *buf, size_t size);

/* All keys of an action joined with ", " ("F1, ?"). */
const char *keys_action_keys(ui_action a, char *buf, size_t size);

/* Translated label and help text of an action; its INI name. */
const char *keys_label(ui_action a);
const char *keys_help(ui_action a);
const char *keys_ini_name(ui_action a);

#endif
