/* note_demo.c — the confidential notes of the demo database (fictional).
 *
 * Creates the team key, then writes a few notes as the demo accounts on the
 * first demo visitors, so that a newcomer sees a private note, a team note
 * and a note that reception wrote for an advisor. The demo accounts' keys
 * are unsealed with their published demo passwords, without journaling
 * logins that nobody made. */
#include <sodium.h>
#include <string.h>

#include "db_internal.h"
#include "demo_internal.h"
#include "guichet/demo.h"
#include "guichet/note.h"
#include "guichet/team.h"
#include "user_internal.h"

/* A session for a demo account (no login journaled). */
static g_status demo_session(g_db *db, const char *login, g_session *s, g_error *err)
{
    const demo_account *a = demo_accounts;
    while (a->login && strcmp(a->login, login) != 0)
        a++;
    if (!a->login)
        return g_err(err, G_ERR_NOTFOUND, "demo: %s", login);
    user_cred *c = sodium_malloc(sizeof *c);
    if (!c)
        return g_err(err, G_ERR_NOMEM, "demo");
    memset(s, 0, sizeof *s);
    g_status st = user_cred_load(db, login, c, err);
    if (st == G_OK && !(s->secret_key = sodium_malloc(AUTH_KEY_BYTES)))
        st = g_err(err, G_ERR_NOMEM, "demo");
    if (st == G_OK && (st = user_unseal(c, a->password, s->secret_key, err)) == G_ERR_DENIED)
        st = g_err(err, G_ERR_DENIED, "demo: %s", login); /* user_unseal gives no message */
    if (st == G_OK) {
        s->user_id = c->info.id;
        memcpy(s->login, c->info.login, sizeof s->login);
        memcpy(s->display_name, c->info.display_name, sizeof s->display_name);
        s->role = c->info.role;
        memcpy(s->public_key, c->public_key, AUTH_KEY_BYTES);
    }
    sodium_free(c);
    return st;
}

static void demo_session_wipe(g_session *s)
{
    if (s->secret_key)
        sodium_free(s->secret_key);
    s->secret_key = NULL;
}

g_status note_demo(g_db *db, const g_config *cfg, g_error *err)
{
    (void)cfg;
    int team = 0;
    g_status s = team_exists(db, &team, err);
    if (s == G_OK && !team)
        s = team_init(db, 0, err);
    if (s != G_OK)
        return s;
    int64_t v[3];
    size_t nv = 0;
    if ((s = demo_first_visitors(db, v, 3, &nv, err)) != G_OK)
        return s;
    if (nv == 0)
        return G_OK; /* no demo visitors (yet): nothing to write on */
    g_session cons, acc;
    memset(&cons, 0, sizeof cons);
    memset(&acc, 0, sizeof acc);
    if ((s = demo_session(db, "conseiller", &cons, err)) != G_OK ||
        (s = demo_session(db, "accueil", &acc, err)) != G_OK)
        goto out;
    int64_t for_cons[] = {cons.user_id};
    if ((s = note_create(db, &cons, v[0], NOTE_PRIVEE,
                         "Dossier retraite : relevé de carrière incomplet (périodes 1998-2001 "
                         "manquantes).\nRappeler la caisse avant le prochain rendez-vous ; "
                         "l'usager apportera ses bulletins de salaire.",
                         NULL, 0, NULL, err)) != G_OK)
        goto out;
    if ((s = note_create(db, &cons, v[nv > 1 ? 1 : 0], NOTE_EQUIPE,
                         "Préfère être appelé le matin.\nPrévoir un interprète (arabe) pour le "
                         "prochain rendez-vous.",
                         NULL, 0, NULL, err)) != G_OK)
        goto out;
    if ((s = note_create(db, &acc, v[nv > 2 ? 2 : 0], NOTE_PRIVEE,
                         "Passé sans rendez-vous : souhaite parler à Karim Benali d'un courrier "
                         "de la CAF.\nRevient jeudi matin.",
                         for_cons, 1, NULL, err)) != G_OK)
        goto out;
out:
    demo_session_wipe(&cons);
    demo_session_wipe(&acc);
    return s;
}
