/* config.h — settings from the INI file (iniparser), then built-in defaults.
 *
 * Every key is declared once in the table of src/core/config.c (section, key,
 * type, range, default, help); data/guichet.ini.example documents them all.
 * Values are read through one typed accessor that refuses a key naming a
 * section (iniparser 4.1, CVE-2023-33461), checks ranges and reports
 * "section:key", the bad value and what was expected. Unknown keys are
 * reported as warnings, never silently ignored. */
#ifndef GUICHET_CONFIG_H
#define GUICHET_CONFIG_H

#include <limits.h>
#include "guichet/error.h"
#include "guichet/normalize.h"

#define CONFIG_KEYS_MAX 48 /* rebindings in [keys] */

typedef struct g_config {
    char path[PATH_MAX];     /* the file read; "" when only defaults apply */
    char data_dir[PATH_MAX]; /* computed: the data folder of the layout (paths.h), "" if none */
    struct {
        char matricule[32]; /* France Services national id */
        char name[128];
        char commune[8];                  /* INSEE code */
        char timezone[64];                /* Olson name, default Europe/Paris */
        char hours[256];                  /* the site's opening hours, OSM opening_hours syntax */
        char address[256];                /* one line, printed under the name; "" = none */
        char phone[NORMALIZE_PHONE_SIZE]; /* E.164 (normalize_phone); "" = none */
    } site;
    struct {
        char path[PATH_MAX]; /* "" = <data_dir>/guichet.db (paths.h) */
    } database;
    struct {
        int idle_lock_minutes;   /* 0 = never; default 5 */
        int failed_login_limit;  /* default 5 */
        int lockout_minutes;     /* default 15 */
        int min_password_length; /* default 12 */
    } security;
    struct {
        char theme[16];   /* "couleur" | "monochrome" | "auto" (default) */
        char language[8]; /* "fr" (default) | "en" */
    } ui;
    struct {
        char dir[PATH_MAX]; /* outbox of the nightly export */
        char separator;     /* ';' default, or ',' or '\t' */
        int bom;            /* 1 = UTF-8 BOM (default) */
        int crlf;           /* 1 = CRLF line endings (default) */
        int with_commune;   /* identifying dimensions, each can be switched off */
        int with_age_band;
        int with_sex;
        int with_pseudonym;
    } export;
    struct {
        int followup_days; /* default 10 */
        int expiry_days;   /* default 30 */
    } orientation;
    struct {
        /* retention, in months, of what `guichet rgpd purge` removes or
         * detaches from the person (docs/rgpd.md gives the grounds) */
        int visitor_months;     /* files without contact; default 24 */
        int comment_months;     /* free-text comments of requests; default 12 */
        int orientation_months; /* orientations and files handed to referents; 24 */
        int appointment_months; /* appointments; default 24 */
        int note_months;        /* confidential notes, from their last version; 24 */
        int journal_months;     /* journal entries; default 12 (6 to 36) */
    } rgpd;
    struct {
        char command[256];     /* e.g. "lp -d accueil"; "" = no printer */
        char folder[PATH_MAX]; /* where pages are saved; "" = <data>/impressions (paths.h) */
        int ascii;             /* 1 = pages in pure ASCII for old printers (printout_ascii) */
    } print;
    struct {
        char key_file[PATH_MAX]; /* the network's 32-byte key; "" = ask the passphrase */
        char network[64];        /* network name, checked in every pack; default "guichet" */
        char folder[PATH_MAX];   /* where the screen writes packs; "" = <data>/synchro */
    } sync;
    struct {
        /* [keys] action = F5,^L : key rebinding. The core keeps the pairs as
         * written; the screens check the action names and keys
         * (keys_apply_config in src/ui/keys.c) and refuse bad ones. */
        int count;
        char action[CONFIG_KEYS_MAX][32];
        char spec[CONFIG_KEYS_MAX][64];
    } keys;
} g_config;

/* Built-in defaults only. */
void config_defaults(g_config *cfg);

/* The settings file of the layout in use (paths.h): the account's
 * $XDG_CONFIG_HOME/guichet/guichet.ini (else ~/.config/guichet/guichet.ini),
 * or /etc/guichet/guichet.ini on a multi-desk server. "" when unknown. */
void config_default_path(char *buf, size_t size);

/* Loads path (NULL = the default location, which may be missing: defaults
 * apply; the layout it belongs to is recorded with paths_use() and gives
 * data_dir; an unreadable system settings file is an error, never skipped; G_ERR_NOTFOUND for a
 * path given explicitly that does not exist). Syntax errors (G_ERR_INVALID, the message names the
 * file and line), bad values and a section named like a key ("[security:idle_lock_minutes]") fail
 * with a message naming "[section] key", the value and what was expected, and err->field =
 * "section:key". Unknown keys and sections are appended to warnings (a string, "" to start; one
 * line each, ending in
 * '\n', whole lines only; may be NULL). cfg is left with defaults for what
 * was not read. */
g_status config_load(const char *path, g_config *cfg, char *warnings, size_t wsize, g_error *err);

/* The database path: cfg->database.path, or <data_dir>/guichet.db ("" when
 * there is no data folder). */
void config_db_path(const g_config *cfg, char *buf, size_t size);

/* The settings table, for documentation and tests: the i-th setting's
 * section, key, default as written in the file ("" for a computed default)
 * and a one-line help (translated). Any pointer may be NULL. Strings are
 * static. Returns 0, or -1 when i is past the last setting. */
int config_key(size_t i, const char **section, const char **key, const char **def,
               const char **help);

#endif
