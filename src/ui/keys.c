/* keys.c — the binding table generated from actions.def. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guichet/i18n.h"
#include "guichet/strbuf.h"
#include "ui/keys.h"

typedef struct binding {
    int fn;   /* 1: curses KEY_* code */
    int code; /* 0 = unused slot */
} binding;

typedef struct action_def {
    const char *ini_name;
    int key, key2;
    const char *label;
    const char *help;
} action_def;

static const action_def defs[ACT__COUNT] = {
    [ACT_NONE] = {"", 0, 0, "", ""},
#define ACTION(id, ini, key, key2, label, help) [ACT_##id] = {ini, key, key2, label, help},
#include "ui/actions.def"
#undef ACTION
};

/* the keymaps: one ACT_NONE-terminated array each */
#define KEYMAP(id, title, ...) static const ui_action km_##id[] = {__VA_ARGS__, ACT_NONE};
#include "ui/actions.def"
#undef KEYMAP

static const ui_action km_none[] = {ACT_NONE};

static const struct {
    const ui_action *actions;
    const char *title;
} keymaps[KM__COUNT] = {
    [KM_NONE] = {km_none, ""},
#define KEYMAP(id, title, ...) [KM_##id] = {km_##id, title},
#include "ui/actions.def"
#undef KEYMAP
};

static binding table[ACT__COUNT][KEYS_PER_ACTION];
static int table_ready;

static binding make_binding(int code)
{
    binding b = {code >= KEY_MIN && code <= KEY_MAX, code};
    return b;
}

void keys_reset(void)
{
    for (int a = 0; a < ACT__COUNT; a++) {
        table[a][0] = make_binding(defs[a].key);
        table[a][1] = make_binding(defs[a].key2);
    }
    table_ready = 1;
}

static void ensure_table(void)
{
    if (!table_ready)
        keys_reset();
}

static int bound_to(ui_action a, int fn, int code)
{
    for (int k = 0; k < KEYS_PER_ACTION; k++)
        if (table[a][k].code && table[a][k].fn == (fn != 0) && table[a][k].code == code)
            return 1;
    return 0;
}

static ui_action resolve_exact(ui_keymap km, int fn, int code)
{
    if (km > KM_NONE && km < KM__COUNT)
        for (const ui_action *a = keymaps[km].actions; *a != ACT_NONE; a++)
            if (bound_to(*a, fn, code))
                return *a;
    for (int a = ACT_SHARED_FIRST; a <= ACT_SHARED_LAST; a++)
        if (bound_to((ui_action)a, fn, code))
            return (ui_action)a;
    return ACT_NONE;
}

ui_action keys_resolve(ui_keymap km, int fn, wint_t ch)
{
    ensure_table();
    int code = (int)ch;
    /* terminals send Enter as CR, LF or KEY_ENTER */
    if (!fn && code == '\r')
        code = '\n';
    ui_action a = resolve_exact(km, fn, code);
    if (a == ACT_NONE && !fn && code >= 'A' && code <= 'Z')
        a = resolve_exact(km, 0, code - 'A' + 'a'); /* Caps Lock */
    return a;
}

ui_action keys_lookup(int fn, wint_t ch)
{
    return keys_resolve(KM_NONE, fn, ch);
}

const ui_action *keys_keymap(ui_keymap km)
{
    return km > KM_NONE && km < KM__COUNT ? keymaps[km].actions : km_none;
}

const char *keys_keymap_title(ui_keymap km)
{
    return km > KM_NONE && km < KM__COUNT ? _(keymaps[km].title) : "";
}

int keys_keymap_has(ui_keymap km, ui_action a)
{
    if (a >= ACT_SHARED_FIRST && a <= ACT_SHARED_LAST)
        return 1;
    for (const ui_action *p = keys_keymap(km); *p != ACT_NONE; p++)
        if (*p == a)
            return 1;
    return 0;
}

/* The first key two actions share, 0 when none. */
static int shared_key(ui_action a, ui_action b, int *fn)
{
    for (int i = 0; i < KEYS_PER_ACTION; i++)
        if (table[a][i].code && bound_to(b, table[a][i].fn, table[a][i].code)) {
            *fn = table[a][i].fn;
            return table[a][i].code;
        }
    return 0;
}

/* Every action a screen of keymap km reads: its own, then the shared ones. */
static size_t keymap_all(ui_keymap km, ui_action *out, size_t max)
{
    size_t n = 0;
    for (const ui_action *p = keys_keymap(km); *p != ACT_NONE && n < max; p++)
        out[n++] = *p;
    for (int a = ACT_SHARED_FIRST; a <= ACT_SHARED_LAST && n < max; a++)
        out[n++] = (ui_action)a;
    return n;
}

g_status keys_check(g_error *err)
{
    ensure_table();
    for (int km = KM_NONE; km < KM__COUNT; km++) {
        ui_action all[ACT__COUNT];
        size_t n = keymap_all((ui_keymap)km, all, ACT__COUNT);
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                int fn = 0, code = all[i] == all[j] ? 0 : shared_key(all[i], all[j], &fn);
                if (!code)
                    continue;
                char key[32];
                keys_key_name(fn, code, key, sizeof key);
                return g_err_field(err, G_ERR_INVALID, keys_ini_name(all[i]),
                                   _("La touche « %s » est donnée à la fois à keys:%s et à "
                                     "keys:%s, que l'écran « %s » lit tous les deux : "
                                     "choisissez une autre touche pour l'un des deux."),
                                   key, keys_ini_name(all[i]), keys_ini_name(all[j]),
                                   km == KM_NONE ? _("tous les écrans")
                                                 : keys_keymap_title((ui_keymap)km));
            }
    }
    return G_OK;
}

int keys_is(const ui_key *k, ui_action a)
{
    ensure_table();
    if (a <= ACT_NONE || a >= ACT__COUNT)
        return 0;
    int code = (int)k->ch;
    if (!k->fn && code == '\r')
        code = '\n';
    for (int i = 0; i < KEYS_PER_ACTION; i++)
        if (table[a][i].code && table[a][i].fn == (k->fn != 0) && table[a][i].code == code)
            return 1;
    return 0;
}

static const struct {
    const char *name;
    int fn, code;
} named[] = {
    {"Tab", 0, '\t'},         {"Esc", 0, KEY_ESC},
    {"Enter", 0, '\n'},       {"Space", 0, ' '},
    {"Up", 1, KEY_UP},        {"Down", 1, KEY_DOWN},
    {"Left", 1, KEY_LEFT},    {"Right", 1, KEY_RIGHT},
    {"PgUp", 1, KEY_PPAGE},   {"PgDn", 1, KEY_NPAGE},
    {"Home", 1, KEY_HOME},    {"End", 1, KEY_END},
    {"Delete", 1, KEY_DC},    {"Insert", 1, KEY_IC},
    {"BackTab", 1, KEY_BTAB}, {"Backspace", 1, KEY_BACKSPACE},
};

int keys_parse(const char *name, int *fn, int *code)
{
    if (!name || !*name)
        return -1;
    if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (*end || n < 1 || n > 24)
            return -1;
        *fn = 1, *code = KEY_F((int)n);
        return 0;
    }
    if (name[0] == '^' && name[1] && !name[2]) {
        *fn = 0, *code = CTRL(name[1]);
        return 0;
    }
    if (!name[1] && name[0] > ' ' && name[0] < 127) {
        *fn = 0, *code = name[0];
        return 0;
    }
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strcasecmp(name, named[i].name) == 0) {
            *fn = named[i].fn, *code = named[i].code;
            return 0;
        }
    return -1;
}

const char *keys_ini_key(int fn, int code, char *buf, size_t size)
{
    if (fn && code >= KEY_F(1) && code <= KEY_F(24)) {
        snprintf(buf, size, "F%d", code - KEY_F0);
        return buf;
    }
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (named[i].fn == (fn != 0) && named[i].code == code) {
            snprintf(buf, size, "%s", named[i].name);
            return buf;
        }
    if (fn && code == KEY_ENTER) {
        snprintf(buf, size, "%s", "Enter");
        return buf;
    }
    if (!fn && code > 0 && code < 32)
        snprintf(buf, size, "^%c", code + '@');
    else if (!fn && code > ' ' && code < 127)
        snprintf(buf, size, "%c", code);
    else
        snprintf(buf, size, "%s", "?");
    return buf;
}

const char *keys_default_spec(ui_action a, char *buf, size_t size)
{
    if (size)
        buf[0] = 0;
    if (a <= ACT_NONE || a >= ACT__COUNT)
        return buf;
    size_t used = 0;
    int codes[2] = {defs[a].key, defs[a].key2};
    for (int i = 0; i < 2; i++) {
        binding b = make_binding(codes[i]);
        if (!b.code)
            continue;
        char one[32];
        keys_ini_key(b.fn, b.code, one, sizeof one);
        if (used && strcmp(one, "Enter") == 0 && strstr(buf, "Enter"))
            continue; /* LF and KEY_ENTER: one name */
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", one);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

g_status keys_bind(const char *ini_name, const char *spec, g_error *err)
{
    ensure_table();
    int a = 1;
    while (a < ACT__COUNT && strcmp(defs[a].ini_name, ini_name) != 0)
        a++;
    if (a == ACT__COUNT)
        return g_err_field(err, G_ERR_INVALID, ini_name,
                           _("Action inconnue « %s » dans la section [keys]."), ini_name);
    binding nb[KEYS_PER_ACTION] = {{0, 0}};
    char copy[64];
    snprintf(copy, sizeof copy, "%s", spec);
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        int fn, code;
        if (keys_parse(tok, &fn, &code) != 0 || n == KEYS_PER_ACTION)
            return g_err_field(err, G_ERR_INVALID, ini_name,
                               _("Touche « %s » invalide pour keys:%s (exemples : F5, ^L, x)."),
                               tok, ini_name);
        nb[n].fn = fn, nb[n].code = code;
        n++;
    }
    if (n == 0)
        return g_err_field(err, G_ERR_INVALID, ini_name, _("Aucune touche pour keys:%s."),
                           ini_name);
    memcpy(table[a], nb, sizeof nb);
    return G_OK;
}

g_status keys_apply_config(const g_config *cfg, g_error *err)
{
    g_status s = G_OK;
    for (int i = 0; i < cfg->keys.count && s == G_OK; i++)
        s = keys_bind(cfg->keys.action[i], cfg->keys.spec[i], err);
    /* the built-in table has no conflict (tests/ui/test_keymaps.c): only a
     * [keys] section can bring one, and checking costs a quarter of a
     * millisecond at every start */
    if (s == G_OK && cfg->keys.count > 0)
        s = keys_check(err);
    if (s != G_OK) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        return g_err_field(err, s, "keys", _("%s (fichier %s)"), msg,
                           cfg->path[0] ? cfg->path : _("de réglages"));
    }
    return G_OK;
}

const char *keys_key_name(int fn, int code, char *buf, size_t size)
{
    if (fn) {
        if (code >= KEY_F(1) && code <= KEY_F(24)) {
            snprintf(buf, size, "F%d", code - KEY_F0);
            return buf;
        }
        const char *n = NULL;
        switch (code) {
        case KEY_UP:
            n = "↑";
            break;
        case KEY_DOWN:
            n = "↓";
            break;
        case KEY_LEFT:
            n = "←";
            break;
        case KEY_RIGHT:
            n = "→";
            break;
        case KEY_PPAGE:
            n = _("PgPréc");
            break;
        case KEY_NPAGE:
            n = _("PgSuiv");
            break;
        case KEY_HOME:
            n = _("Début");
            break;
        case KEY_END:
            n = _("Fin");
            break;
        case KEY_ENTER:
            n = _("Entrée");
            break;
        case KEY_BTAB:
            n = _("Maj+Tab");
            break;
        case KEY_DC:
            n = _("Suppr");
            break;
        case KEY_BACKSPACE:
            n = _("Retour arrière");
            break;
        default:
            n = "?";
            break;
        }
        snprintf(buf, size, "%s", n);
        return buf;
    }
    if (code == '\n' || code == '\r')
        snprintf(buf, size, "%s", _("Entrée"));
    else if (code == '\t')
        snprintf(buf, size, "%s", _("Tab"));
    else if (code == KEY_ESC)
        snprintf(buf, size, "%s", _("Échap"));
    else if (code == ' ')
        snprintf(buf, size, "%s", _("Espace"));
    else if (code < 32)
        snprintf(buf, size, "^%c", code + '@');
    else
        snprintf(buf, size, "%c", code);
    return buf;
}

const char *keys_action_key(ui_action a, char *buf, size_t size)
{
    ensure_table();
    if (size)
        buf[0] = 0;
    if (a <= ACT_NONE || a >= ACT__COUNT || !table[a][0].code)
        return buf;
    return keys_key_name(table[a][0].fn, table[a][0].code, buf, size);
}

const char *keys_action_keys(ui_action a, char *buf, size_t size)
{
    ensure_table();
    if (size)
        buf[0] = 0;
    if (a <= ACT_NONE || a >= ACT__COUNT)
        return buf;
    strbuf sb;
    strbuf_init(&sb, buf, size);
    for (int k = 0; k < KEYS_PER_ACTION; k++) {
        if (!table[a][k].code)
            continue;
        char one[32];
        keys_key_name(table[a][k].fn, table[a][k].code, one, sizeof one);
        if (sb.len && strstr(buf, one))
            continue; /* Enter and KEY_ENTER have one name */
        strbuf_join(&sb, ", ", one);
    }
    return buf;
}

const char *keys_sentence(char *buf, size_t size, const char *fmt, ...)
{
    char k[4][32] = {"", "", "", ""};
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; i < 4; i++) {
        int a = va_arg(ap, int); /* ui_action, promoted */
        if (a == ACT_NONE)
            break;
        keys_action_key((ui_action)a, k[i], sizeof k[i]);
    }
    va_end(ap);
    snprintf(buf, size, fmt, k[0], k[1], k[2], k[3]);
    return buf;
}

const char *keys_label(ui_action a)
{
    return a > ACT_NONE && a < ACT__COUNT ? _(defs[a].label) : "";
}

const char *keys_help(ui_action a)
{
    return a > ACT_NONE && a < ACT__COUNT ? _(defs[a].help) : "";
}

const char *keys_ini_name(ui_action a)
{
    return a > ACT_NONE && a < ACT__COUNT ? defs[a].ini_name : "";
}
