/* config.c — settings from the INI file (see include/guichet/config.h).
 *
 * One table, keys[], declares every setting: section, key, type, range or
 * choices, where it lives in g_config, its default and a short help. Defaults
 * are applied by feeding the default text through the same setter that reads
 * the file, so a default can never disagree with the validation.
 *
 * iniparser 4.1 (Debian) stores a section as an entry whose value is NULL and
 * its getint/getlongint dereference that NULL when asked for a key that names
 * a section (CVE-2023-33461; "[security:idle_lock_minutes]" is enough). So no
 * value is ever read with iniparser_getint/getstring here: ini_lookup() is the
 * one accessor; it checks the entry exists (iniparser_find_entry) and then
 * finds it in the dictionary itself, refusing an entry that is a section. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iniparser.h>

#include "guichet/config.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/paths.h"
#include "guichet/utf8.h"
#include "guichet/strbuf.h"

/* ------------------------------------------------------------------------ */
/* The table                                                                  */

typedef enum key_type {
    K_STRING, /* text, checked by an optional validator */
    K_PATH,   /* text; a leading "~/" is replaced by $HOME */
    K_INT,    /* decimal integer within [min, max] */
    K_BOOL,   /* oui/non, true/false, yes/no, 1/0 */
    K_CHOICE, /* one of choices[] */
    K_SEP,    /* export separator: ";" "," or "tab", stored as a char */
    K_PHONE,  /* a phone number, stored in E.164 (normalize_phone) */
} key_type;

/* Extra check of a string value; returns NULL when fine, else what was
 * expected (already translated). */
typedef const char *(*key_check)(const char *value);

typedef struct key_def {
    const char *section;    /* INI section, lower case */
    const char *key;        /* key inside the section, lower case */
    key_type type;          /* how the text is read */
    size_t offset;          /* where it lives in g_config */
    size_t size;            /* buffer size for K_STRING/K_PATH/K_CHOICE */
    int min, max;           /* range for K_INT */
    const char *choices[4]; /* K_CHOICE, NULL-terminated */
    key_check check;        /* optional extra validation for K_STRING */
    const char *def;        /* default, as it would be written in the file */
    const char *help;       /* one line for guichet.ini.example and docs */
} key_def;

static const char *check_matricule(const char *v);
static const char *check_insee(const char *v);
static const char *check_timezone(const char *v);
static const char *check_address(const char *v);
static const char *check_folder(const char *v);

#define F(member) offsetof(g_config, member)
#define S(member) sizeof(((g_config *)0)->member)

#define STR(sec, k, member, chk, dflt, hlp)                                                        \
    {                                                                                              \
        sec, k, K_STRING, F(member), S(member), 0, 0, {NULL}, chk, dflt, hlp                       \
    }
#define PATHK(sec, k, member, dflt, hlp)                                                           \
    {                                                                                              \
        sec, k, K_PATH, F(member), S(member), 0, 0, {NULL}, NULL, dflt, hlp                        \
    }
#define INT(sec, k, member, lo, hi, dflt, hlp)                                                     \
    {                                                                                              \
        sec, k, K_INT, F(member), S(member), lo, hi, {NULL}, NULL, dflt, hlp                       \
    }
#define BOOL(sec, k, member, dflt, hlp)                                                            \
    {                                                                                              \
        sec, k, K_BOOL, F(member), S(member), 0, 1, {NULL}, NULL, dflt, hlp                        \
    }
#define CHOICE(sec, k, member, c1, c2, c3, dflt, hlp)                                              \
    {                                                                                              \
        sec, k, K_CHOICE, F(member), S(member), 0, 0, {c1, c2, c3, NULL}, NULL, dflt, hlp          \
    }

static const key_def keys[] = {
    STR("site", "matricule", site.matricule, check_matricule, "",
        N_("identifiant national France Services du site (lettres, chiffres, tirets)")),
    STR("site", "name", site.name, NULL, "", N_("nom du site affiché à l'écran de connexion")),
    STR("site", "commune", site.commune, check_insee, "",
        N_("code INSEE de la commune du site (5 caractères, ex. 58194 ou 2A004)")),
    STR("site", "timezone", site.timezone, check_timezone, "Europe/Paris",
        N_("fuseau horaire du site (nom de /usr/share/zoneinfo)")),
    STR("site", "hours", site.hours, NULL, "Mo-Fr 08:30-12:00,13:30-17:00",
        N_("heures d'ouverture, syntaxe opening_hours d'OpenStreetMap")),
    STR("site", "address", site.address, check_address, "",
        N_("adresse du site sur une ligne, imprimée sur les fiches et la feuille du jour")),
    {"site",
     "phone",
     K_PHONE,
     F(site.phone),
     S(site.phone),
     0,
     0,
     {NULL},
     NULL,
     "",
     N_("téléphone du site, imprimé sur les fiches (ex. 03 86 27 00 00)")},
    PATHK("database", "path", database.path, "",
          N_("fichier de la base ; vide = $XDG_DATA_HOME/guichet/guichet.db")),
    INT("security", "idle_lock_minutes", security.idle_lock_minutes, 0, 1440, "5",
        N_("verrouillage de l'écran après N minutes d'inactivité (0 = jamais)")),
    INT("security", "failed_login_limit", security.failed_login_limit, 1, 100, "5",
        N_("nombre d'échecs de connexion avant le blocage du compte")),
    INT("security", "lockout_minutes", security.lockout_minutes, 1, 1440, "15",
        N_("durée du blocage du compte, en minutes")),
    INT("security", "min_password_length", security.min_password_length, 8, 256, "12",
        N_("longueur minimale des mots de passe")),
    CHOICE("ui", "theme", ui.theme, "auto", "couleur", "monochrome", "auto",
           N_("couleurs de l'écran : auto, couleur ou monochrome")),
    CHOICE("ui", "language", ui.language, "fr", "en", NULL, "fr",
           N_("langue de l'interface : fr ou en")),
    PATHK("export", "dir", export.dir, "",
          N_("dossier de dépôt des exports ; vide = $XDG_DATA_HOME/guichet/export")),
    {"export",
     "separator",
     K_SEP,
     F(export.separator),
     S(export.separator),
     0,
     0,
     {NULL},
     NULL,
     ";",
     N_("séparateur des fichiers CSV : \";\", \",\" ou tab (entre guillemets)")},
    BOOL("export", "bom", export.bom, "oui", N_("marque d'ordre des octets UTF-8 en tête")),
    BOOL("export", "crlf", export.crlf, "oui", N_("fins de ligne CRLF (tableurs Windows)")),
    BOOL("export", "commune", export.with_commune, "oui", N_("exporter la commune de l'usager")),
    BOOL("export", "age_band", export.with_age_band, "oui",
         N_("exporter la tranche d'âge de l'usager")),
    BOOL("export", "sex", export.with_sex, "oui", N_("exporter le sexe de l'usager")),
    BOOL("export", "pseudonym", export.with_pseudonym, "oui",
         N_("exporter un pseudonyme stable de l'usager")),
    INT("orientation", "followup_days", orientation.followup_days, 1, 365, "10",
        N_("relance d'une orientation restée sans réponse après N jours")),
    INT("orientation", "expiry_days", orientation.expiry_days, 1, 3650, "30",
        N_("une orientation sans réponse expire après N jours")),
    INT("rgpd", "visitor_months", rgpd.visitor_months, 1, 120, "24",
        N_("effacer les fiches sans contact depuis N mois")),
    INT("rgpd", "comment_months", rgpd.comment_months, 1, 120, "12",
        N_("vider les commentaires des demandes de plus de N mois")),
    INT("rgpd", "orientation_months", rgpd.orientation_months, 1, 120, "24",
        N_("détacher de la personne les orientations et transmissions de plus de N mois")),
    INT("rgpd", "appointment_months", rgpd.appointment_months, 1, 120, "24",
        N_("détacher de la personne les rendez-vous de plus de N mois")),
    INT("rgpd", "note_months", rgpd.note_months, 1, 120, "24",
        N_("effacer les notes confidentielles non modifiées depuis N mois")),
    INT("rgpd", "journal_months", rgpd.journal_months, 6, 36, "12",
        N_("effacer les entrées du journal de plus de N mois")),
    STR("print", "command", print.command, NULL, "",
        N_("commande d'impression, ex. lp -d accueil ; vide = pas d'imprimante")),
    {"print",
     "folder",
     K_PATH,
     F(print.folder),
     S(print.folder),
     0,
     0,
     {NULL},
     check_folder,
     "",
     N_("dossier des fiches enregistrées ; vide = $XDG_DATA_HOME/guichet/impressions")},
    BOOL("print", "ascii", print.ascii, "non",
         N_("imprimer en ASCII pur (é→e, « » → \") pour les vieilles imprimantes")),
    PATHK("sync", "key_file", sync.key_file, "",
          N_("fichier de la clé du réseau de synchronisation ; vide = phrase de passe demandée")),
    STR("sync", "network", sync.network, NULL, "guichet",
        N_("nom du réseau de synchronisation, vérifié dans chaque paquet")),
    {"sync",
     "folder",
     K_PATH,
     F(sync.folder),
     S(sync.folder),
     0,
     0,
     {NULL},
     check_folder,
     "",
     N_("dossier des paquets de synchronisation ; vide = $XDG_DATA_HOME/guichet/synchro")},
};

#define NKEYS (sizeof keys / sizeof keys[0])

/* ------------------------------------------------------------------------ */
/* Paths                                                                      */

/* The layout of the current environment (not the one recorded by an earlier
 * config_load: defaults follow the environment as it is now). */
static g_status env_paths(g_paths *p)
{
    paths_env env;
    paths_env_current(&env);
    return paths_resolve(&env, p, NULL);
}

void config_default_path(char *buf, size_t size)
{
    g_paths p;
    if (env_paths(&p) != G_OK || (size_t)snprintf(buf, size, "%s", p.config) >= size)
        snprintf(buf, size, "%s", ""); /* a cut path would name another file */
}

/* The data folder's file name, "" when there is no data folder or the path
 * does not fit. */
static void data_path(const g_config *cfg, const char *name, char *buf, size_t size)
{
    if (!cfg->data_dir[0] || paths_join(cfg->data_dir, name, buf, size, NULL) != G_OK)
        snprintf(buf, size, "%s", "");
}

void config_db_path(const g_config *cfg, char *buf, size_t size)
{
    if (cfg && cfg->database.path[0])
        snprintf(buf, size, "%s", cfg->database.path);
    else if (cfg)
        data_path(cfg, "guichet.db", buf, size);
    else
        snprintf(buf, size, "%s", "");
}

/* ------------------------------------------------------------------------ */
/* Validators                                                                 */

static const char *check_matricule(const char *v)
{
    for (const char *p = v; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-')
            return _("des lettres sans accent, des chiffres et des tirets (31 au plus)");
    return NULL;
}

static const char *check_insee(const char *v)
{
    const char *want = _("un code INSEE de commune : 5 caractères, deux chiffres (ou 2A, 2B "
                         "pour la Corse) puis trois chiffres, par exemple 58194");
    if (!*v)
        return NULL; /* not set */
    if (strlen(v) != 5)
        return want;
    int corsica = v[0] == '2' && (v[1] == 'A' || v[1] == 'B' || v[1] == 'a' || v[1] == 'b');
    if (!corsica && !(isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[1])))
        return want;
    for (int i = 2; i < 5; i++)
        if (!isdigit((unsigned char)v[i]))
            return want;
    return NULL;
}

/* The site's address, printed on one line under its name. */
static const char *check_address(const char *v)
{
    if (utf8_chars(v) > 200)
        return _("une adresse sur une ligne, 200 caractères au plus");
    return NULL;
}

/* The printouts folder: absolute, as every path of paths.h (a relative one
 * would depend on where guichet was started). */
static const char *check_folder(const char *v)
{
    if (*v && *v != '/')
        return _("un chemin de dossier absolu (/… ou ~/…), ou rien pour le dossier des "
                 "données");
    return NULL;
}

/* Same rule as clock_set_zone, without changing the process's zone. */
static const char *check_timezone(const char *v)
{
    const char *want = _("un fuseau horaire connu du système, par exemple Europe/Paris, "
                         "America/Cayenne ou Indian/Reunion");
    if (strcmp(v, "UTC") == 0)
        return NULL;
    if (!*v || v[0] == '/' || strstr(v, "..") || strlen(v) >= 64)
        return want;
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", v);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return want;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Setting one value                                                          */

/* Where a message says which file: " (fichier X)", or "" for defaults. */
typedef struct load_ctx {
    const char *file; /* the INI file, NULL while applying defaults */
    char *warn;       /* warnings buffer (may be NULL) */
    size_t wsize;
    int full; /* a warning did not fit: add no more */
} load_ctx;

/* Fills err for key k with the value as read and what was expected. */
/* The value as a message shows it: « text » cut to 60 columns, or (vide). */
static void quote_value(const char *value, char *out, size_t size)
{
    char cut[96];
    if (!*value) {
        snprintf(out, size, "%s", _("(vide)"));
    } else if (!utf8_valid(value, strlen(value))) {
        snprintf(out, size, "%s", _("(texte qui n'est pas en UTF-8)"));
    } else {
        utf8_fit(value, 60, 1, cut, sizeof cut);
        snprintf(out, size, _("« %s »"), cut);
    }
}

/* Fills err for key k with the value as read and what was expected. */
static g_status bad_value(const load_ctx *lc, const key_def *k, const char *value,
                          const char *expected, g_error *err)
{
    char shown[128];
    quote_value(value, shown, sizeof shown);
    char field[48];
    snprintf(field, sizeof field, "%s:%s", k->section, k->key);
    if (lc->file)
        return g_err_field(err, G_ERR_INVALID, field,
                           _("[%s] %s = %s : %s est attendu (fichier %s)."), k->section, k->key,
                           shown, expected, lc->file);
    return g_err_field(err, G_ERR_INVALID, field, _("[%s] %s = %s : %s est attendu."), k->section,
                       k->key, shown, expected);
}

/* Strict decimal integer: optional sign, digits, nothing else. */
static int parse_int(const char *s, long *out)
{
    if (!*s)
        return -1;
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return -1;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q))
            return -1;
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static int parse_bool(const char *s)
{
    static const char *yes[] = {"oui", "true", "yes", "1", "vrai"};
    static const char *no[] = {"non", "false", "no", "0", "faux"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

static g_status set_value(const load_ctx *lc, const key_def *k, const char *v, g_config *cfg,
                          g_error *err)
{
    char *dst = (char *)cfg + k->offset;
    char expected[160];
    switch (k->type) {
    case K_STRING:
    case K_PATH: {
        char buf[PATH_MAX + 2];
        if (!utf8_valid(v, strlen(v)))
            return bad_value(lc, k, v, _("du texte en UTF-8"), err);
        for (const char *p = v; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                return bad_value(lc, k, v, _("du texte sans caractère de contrôle"), err);
        if (k->type == K_PATH && v[0] == '~' && (v[1] == '/' || !v[1])) {
            const char *home = paths_home();
            if (!home)
                return bad_value(lc, k, v,
                                 _("un chemin absolu (ce compte n'a pas de dossier "
                                   "personnel pour « ~ »)"),
                                 err);
            snprintf(buf, sizeof buf, "%s%s", home, v + 1);
            v = buf;
        }
        if (strlen(v) >= k->size) {
            char field[48], shown[128];
            snprintf(field, sizeof field, "%s:%s", k->section, k->key);
            quote_value(v, shown, sizeof shown);
            return g_err_field(err, G_ERR_INVALID, field,
                               _("[%s] %s = %s : valeur trop longue (%zu caractères) ; "
                                 "%zu au plus sont permis, une lettre accentuée comptant "
                                 "pour deux (fichier %s)."),
                               k->section, k->key, shown, utf8_chars(v), k->size - 1,
                               lc->file ? lc->file : "-");
        }
        const char *why = k->check ? k->check(v) : NULL;
        if (why)
            return bad_value(lc, k, v, why, err);
        snprintf(dst, k->size, "%s", v);
        if (k->check == check_insee)
            for (char *p = dst; *p; p++)
                *p = (char)toupper((unsigned char)*p);
        return G_OK;
    }
    case K_INT: {
        long n;
        if (parse_int(v, &n) != 0 || n < k->min || n > k->max) {
            snprintf(expected, sizeof expected, _("un nombre entier entre %d et %d"), k->min,
                     k->max);
            return bad_value(lc, k, v, expected, err);
        }
        *(int *)(void *)dst = (int)n;
        return G_OK;
    }
    case K_BOOL: {
        int b = parse_bool(v);
        if (b < 0)
            return bad_value(lc, k, v, _("oui ou non (ou true/false, yes/no, 1/0)"), err);
        *(int *)(void *)dst = b;
        return G_OK;
    }
    case K_CHOICE:
        for (int i = 0; k->choices[i]; i++)
            if (strcmp(v, k->choices[i]) == 0) {
                snprintf(dst, k->size, "%s", v);
                return G_OK;
            }
        strbuf sb;
        strbuf_init(&sb, expected, sizeof expected);
        for (int i = 0; k->choices[i]; i++)
            strbuf_printf(&sb, "%s%s", i ? _(" ou ") : "", k->choices[i]);
        return bad_value(lc, k, v, expected, err);
    case K_PHONE: {
        g_error perr = {0};
        if (!*v) {
            dst[0] = 0;
            return G_OK;
        }
        char e164[NORMALIZE_PHONE_SIZE];
        if (normalize_phone(v, e164, &perr) != G_OK)
            return bad_value(lc, k, v,
                             _("un numéro de téléphone, par exemple 03 86 27 00 00 ou +262 262 "
                               "12 34 56"),
                             err);
        snprintf(dst, k->size, "%s", e164);
        return G_OK;
    }
    case K_SEP:
        if (strcmp(v, ";") == 0 || strcmp(v, ",") == 0)
            *dst = v[0];
        else if (strcmp(v, "tab") == 0)
            *dst = '\t';
        else
            return bad_value(lc, k, v,
                             _("\";\", \",\" ou tab (entre guillemets : sans eux, ; ou # "
                               "commence un commentaire)"),
                             err);
        return G_OK;
    }
    return bad_value(lc, k, v, "?", err);
}

/* Defaults that depend on the environment, applied when the value is "". */
static void fill_computed(g_config *cfg)
{
    if (!cfg->export.dir[0])
        data_path(cfg, "export", cfg->export.dir, sizeof cfg->export.dir);
}

void config_defaults(g_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    load_ctx lc = {NULL, NULL, 0, 0};
    for (size_t i = 0; i < NKEYS; i++) {
        g_status st = set_value(&lc, &keys[i], keys[i].def, cfg, NULL);
        (void)st; /* the defaults are valid: test_config checks it */
    }
    g_paths p;
    if (env_paths(&p) == G_OK)
        snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s", p.data);
    fill_computed(cfg);
}

int config_key(size_t i, const char **section, const char **key, const char **def,
               const char **help)
{
    if (i >= NKEYS)
        return -1;
    if (section)
        *section = keys[i].section;
    if (key)
        *key = keys[i].key;
    if (def)
        *def = keys[i].def;
    if (help)
        *help = _(keys[i].help);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Reading the file                                                           */

static void warn(load_ctx *lc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(load_ctx *lc, const char *fmt, ...)
{
    if (!lc->warn || !lc->wsize)
        return;
    size_t len = strlen(lc->warn);
    if (len + 1 >= lc->wsize)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* only whole lines, and none after one that did not fit: a cut or
     * partial list would mislead */
    if (lc->full || len + strlen(line) + 2 > lc->wsize) {
        lc->full = 1;
        return;
    }
    snprintf(lc->warn + len, lc->wsize - len, "%s\n", line);
}

/* The one accessor. Returns 1 and the value in *out when section:key holds a
 * value, 0 when it is absent, -1 when the entry is a section (a file with
 * "[security:idle_lock_minutes]": iniparser_getint would crash on it). */
static int ini_lookup(const dictionary *d, const char *section, const char *key, const char **out)
{
    char entry[256];
    snprintf(entry, sizeof entry, "%s:%s", section, key);
    if (!iniparser_find_entry(d, entry))
        return 0;
    for (ssize_t i = 0; i < d->size; i++) {
        if (d->key[i] && strcmp(d->key[i], entry) == 0) {
            if (!d->val[i])
                return -1;
            *out = d->val[i];
            return 1;
        }
    }
    return 0;
}

static int known_section(const char *name, size_t len)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strlen(keys[i].section) == len && strncmp(keys[i].section, name, len) == 0)
            return 1;
    return 0;
}

static const key_def *find_key(const char *entry)
{
    for (size_t i = 0; i < NKEYS; i++) {
        size_t sl = strlen(keys[i].section);
        if (strncmp(entry, keys[i].section, sl) == 0 && entry[sl] == ':' &&
            strcmp(entry + sl + 1, keys[i].key) == 0)
            return &keys[i];
    }
    return NULL;
}

/* Reports every entry of the dictionary that the table does not know. The
 * dictionary keeps the file's order, so do the warnings. */
static void report_unknown(const dictionary *d, load_ctx *lc)
{
    for (ssize_t i = 0; i < d->size; i++) {
        const char *e = d->key[i];
        if (!e || find_key(e))
            continue; /* known keys, and sections shaped like them, are read below */
        if (strcmp(e, "keys") == 0 || strncmp(e, "keys:", 5) == 0)
            continue; /* free-form: read by read_keys, checked by the screens */
        if (!utf8_valid(e, strlen(e)))
            e = "?";
        const char *colon = strchr(e, ':');
        char sec[72], key[72];
        size_t sl = colon ? (size_t)(colon - e) : strlen(e);
        char part[1100];
        snprintf(part, sizeof part, "%.*s", (int)(sl < 1000 ? sl : 1000), e);
        utf8_fit(part, 40, 1, sec, sizeof sec);
        utf8_fit(colon ? colon + 1 : "", 40, 1, key, sizeof key);
        if (!d->val[i]) {
            if (!colon && known_section(e, sl))
                continue;
            if (colon)
                warn(lc, _("section inconnue ignorée : [%s:%s] (fichier %s)"), sec, key, lc->file);
            else
                warn(lc, _("section inconnue ignorée : [%s] (fichier %s)"), sec, lc->file);
        } else if (sl == 0) {
            warn(lc, _("clé hors de toute section ignorée : %s (fichier %s)"), key, lc->file);
        } else if (known_section(e, sl)) {
            warn(lc, _("clé inconnue ignorée : [%s] %s (fichier %s)"), sec, key, lc->file);
        } /* else: a key of an unknown section, already reported with it */
    }
}

/* iniparser reports syntax errors through a printf-like callback; the first
 * one is kept here (the parser is not reentrant anyway). */
static struct {
    int count;
    char first[1200];
} parse_errors;

static int capture_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int capture_error(const char *fmt, ...)
{
    if (parse_errors.count++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(parse_errors.first, sizeof parse_errors.first, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Turns iniparser's "iniparser: syntax error in FILE (LINE):\n-> TEXT\n" or
 * "input line too long in FILE (LINE)" into one French message. */
static g_status syntax_error(const char *file, g_error *err)
{
    const char *m = parse_errors.first;
    long line = 0;
    const char *fname = strstr(m, file);
    const char *paren = fname ? fname + strlen(file) : NULL;
    if (paren && paren[0] == ' ' && paren[1] == '(')
        line = strtol(paren + 2, NULL, 10);
    char text[96] = "";
    const char *arrow = strstr(m, "-> ");
    if (arrow) {
        char raw[1100];
        snprintf(raw, sizeof raw, "%s", arrow + 3);
        raw[strcspn(raw, "\n")] = 0;
        utf8_fit(utf8_valid(raw, strlen(raw)) ? raw : "?", 60, 1, text, sizeof text);
    }
    if (strstr(m, "too long"))
        return g_err(err, G_ERR_INVALID,
                     _("Fichier de réglages %s, ligne %ld : ligne trop longue (1 024 "
                       "caractères au plus)."),
                     file, line);
    if (strstr(m, "syntax error") && line > 0)
        return g_err(err, G_ERR_INVALID,
                     _("Fichier de réglages %s, ligne %ld : « %s » n'est ni une section "
                       "[nom], ni un réglage « clé = valeur », ni un commentaire (# ou ;)."),
                     file, line, text);
    if (strstr(m, "memory"))
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante pour lire %s."), file);
    return g_err(err, G_ERR_INVALID, _("Fichier de réglages %s illisible."), file);
}

/* [keys] action = keys: kept as written (the screens know the actions). */
static g_status read_keys(const dictionary *d, g_config *cfg, g_error *err)
{
    for (ssize_t i = 0; i < d->size; i++) {
        const char *e = d->key[i];
        if (!e || !d->val[i] || strncmp(e, "keys:", 5) != 0)
            continue;
        const char *action = e + 5, *spec = d->val[i];
        if (cfg->keys.count == CONFIG_KEYS_MAX)
            return g_err_field(err, G_ERR_INVALID, "keys",
                               _("Section [keys] : %d raccourcis au plus (fichier %s)."),
                               CONFIG_KEYS_MAX, cfg->path);
        if (strlen(action) >= sizeof cfg->keys.action[0] ||
            strlen(spec) >= sizeof cfg->keys.spec[0] || !utf8_valid(spec, strlen(spec)))
            return g_err_field(err, G_ERR_INVALID, "keys",
                               _("Section [keys] : « %.40s » est trop long (fichier %s)."), action,
                               cfg->path);
        snprintf(cfg->keys.action[cfg->keys.count], sizeof cfg->keys.action[0], "%s", action);
        snprintf(cfg->keys.spec[cfg->keys.count], sizeof cfg->keys.spec[0], "%s", spec);
        cfg->keys.count++;
    }
    return G_OK;
}

/* The site's opening hours use the opening_hours syntax of the directory:
 * the same parser checks them, so a typo stops at start-up with its
 * position rather than showing wrong hours later. */
static g_status check_hours(const g_config *cfg, g_error *err)
{
    if (!cfg->site.hours[0])
        return G_OK;
    g_hours h;
    g_error herr = {0};
    if (hours_parse(cfg->site.hours, &h, &herr) == G_OK)
        return G_OK;
    return g_err_field(err, G_ERR_INVALID, "site:hours",
                       _("[site] hours = « %s » : %s (exemple : Mo-Fr 08:30-12:00,13:30-17:00; "
                         "Sa 09:00-12:00; PH off) (fichier %s)."),
                       cfg->site.hours, herr.msg, cfg->path);
}

g_status config_load(const char *path, g_config *cfg, char *warnings, size_t wsize, g_error *err)
{
    /* the layout (paths.h) gives the settings file and the data folder */
    paths_env env;
    paths_env_current(&env);
    g_paths where;
    int explicit = path != NULL;
    g_status ps =
        explicit ? paths_for_config(&env, path, &where, err) : paths_resolve(&env, &where, err);
    if (ps != G_OK) {
        config_defaults(cfg);
        return ps;
    }
    paths_use(&where);
    if (!path)
        path = where.config;
    config_defaults(cfg);
    /* the data folder is the layout's; the outbox default follows it */
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s", where.data);
    cfg->export.dir[0] = 0;
    fill_computed(cfg);
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT && !explicit)
            return G_OK; /* no file: built-in defaults */
        if (errno == ENOENT || errno == ENOTDIR)
            return g_err(err, G_ERR_NOTFOUND, _("Le fichier de réglages %s n'existe pas."), path);
        return g_err(err, G_ERR_IO, _("Impossible de lire le fichier de réglages %s : %s."), path,
                     strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return g_err(err, G_ERR_INVALID, _("%s n'est pas un fichier de réglages (un dossier ?)."),
                     path);
    if (access(path, R_OK) != 0)
        return g_err(err, G_ERR_IO, _("Impossible de lire le fichier de réglages %s : %s."), path,
                     strerror(errno));
    if (strlen(path) >= sizeof cfg->path)
        return g_err(err, G_ERR_INVALID, _("Chemin du fichier de réglages trop long."));

    parse_errors.count = 0;
    parse_errors.first[0] = 0;
    iniparser_set_error_callback(capture_error);
    dictionary *d = iniparser_load(path);
    iniparser_set_error_callback(NULL);
    if (!d || parse_errors.count) {
        iniparser_freedict(d);
        if (!parse_errors.count)
            return g_err(err, G_ERR_IO, _("Impossible de lire le fichier de réglages %s."), path);
        return syntax_error(path, err);
    }

    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    load_ctx lc = {cfg->path, warnings, wsize, 0};
    report_unknown(d, &lc);

    g_status st_ = G_OK;
    for (size_t i = 0; i < NKEYS && st_ == G_OK; i++) {
        const key_def *k = &keys[i];
        const char *v = NULL;
        int found = ini_lookup(d, k->section, k->key, &v);
        if (found < 0) {
            char field[48];
            snprintf(field, sizeof field, "%s:%s", k->section, k->key);
            st_ =
                g_err_field(err, G_ERR_INVALID, field,
                            _("[%s:%s] est écrit comme une section, alors que c'est le "
                              "réglage « %s » de la section [%s] : écrivez « %s = … » sous "
                              "[%s] (fichier %s)."),
                            k->section, k->key, k->key, k->section, k->key, k->section, cfg->path);
        } else if (found > 0) {
            st_ = set_value(&lc, k, v, cfg, err);
        }
    }
    if (st_ == G_OK)
        st_ = read_keys(d, cfg, err);
    if (st_ == G_OK)
        st_ = check_hours(cfg, err);
    iniparser_freedict(d);
    fill_computed(cfg);
    return st_;
}
