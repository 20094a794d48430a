/* site.c — creating the site row (see guichet/site.h). */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/fieldtext.h"
#include "guichet/site.h"
#include "guichet/utf8.h"

g_status site_check_matricule(const char *m, g_error *err)
{
    size_t n = m ? strlen(m) : 0;
    if (n == 0)
        return g_err_field(err, G_ERR_INVALID, "matricule",
                           _("Le matricule France Services est obligatoire."));
    if (n > 31)
        return g_err_field(err, G_ERR_INVALID, "matricule",
                           _("Le matricule est trop long (31 caractères au plus)."));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)m[i];
        if (c >= 0x80 || !(isalnum(c) || c == '-'))
            return g_err_field(err, G_ERR_INVALID, "matricule",
                               _("Le matricule « %s » ne doit contenir que des lettres, des "
                                 "chiffres et des tirets."),
                               m);
    }
    return G_OK;
}

g_status site_check_commune(const char *c, g_error *err)
{
    if (!c || !*c)
        return G_OK;
    int ok = strlen(c) == 5;
    for (int i = 0; ok && i < 5; i++) {
        if (isdigit((unsigned char)c[i]))
            continue;
        ok = i == 1 && c[0] == '2' && (c[1] == 'A' || c[1] == 'B');
    }
    if (!ok)
        return g_err_field(err, G_ERR_INVALID, "commune",
                           _("« %s » n'est pas un code commune INSEE (5 caractères, par exemple "
                             "58227 ou 2A004)."),
                           c);
    return G_OK;
}

g_status site_init(g_db *db, const char *matricule, const char *name, const char *commune,
                   const char *tz, g_error *err)
{
    g_status s;
    if ((s = site_check_matricule(matricule, err)) != G_OK ||
        (s = site_check_commune(commune, err)) != G_OK)
        return s;
    size_t nlen = name ? strlen(name) : 0;
    if (nlen == 0)
        return g_err_field(err, G_ERR_INVALID, "name", _("Le nom du site est obligatoire."));
    if (nlen >= sizeof((g_site *)0)->name)
        return g_err_field(err, G_ERR_INVALID, "name",
                           _("Le nom du site est trop long ou n'est pas un texte UTF-8 valide."));
    if ((s = fieldtext_check(name, FIELDTEXT_LINE, "name", _("Nom du site"), err)) != G_OK)
        return s;
    if (!tz || !*tz)
        tz = "Europe/Paris";
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));

    if ((s = db_begin(db, err)) != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "SELECT count(*) FROM site", &st, err)) != G_OK)
        goto fail;
    /* a check that fails is not "no site yet": never a second init */
    s = db_step_row(db, st, _("lecture du site"), err);
    int exists = s == G_OK && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    if (s != G_OK)
        goto fail;
    if (exists) {
        s = g_err(err, G_ERR_EXISTS, _("Cette base a déjà un site : elle est déjà initialisée."));
        goto fail;
    }
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    if ((s = db_prepare(db,
                        "INSERT INTO site (id, matricule, name, commune, timezone, "
                        "pseudonym_key, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
                        &st, err)) != G_OK)
        goto fail;
    db_bind_text(st, 1, matricule);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, commune ? commune : "");
    db_bind_text(st, 4, tz);
    sqlite3_bind_blob(st, 5, key, sizeof key, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, clock_now());
    sodium_memzero(key, sizeof key);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("création du site"));
    sqlite3_finalize(st);
    if (s != G_OK)
        goto fail;
    if ((s = audit_log(db, 0, "site-init", "site", matricule, err)) != G_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return s;
}

g_status site_name(g_db *db, char *out, size_t size, g_error *err)
{
    g_site site;
    g_error why = {0};
    g_status s = db_site_get(db, &site, &why);
    if (s == G_ERR_NOTFOUND) {
        snprintf(out, size, "%s", "France Services");
        return G_OK;
    }
    if (s != G_OK) {
        if (err)
            *err = why;
        return s;
    }
    snprintf(out, size, "%s", site.name);
    return G_OK;
}

g_status site_apply_zone(g_db *db, g_error *err)
{
    g_site site;
    g_error why = {0};
    g_status s = db_site_get(db, &site, &why);
    if (s == G_ERR_NOTFOUND)
        return G_OK;
    if (s != G_OK) {
        if (err)
            *err = why;
        return s;
    }
    if (site.timezone[0] && clock_set_zone(site.timezone) != 0)
        return g_err_field(err, G_ERR_INVALID, "timezone",
                           _("Fuseau horaire inconnu « %s » (site)."), site.timezone);
    return G_OK;
}
