/* team.c — the team key of conseillers and responsables, and the site
 * recovery key (see guichet/team.h and docs/notes-confidentielles.md).
 *
 * Secret keys live only in sodium_malloc'd memory and are wiped as soon as
 * they have been used. The database holds public keys and sealed copies. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/team.h"
#include "team_internal.h"

/* --- keys shared with note.c ------------------------------------------------ */

g_status key_seal(unsigned char out[KEY_SEALED_BYTES], const unsigned char *key32,
                  const unsigned char pk[KEY_PK_BYTES], g_error *err)
{
    if (crypto_box_seal(out, key32, 32, pk) != 0)
        return g_err(err, G_ERR_CRYPTO,
                     _("Le chiffrement d'une clé a échoué ; rien n'a été "
                       "enregistré."));
    return G_OK;
}

int key_unseal(unsigned char *key32, const unsigned char *sealed, size_t sealed_len,
               const unsigned char pk[KEY_PK_BYTES], const unsigned char *sk)
{
    if (sealed_len != KEY_SEALED_BYTES ||
        crypto_box_seal_open(key32, sealed, sealed_len, pk, sk) != 0) {
        sodium_memzero(key32, 32);
        return -1;
    }
    return 0;
}

static g_status crypto_start(g_error *err)
{
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    return G_OK;
}

static g_status nomem(g_error *err)
{
    return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
}

/* Copies a blob column of exactly size bytes; -1 when its length differs. */
static int blob_copy(sqlite3_stmt *st, int col, unsigned char *dst, size_t size)
{
    const void *p = sqlite3_column_blob(st, col);
    if (!p || (size_t)sqlite3_column_bytes(st, col) != size)
        return -1;
    memcpy(dst, p, size);
    return 0;
}

g_status key_owner_load(g_db *db, int64_t id, key_owner *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT id, login, display_name, role, disabled, key_generation, "
                            "public_key FROM app_user WHERE id = ?",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, out->login, sizeof out->login);
        db_column_text(st, 2, out->display_name, sizeof out->display_name);
        if (user_role_parse((const char *)sqlite3_column_text(st, 3), &out->role) != 0)
            out->role = ROLE_ACCUEIL; /* unknown role: the least rights */
        out->disabled = sqlite3_column_int(st, 4);
        out->key_generation = sqlite3_column_int64(st, 5);
        if (blob_copy(st, 6, out->public_key, KEY_PK_BYTES) != 0)
            s = g_err(err, G_ERR_CRYPTO, _("La clé publique du compte « %s » est abîmée."),
                      out->login);
    } else if (rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND, _("Ce compte n'existe pas (n° %" PRId64 ")."), id);
    } else {
        s = db_fail(db, err, _("lecture d'un compte"));
    }
    sqlite3_finalize(st);
    return s;
}

g_status key_session_check(g_db *db, const g_session *s, key_owner *me, g_error *err)
{
    g_status st = crypto_start(err);
    if (st != G_OK)
        return st;
    if (!s)
        return g_err(err, G_ERR_DENIED, _("Connectez-vous d'abord."));
    if (!s->secret_key)
        return g_err(err, G_ERR_LOCKED,
                     _("La session est verrouillée : saisissez votre mot de passe."));
    if ((st = key_owner_load(db, s->user_id, me, err)) != G_OK)
        return st;
    if (me->disabled)
        return g_err(err, G_ERR_DENIED, _("Le compte « %s » est désactivé."), me->login);
    if (sodium_memcmp(me->public_key, s->public_key, KEY_PK_BYTES) != 0)
        return g_err(err, G_ERR_DENIED,
                     _("Votre mot de passe a été réinitialisé depuis votre connexion : "
                       "reconnectez-vous."));
    return G_OK;
}

g_status team_public(g_db *db, int64_t *team_id, unsigned char pk[KEY_PK_BYTES], g_error *err)
{
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db, "SELECT id, public_key FROM team_key ORDER BY id DESC LIMIT 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *team_id = sqlite3_column_int64(st, 0);
        if (blob_copy(st, 1, pk, KEY_PK_BYTES) != 0)
            s = g_err(err, G_ERR_CRYPTO, _("La clé de l'équipe est abîmée."));
    } else if (rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND,
                  _("La clé de l'équipe n'existe pas encore sur ce site : le responsable doit "
                    "la créer (guichet init)."));
    } else {
        s = db_fail(db, err, _("lecture de la clé de l'équipe"));
    }
    sqlite3_finalize(st);
    return s;
}

g_status team_secret_open(g_db *db, const g_session *s, const key_owner *me, int64_t *team_id,
                          unsigned char *sk, g_error *err)
{
    unsigned char pk[KEY_PK_BYTES];
    g_status st = team_public(db, team_id, pk, err);
    if (st != G_OK)
        return st;
    if (me->role == ROLE_ACCUEIL)
        return g_err(err, G_ERR_DENIED,
                     _("Les notes d'équipe sont réservées aux conseillers et aux responsables."));
    sqlite3_stmt *q;
    if ((st = db_prepare(db,
                         "SELECT key_generation, wrapped_secret FROM team_member_key "
                         "WHERE team_key_id = ? AND user_id = ?",
                         &q, err)) != G_OK)
        return st;
    sqlite3_bind_int64(q, 1, *team_id);
    sqlite3_bind_int64(q, 2, me->id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_int64(q, 0) == me->key_generation) {
        if (key_unseal(sk, sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1),
                       me->public_key, s->secret_key) == 0) {
            /* the unsealed secret must match the team public key */
            unsigned char check[KEY_PK_BYTES];
            crypto_scalarmult_base(check, sk);
            if (sodium_memcmp(check, pk, KEY_PK_BYTES) != 0) {
                sodium_memzero(sk, KEY_SK_BYTES);
                st = g_err(err, G_ERR_CRYPTO, _("La clé de l'équipe est abîmée."));
            }
        } else {
            st = g_err(err, G_ERR_CRYPTO,
                       _("Votre copie de la clé de l'équipe ne s'ouvre pas : demandez à un "
                         "collègue de l'équipe de vous la redonner."));
        }
    } else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        st = g_err(err, G_ERR_DENIED,
                   _("Vous n'avez pas (ou plus) la clé de l'équipe : un collègue de l'équipe doit "
                     "vous la donner."));
    } else {
        st = db_fail(db, err, _("lecture de la clé de l'équipe"));
    }
    sqlite3_finalize(q);
    return st;
}

/* --- the team key ------------------------------------------------------------ */

/* *yes = 1 when sql gives a row. A failing query is an error: "no team
 * key" would let a second one be created, "no recovery key" would hide it. */
static g_status any_row(g_db *db, const char *sql, const char *what, int *yes, g_error *err)
{
    *yes = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    s = db_step_row(db, st, what, err);
    sqlite3_finalize(st);
    *yes = s == G_OK;
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

g_status team_exists(g_db *db, int *exists, g_error *err)
{
    return any_row(db, "SELECT 1 FROM team_key LIMIT 1", _("lecture de la clé de l'équipe"), exists,
                   err);
}

g_status recovery_exists(g_db *db, int *exists, g_error *err)
{
    return any_row(db, "SELECT 1 FROM site_recovery LIMIT 1", _("lecture de la clé de secours"),
                   exists, err);
}

/* The recovery public key into pk; *found = 0 when none. */
static g_status recovery_public(g_db *db, unsigned char pk[KEY_PK_BYTES], int *found, g_error *err)
{
    *found = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT public_key FROM site_recovery WHERE id = 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (blob_copy(st, 0, pk, KEY_PK_BYTES) != 0)
            s = g_err(err, G_ERR_CRYPTO, _("La clé de secours enregistrée est abîmée."));
        else
            *found = 1;
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture de la clé de secours"));
    }
    sqlite3_finalize(st);
    return s;
}

/* Stores (or replaces) user's sealed copy of the team secret. */
static g_status store_grant(g_db *db, int64_t team_id, const key_owner *u,
                            const unsigned char *team_sk, int64_t granted_by, g_error *err)
{
    unsigned char sealed[KEY_SEALED_BYTES];
    g_status s = key_seal(sealed, team_sk, u->public_key, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    s = db_prepare(db,
                   "INSERT INTO team_member_key (team_key_id, user_id, key_generation, "
                   "wrapped_secret, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (team_key_id, user_id) DO UPDATE SET "
                   "key_generation = excluded.key_generation, "
                   "wrapped_secret = excluded.wrapped_secret, "
                   "granted_by = excluded.granted_by, granted_at = excluded.granted_at",
                   &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, team_id);
    sqlite3_bind_int64(st, 2, u->id);
    sqlite3_bind_int64(st, 3, u->key_generation);
    sqlite3_bind_blob(st, 4, sealed, sizeof sealed, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, granted_by);
    sqlite3_bind_int64(st, 6, clock_now());
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("enregistrement de la clé de l'équipe"));
    sqlite3_finalize(st);
    return s;
}

static int is_team_role(user_role r)
{
    return r == ROLE_CONSEILLER || r == ROLE_RESPONSABLE;
}

/* A grant's target must be an enabled conseiller or responsable. */
static g_status check_grantee(const key_owner *u, g_error *err)
{
    if (u->disabled)
        return g_err(err, G_ERR_DENIED, _("Le compte « %s » est désactivé."), u->login);
    if (!is_team_role(u->role))
        return g_err(err, G_ERR_DENIED,
                     _("« %s » est un compte d'accueil : la clé de l'équipe est réservée aux "
                       "conseillers et aux responsables."),
                     u->login);
    return G_OK;
}

g_status team_init(g_db *db, int64_t actor_id, g_error *err)
{
    g_status s = crypto_start(err);
    if (s != G_OK)
        return s;
    unsigned char *sk = sodium_malloc(KEY_SK_BYTES);
    if (!sk)
        return nomem(err);
    unsigned char pk[KEY_PK_BYTES];
    crypto_box_keypair(pk, sk);
    int64_t *ids = NULL;
    size_t n = 0;
    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    int exists = 0;
    if ((s = team_exists(db, &exists, err)) != G_OK)
        goto fail;
    if (exists) {
        s = g_err(err, G_ERR_EXISTS, _("La clé de l'équipe existe déjà sur ce site."));
        goto fail;
    }
    unsigned char rpk[KEY_PK_BYTES];
    int has_recovery = 0;
    if ((s = recovery_public(db, rpk, &has_recovery, err)) != G_OK)
        goto fail;
    unsigned char rsealed[KEY_SEALED_BYTES];
    if (has_recovery && (s = key_seal(rsealed, sk, rpk, err)) != G_OK)
        goto fail;
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO team_key (public_key, recovery_sealed_secret, created_at) "
                        "VALUES (?, ?, ?)",
                        &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_blob(st, 1, pk, sizeof pk, SQLITE_TRANSIENT);
    if (has_recovery)
        sqlite3_bind_blob(st, 2, rsealed, sizeof rsealed, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, clock_now());
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("création de la clé de l'équipe"));
        goto fail;
    }
    int64_t team_id = sqlite3_last_insert_rowid(db_sql(db));

    /* every enabled conseiller and responsable existing now */
    if ((s = db_prepare(db,
                        "SELECT id FROM app_user WHERE role IN ('conseiller', 'responsable') "
                        "AND disabled = 0 ORDER BY id",
                        &st, err)) != G_OK)
        goto fail;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *grown = realloc(ids, (n + 1) * sizeof *ids);
        if (!grown) {
            sqlite3_finalize(st);
            s = nomem(err);
            goto fail;
        }
        ids = grown;
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture des comptes"));
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        key_owner u;
        if ((s = key_owner_load(db, ids[i], &u, err)) != G_OK ||
            (s = store_grant(db, team_id, &u, sk, 0, err)) != G_OK)
            goto fail;
    }
    char obj[32], detail[64];
    snprintf(obj, sizeof obj, "team:%" PRId64, team_id);
    snprintf(detail, sizeof detail, "members=%zu recovery=%s", n, has_recovery ? "yes" : "no");
    if ((s = audit_log(db, actor_id, "team-init", obj, detail, err)) != G_OK)
        goto fail;
    s = db_commit(db, err);
    goto out;
fail:
    db_rollback(db);
out:
    free(ids);
    sodium_free(sk);
    return s;
}

g_status team_grant(g_db *db, const g_session *by, int64_t user_id, g_error *err)
{
    key_owner me, u;
    g_status s = key_session_check(db, by, &me, err);
    if (s != G_OK)
        return s;
    if ((s = key_owner_load(db, user_id, &u, err)) != G_OK || (s = check_grantee(&u, err)) != G_OK)
        return s;
    unsigned char *sk = sodium_malloc(KEY_SK_BYTES);
    if (!sk)
        return nomem(err);
    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    int64_t team_id = 0;
    if ((s = team_secret_open(db, by, &me, &team_id, sk, err)) != G_OK) {
        if (s == G_ERR_DENIED)
            s = g_err(err, G_ERR_DENIED,
                      _("Seul un membre de l'équipe qui détient la clé de l'équipe peut la "
                        "donner à un collègue."));
        goto fail;
    }
    if ((s = store_grant(db, team_id, &u, sk, me.id, err)) != G_OK)
        goto fail;
    char obj[32], detail[96];
    snprintf(obj, sizeof obj, "user:%" PRId64, u.id);
    snprintf(detail, sizeof detail, "team=%" PRId64 " login=%s generation=%" PRId64, team_id,
             u.login, u.key_generation);
    if ((s = audit_log(db, me.id, "team-grant", obj, detail, err)) != G_OK)
        goto fail;
    s = db_commit(db, err);
    goto out;
fail:
    db_rollback(db);
out:
    sodium_free(sk);
    return s;
}

g_status team_revoke(g_db *db, const g_session *by, int64_t user_id, g_error *err)
{
    key_owner me, u;
    g_status s = key_session_check(db, by, &me, err);
    if (s != G_OK)
        return s;
    if (me.role != ROLE_RESPONSABLE && me.id != user_id)
        return g_err(err, G_ERR_DENIED,
                     _("Seul un responsable peut retirer la clé de l'équipe à un collègue."));
    if ((s = key_owner_load(db, user_id, &u, err)) != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "DELETE FROM team_member_key WHERE user_id = ?", &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("retrait de la clé de l'équipe"));
        goto fail;
    }
    if (sqlite3_changes(db_sql(db)) == 0) {
        s = g_err(err, G_ERR_NOTFOUND, _("« %s » n'a pas la clé de l'équipe."), u.login);
        goto fail;
    }
    char obj[32], detail[64];
    snprintf(obj, sizeof obj, "user:%" PRId64, u.id);
    snprintf(detail, sizeof detail, "login=%s", u.login);
    if ((s = audit_log(db, me.id, "team-revoke", obj, detail, err)) != G_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return s;
}

g_status team_has_access(g_db *db, const g_session *s, int *has, g_error *err)
{
    *has = 0;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    unsigned char *sk = sodium_malloc(KEY_SK_BYTES);
    if (!sk)
        return nomem(err);
    int64_t team_id;
    g_error ignored = {0};
    st = team_secret_open(db, s, &me, &team_id, sk, &ignored);
    sodium_free(sk);
    if (st == G_OK) {
        *has = 1;
        return G_OK;
    }
    if (st == G_ERR_DENIED || st == G_ERR_CRYPTO || st == G_ERR_NOTFOUND)
        return G_OK; /* no (usable) access: an answer, not an error */
    if (err)
        *err = ignored;
    return st;
}

g_status team_members(g_db *db, team_member **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db,
                   "SELECT u.id, u.login, u.display_name, u.role, u.disabled, "
                   "m.key_generation IS NOT NULL AND m.key_generation = u.key_generation, "
                   "m.key_generation IS NOT NULL AND m.key_generation <> u.key_generation, "
                   "coalesce(m.granted_at, 0), coalesce(m.granted_by, 0) "
                   "FROM app_user u LEFT JOIN team_member_key m ON m.user_id = u.id "
                   "AND m.team_key_id = (SELECT max(id) FROM team_key) "
                   "WHERE u.role IN ('conseiller', 'responsable') ORDER BY u.login",
                   &st, err);
    if (s != G_OK)
        return s;
    team_member *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        team_member *grown = realloc(v, (n + 1) * sizeof *v);
        if (!grown) {
            s = nomem(err);
            break;
        }
        v = grown;
        team_member *m = &v[n++];
        memset(m, 0, sizeof *m);
        m->user_id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, m->login, sizeof m->login);
        db_column_text(st, 2, m->display_name, sizeof m->display_name);
        if (user_role_parse((const char *)sqlite3_column_text(st, 3), &m->role) != 0)
            m->role = ROLE_ACCUEIL;
        m->disabled = sqlite3_column_int(st, 4);
        m->has_access = sqlite3_column_int(st, 5);
        m->stale = sqlite3_column_int(st, 6);
        m->granted_at = sqlite3_column_int64(st, 7);
        m->granted_by = sqlite3_column_int64(st, 8);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture de l'équipe"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(v);
        return s;
    }
    *out = v;
    *count = n;
    return G_OK;
}

/* --- the site recovery key ------------------------------------------------- */

/* Crockford's base32: no I, L, O, U, so that a key copied by hand reads
 * back unambiguously. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define RECOVERY_CHECK_BYTES 3
#define RECOVERY_RAW_BYTES   (KEY_SK_BYTES + RECOVERY_CHECK_BYTES) /* 35 bytes = 280 bits */
#define RECOVERY_SYMBOLS     56                                    /* 280 / 5 */

static void recovery_checksum(const unsigned char *sk, unsigned char out[RECOVERY_CHECK_BYTES])
{
    static const unsigned char domain[16] = "guichet-recovery";
    unsigned char h[16];
    crypto_generichash(h, sizeof h, sk, KEY_SK_BYTES, domain, sizeof domain);
    memcpy(out, h, RECOVERY_CHECK_BYTES);
    sodium_memzero(h, sizeof h);
}

/* Formats sk as "XXXX-XXXX-…" (14 groups). */
static void recovery_format(const unsigned char *sk, char out[RECOVERY_TEXT_SIZE])
{
    unsigned char *raw = sodium_malloc(RECOVERY_RAW_BYTES);
    if (!raw) {
        out[0] = 0;
        return;
    }
    memcpy(raw, sk, KEY_SK_BYTES);
    recovery_checksum(sk, raw + KEY_SK_BYTES);
    size_t o = 0;
    for (int i = 0; i < RECOVERY_SYMBOLS; i++) {
        int bit = i * 5, v = 0;
        for (int b = 0; b < 5; b++, bit++)
            v = (v << 1) | ((raw[bit / 8] >> (7 - bit % 8)) & 1);
        if (i && i % 4 == 0)
            out[o++] = '-';
        out[o++] = b32[v];
    }
    out[o] = 0;
    sodium_free(raw);
}

static int b32_value(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        c = '0';
    if (c == 'I' || c == 'L')
        c = '1';
    const char *p = c ? strchr(b32, c) : NULL;
    return p ? (int)(p - b32) : -1;
}

/* Parses paper text into sk (locked memory of the caller). */
static g_status recovery_parse(const char *text, unsigned char *sk, g_error *err)
{
    unsigned char *raw = sodium_malloc(RECOVERY_RAW_BYTES);
    if (!raw)
        return nomem(err);
    memset(raw, 0, RECOVERY_RAW_BYTES);
    g_status s = G_OK;
    int n = 0;
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '-' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            continue;
        int v = b32_value(*p);
        if (v < 0) {
            if (*p > ' ' && *p < 127)
                s = g_err(err, G_ERR_INVALID,
                          _("La clé de secours contient un caractère qui n'en fait pas partie "
                            "(« %c ») : seuls les chiffres et les lettres sauf U sont "
                            "utilisés."),
                          *p);
            else
                s = g_err(err, G_ERR_INVALID,
                          _("La clé de secours contient un caractère qui n'en fait pas partie : "
                            "seuls les chiffres et les lettres sauf U sont utilisés."));
            goto out;
        }
        if (n >= RECOVERY_SYMBOLS) {
            n++;
            continue;
        }
        for (int b = 0; b < 5; b++) {
            int bit = n * 5 + b;
            if ((v >> (4 - b)) & 1)
                raw[bit / 8] |= (unsigned char)(1u << (7 - bit % 8));
        }
        n++;
    }
    if (n != RECOVERY_SYMBOLS) {
        s = g_err(err, G_ERR_INVALID,
                  _("La clé de secours doit compter %d caractères (14 groupes de 4) ; %d ont été "
                    "lus."),
                  RECOVERY_SYMBOLS, n);
        goto out;
    }
    unsigned char check[RECOVERY_CHECK_BYTES];
    recovery_checksum(raw, check);
    if (sodium_memcmp(check, raw + KEY_SK_BYTES, RECOVERY_CHECK_BYTES) != 0) {
        s = g_err(err, G_ERR_INVALID,
                  _("La clé de secours est mal recopiée (la somme de contrôle ne correspond "
                    "pas) : vérifiez chaque groupe de 4 caractères."));
        goto out;
    }
    memcpy(sk, raw, KEY_SK_BYTES);
out:
    sodium_free(raw);
    return s;
}

g_status recovery_check_text(const char *text, g_error *err)
{
    g_status s = crypto_start(err);
    if (s != G_OK)
        return s;
    unsigned char *sk = sodium_malloc(KEY_SK_BYTES);
    if (!sk)
        return nomem(err);
    s = recovery_parse(text, sk, err);
    sodium_free(sk);
    return s;
}

g_status recovery_create(g_db *db, const g_session *member, char out[RECOVERY_TEXT_SIZE],
                         g_error *err)
{
    out[0] = 0;
    g_status s = crypto_start(err);
    if (s != G_OK)
        return s;
    key_owner me = {0};
    if (member && (s = key_session_check(db, member, &me, err)) != G_OK)
        return s;
    unsigned char *rsk = sodium_malloc(KEY_SK_BYTES);
    unsigned char *tsk = sodium_malloc(KEY_SK_BYTES);
    if (!rsk || !tsk) {
        s = nomem(err);
        goto out;
    }
    unsigned char rpk[KEY_PK_BYTES];
    crypto_box_keypair(rpk, rsk);
    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    int64_t team_id = 0;
    int with_team = 0;
    if ((s = team_exists(db, &with_team, err)) != G_OK)
        goto fail;
    if (with_team) {
        if (!member) {
            s = g_err(err, G_ERR_DENIED,
                      _("La clé de l'équipe existe déjà : seul un membre de l'équipe peut créer "
                        "une nouvelle clé de secours."));
            goto fail;
        }
        if ((s = team_secret_open(db, member, &me, &team_id, tsk, err)) != G_OK)
            goto fail;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO site_recovery (id, public_key, created_at) VALUES (1, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET public_key = excluded.public_key, "
                        "created_at = excluded.created_at",
                        &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_blob(st, 1, rpk, sizeof rpk, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, clock_now());
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("enregistrement de la clé de secours"));
        goto fail;
    }
    if (with_team) {
        unsigned char sealed[KEY_SEALED_BYTES];
        if ((s = key_seal(sealed, tsk, rpk, err)) != G_OK)
            goto fail;
        if ((s = db_prepare(db, "UPDATE team_key SET recovery_sealed_secret = ? WHERE id = ?", &st,
                            err)) != G_OK)
            goto fail;
        sqlite3_bind_blob(st, 1, sealed, sizeof sealed, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, team_id);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            s = db_fail(db, err, _("enregistrement de la clé de secours"));
            goto fail;
        }
    }
    if ((s = audit_log(db, member ? me.id : 0, "recovery-create", "site",
                       with_team ? "team=sealed" : "team=none", err)) != G_OK)
        goto fail;
    if ((s = db_commit(db, err)) != G_OK)
        goto out;
    recovery_format(rsk, out);
    if (!out[0])
        s = nomem(err);
    goto out;
fail:
    db_rollback(db);
out:
    if (rsk)
        sodium_free(rsk);
    if (tsk)
        sodium_free(tsk);
    return s;
}

g_status recovery_restore_team(g_db *db, int64_t actor_id, const char *recovery_text,
                               int64_t user_id, g_error *err)
{
    g_status s = crypto_start(err);
    if (s != G_OK)
        return s;
    key_owner u;
    if ((s = key_owner_load(db, user_id, &u, err)) != G_OK || (s = check_grantee(&u, err)) != G_OK)
        return s;
    unsigned char *rsk = sodium_malloc(KEY_SK_BYTES);
    unsigned char *tsk = sodium_malloc(KEY_SK_BYTES);
    if (!rsk || !tsk) {
        s = nomem(err);
        goto out;
    }
    if ((s = recovery_parse(recovery_text, rsk, err)) != G_OK)
        goto out;
    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    unsigned char rpk[KEY_PK_BYTES], derived[KEY_PK_BYTES];
    int found = 0;
    if ((s = recovery_public(db, rpk, &found, err)) != G_OK)
        goto fail;
    crypto_scalarmult_base(derived, rsk);
    if (!found || sodium_memcmp(derived, rpk, KEY_PK_BYTES) != 0) {
        s = g_err(err, G_ERR_DENIED,
                  found ? _("Cette clé de secours n'est pas celle de ce site (ou a été remplacée "
                            "depuis).")
                        : _("Ce site n'a pas de clé de secours."));
        goto fail;
    }
    int64_t team_id = 0;
    unsigned char tpk[KEY_PK_BYTES];
    if ((s = team_public(db, &team_id, tpk, err)) != G_OK)
        goto fail;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "SELECT recovery_sealed_secret FROM team_key WHERE id = ?", &st,
                        err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, team_id);
    /* a sealed secret that could not be read is not "not sealed for it" */
    s = db_step_row(db, st, _("lecture de la clé de l'équipe"), err);
    int opened = s == G_OK && sqlite3_column_type(st, 0) == SQLITE_BLOB &&
                 key_unseal(tsk, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
                            rpk, rsk) == 0;
    sqlite3_finalize(st);
    if (s != G_OK && s != G_ERR_NOTFOUND)
        goto fail;
    s = G_OK;
    unsigned char check[KEY_PK_BYTES];
    if (opened) {
        crypto_scalarmult_base(check, tsk);
        opened = sodium_memcmp(check, tpk, KEY_PK_BYTES) == 0;
    }
    if (!opened) {
        s = g_err(err, G_ERR_CRYPTO,
                  _("La clé de l'équipe n'est pas scellée pour cette clé de secours : la "
                    "restauration est impossible."));
        goto fail;
    }
    if ((s = store_grant(db, team_id, &u, tsk, 0, err)) != G_OK)
        goto fail;
    char obj[32], detail[96];
    snprintf(obj, sizeof obj, "user:%" PRId64, u.id);
    snprintf(detail, sizeof detail, "team=%" PRId64 " login=%s generation=%" PRId64, team_id,
             u.login, u.key_generation);
    if ((s = audit_log(db, actor_id, "recovery-restore", obj, detail, err)) != G_OK)
        goto fail;
    s = db_commit(db, err);
    goto out;
fail:
    db_rollback(db);
out:
    if (rsk)
        sodium_free(rsk);
    if (tsk)
        sodium_free(tsk);
    return s;
}

g_status team_site_init(g_db *db, int64_t actor_id, char recovery_out[RECOVERY_TEXT_SIZE],
                        g_error *err)
{
    g_status s = recovery_create(db, NULL, recovery_out, err);
    if (s == G_OK && (s = team_init(db, actor_id, err)) != G_OK)
        sodium_memzero(recovery_out, RECOVERY_TEXT_SIZE);
    return s;
}
