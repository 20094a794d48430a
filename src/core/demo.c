/* demo.c — the demo database behind `guichet --demo` (see guichet/demo.h).
 *
 * Each feature adds its fictional content as one more step in demo_create's
 * list below; every step is its own transaction and uses clock_now(). */
#include <string.h>

#include "db_internal.h"
#include "demo_internal.h"
#include "guichet/demo.h"
#include "guichet/i18n.h"
#include "guichet/note.h"
#include "guichet/site.h"
#include "guichet/user.h"

const demo_account demo_accounts[] = {
    {"accueil", "accueil-demo", "Agathe Martin", "accueil"},
    {"conseiller", "conseiller-demo", "Karim Benali", "conseiller"},
    {"responsable", "responsable-demo", "Sophie Lefèvre", "responsable"},
    {0},
};

static g_status demo_users(g_db *db, const g_config *cfg, g_error *err)
{
    /* the demo passwords are shorter than a real site's policy may ask */
    g_config relaxed = *cfg;
    relaxed.security.min_password_length = 8;
    for (const demo_account *a = demo_accounts; a->login; a++) {
        user_role role;
        if (user_role_parse(a->role, &role) != 0)
            return g_err(err, G_ERR_INVALID, "demo: role %s", a->role);
        g_status s =
            user_add(db, &relaxed, 0, a->login, a->display_name, role, a->password, NULL, err);
        if (s != G_OK)
            return s;
    }
    return G_OK;
}

/* The demo steps, in order: each feature's fictional content. */
static g_status (*const demo_steps[])(g_db *, const g_config *, g_error *) = {
    demo_users,    demo_visitors, /* visitors and requests */
    demo_services,                /* the directory; orients some visitors */
    demo_agenda,                  /* after the visitors: books them */
    demo_charter,                 /* referents, files handed to them, answers */
    note_demo,                    /* keep last: notes on the demo visitors */
};

g_status demo_create(g_db *db, const g_config *cfg, g_error *err)
{
    /* One transaction around every step (they nest): an interrupted first
     * start leaves an empty database, which the next start fills again,
     * never half a demo. */
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    s = site_init(db, DEMO_MATRICULE, DEMO_SITE_NAME, "58227", "Europe/Paris", err);
    for (size_t i = 0; s == G_OK && i < sizeof demo_steps / sizeof *demo_steps; i++)
        s = demo_steps[i](db, cfg, err);
    /* the demo site has been open since its first request, weeks ago: the
     * nightly export (which starts at the site's creation) has days to catch
     * up, as at a real site after a weekend */
    if (s == G_OK)
        s = db_exec(db,
                    "UPDATE site SET created_at = min(created_at, "
                    "coalesce((SELECT min(arrived_at) FROM visit), created_at)) WHERE id = 1",
                    err);
    /* older files and rows, past their retention, after the start date */
    if (s == G_OK)
        s = demo_rgpd_history(db, cfg, err);
    if (s != G_OK) {
        db_rollback(db);
        return s;
    }
    return db_commit(db, err);
}

g_status demo_first_visitors(g_db *db, int64_t *ids, size_t max, size_t *n, g_error *err)
{
    *n = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT id FROM visitor WHERE merged_into IS NULL AND anonymised_at IS "
                            "NULL ORDER BY id LIMIT ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, (int64_t)max);
    int rc;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    s = *n < max ? db_rows_end(db, rc, _("lecture des fiches usagers"), err) : G_OK;
    sqlite3_finalize(st);
    if (s != G_OK)
        *n = 0;
    return s;
}

g_status demo_user_id(g_db *db, const char *login, int64_t *id, g_error *err)
{
    *id = 0;
    if (!login)
        return G_OK;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT id FROM app_user WHERE login = ?1", &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, login);
    if ((s = db_step_row(db, st, _("lecture d'un compte"), err)) == G_OK)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

int demo_is_demo(g_db *db)
{
    g_site site;
    g_error err = {0};
    if (db_site_get(db, &site, &err) != G_OK)
        return 0;
    return strcmp(site.matricule, DEMO_MATRICULE) == 0;
}
