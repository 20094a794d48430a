/* error.c — errors as values (see include/guichet/error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "guichet/error.h"
#include "guichet/i18n.h"

static void vfill(g_error *err, g_status code, const char *field, const char *fmt, va_list ap)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

g_status g_err(g_error *err, g_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfill(err, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

g_status g_err_field(g_error *err, g_status code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfill(err, code, field, fmt, ap);
    va_end(ap);
    return code;
}

void g_err_clear(g_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *g_status_label(g_status st)
{
    switch (st) {
    case G_OK:
        return _("succès");
    case G_ERR_INVALID:
        return _("donnée invalide");
    case G_ERR_NOTFOUND:
        return _("introuvable");
    case G_ERR_EXISTS:
        return _("existe déjà");
    case G_ERR_DENIED:
        return _("accès refusé");
    case G_ERR_LOCKED:
        return _("compte verrouillé");
    case G_ERR_BUSY:
        return _("base de données occupée");
    case G_ERR_CONFLICT:
        return _("conflit");
    case G_ERR_FOREIGN:
        return _("pas une base guichet");
    case G_ERR_NEWER:
        return _("base d'une version plus récente");
    case G_ERR_DB:
        return _("erreur de base de données");
    case G_ERR_IO:
        return _("erreur de fichier");
    case G_ERR_CRYPTO:
        return _("erreur de chiffrement");
    case G_ERR_NOMEM:
        return _("mémoire insuffisante");
    }
    return "?";
}

int g_status_exit_code(g_status st)
{
    switch (st) {
    case G_OK:
        return 0;
    case G_ERR_INVALID:
    case G_ERR_EXISTS:
    case G_ERR_CONFLICT:
        return 3;
    case G_ERR_NOTFOUND:
        return 4;
    case G_ERR_DENIED:
    case G_ERR_LOCKED:
        return 5;
    case G_ERR_BUSY:
        return 6;
    case G_ERR_FOREIGN:
    case G_ERR_NEWER:
        return 7;
    case G_ERR_IO:
        return 8;
    case G_ERR_DB:
    case G_ERR_CRYPTO:
    case G_ERR_NOMEM:
        return 9;
    }
    return 9;
}
