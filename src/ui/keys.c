/* keys.c — the binding table generated from actions.def. */
#include <curses.h>
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

ui_action keys_lookup(int fn, wint_t ch)
{
    ensure_table();
    for (int a = 1; a < ACT__COUNT; a++)
        for (int k = 0; k < KEYS_PER_ACTION; k++)
            if (table[a][k].code && table[a][k].fn == (fn != 0) && table[a][k].code == (int)ch)
                return (ui_action)a;
    /* terminals send Enter as CR, LF or KEY_ENTER; ^H/DEL are backspace */
    if (!fn && ch == '\r')
        return keys_lookup(0, '\n');
    return ACT_NONE;
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
    for (int i = 0; i < cfg->keys.count; i++) {
        g_status s = keys_bind(cfg->keys.action[i], cfg->keys.spec[i], err);
        if (s != G_OK) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            return g_err_field(err, s, "keys", _("%s (fichier %s)"), msg, cfg->path);
        }
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
