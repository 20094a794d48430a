/* auth.c — logging in, the idle lock, logging out (see guichet/auth.h).
 *
 * One login costs one Argon2id run, whose output is split into the
 * password's verifier and the key that opens the sealed secret key
 * (user.c); an account from before migration 018 takes the old two runs
 * once, and its first successful login re-seals it the new way.
 * docs/securite.md gives the parameters and the time and memory measured. A
 * failed attempt is counted and journaled; past [security]
 * failed_login_limit the account is locked for lockout_minutes. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "user_internal.h"

/* Argon2id costs: libsodium's "interactive" level, 2 passes over 64 MiB,
 * once per login: the time of the former two runs over 32 MiB, twice the
 * memory an attacker must give each guess (the budget of a 512 MB PC and of
 * several desks on one small server is worked out in docs/securite.md). */
#define AUTH_OPSLIMIT 2ULL
#define AUTH_MEMLIMIT ((size_t)64 * 1024 * 1024)

unsigned long long auth_pwhash_opslimit(void)
{
    return AUTH_OPSLIMIT;
}

size_t auth_pwhash_memlimit(void)
{
    return AUTH_MEMLIMIT;
}

static g_status bad_credentials(g_error *err)
{
    return g_err_field(err, G_ERR_DENIED, "password", _("Identifiant ou mot de passe incorrect."));
}

/* "10:42" the same day, "le 30/03 à 10:42" otherwise (site's zone). */
static void format_until(int64_t until, char *buf, size_t size)
{
    char day_now[16], day_until[16], hm[16];
    clock_format(clock_now(), "%Y-%m-%d", day_now, sizeof day_now);
    clock_format(until, "%Y-%m-%d", day_until, sizeof day_until);
    clock_format(until, "%H:%M", hm, sizeof hm);
    if (strcmp(day_now, day_until) == 0) {
        snprintf(buf, size, "%s", hm);
    } else {
        char dm[16];
        clock_format(until, "%d/%m", dm, sizeof dm);
        snprintf(buf, size, _("le %s à %s"), dm, hm);
    }
}

static g_status locked_error(int64_t until, g_error *err)
{
    char when[48];
    format_until(until, when, sizeof when);
    return g_err_field(err, G_ERR_LOCKED, "password",
                       _("Trop d'essais infructueux : ce compte est verrouillé jusqu'à %s. "
                         "Réessayez à ce moment-là ou adressez-vous au responsable du site."),
                       when);
}

/* The refusal already in err stands; a journal entry (or failure count)
 * that could not be written is said too (audit_refusal_status). */
static g_status refused(g_status refusal, g_status journal, const g_error *why, g_error *err)
{
    return audit_refusal_status(refusal, journal, why, err);
}

/* Records a failed attempt on c (count, maybe lock) and journals it in one
 * transaction. Returns the error to show. */
static g_status count_failure(g_db *db, const g_config *cfg, const user_cred *c, const char *action,
                              g_error *err)
{
    int64_t now = clock_now();
    int limit = cfg ? cfg->security.failed_login_limit : 5;
    int minutes = cfg ? cfg->security.lockout_minutes : 15;
    g_error werr = {0};
    g_status s = db_begin(db, &werr);
    if (s != G_OK)
        return refused(bad_credentials(err), s, &werr, err);
    /* re-read the counter inside the transaction: another desk may have
     * failed too; an expired lock starts a fresh count. A counter that
     * cannot be read is an error: reading it as 0 would lift the lockout. */
    int failed = 0;
    int64_t locked_until = 0;
    sqlite3_stmt *st;
    s = db_prepare(db, "SELECT failed_attempts, locked_until FROM app_user WHERE id = ?", &st,
                   &werr);
    if (s == G_OK) {
        sqlite3_bind_int64(st, 1, c->info.id);
        s = db_step_row(db, st, _("lecture des échecs de connexion"), &werr);
        if (s == G_OK) {
            failed = sqlite3_column_int(st, 0);
            locked_until = sqlite3_column_int64(st, 1);
        } else if (s == G_ERR_NOTFOUND) {
            s = G_OK; /* the account vanished meanwhile: nothing to count on */
        }
        sqlite3_finalize(st);
    }
    if (locked_until && locked_until <= now) {
        failed = 0;
        locked_until = 0;
    }
    failed++;
    int locks = limit > 0 && failed >= limit;
    if (locks)
        locked_until = now + (int64_t)minutes * 60;
    if (s == G_OK)
        s = db_prepare(db, "UPDATE app_user SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                       &st, &werr);
    if (s == G_OK) {
        sqlite3_bind_int(st, 1, failed);
        sqlite3_bind_int64(st, 2, locked_until);
        sqlite3_bind_int64(st, 3, c->info.id);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = db_fail(db, &werr, _("enregistrement d'un échec de connexion"));
        sqlite3_finalize(st);
    }
    char obj[32], detail[128];
    snprintf(obj, sizeof obj, "user:%" PRId64, c->info.id);
    if (locks) {
        char when[32];
        clock_format(locked_until, "%Y-%m-%d %H:%M", when, sizeof when);
        snprintf(detail, sizeof detail, "échec %d/%d, verrouillé jusqu'à %s", failed, limit, when);
    } else
        snprintf(detail, sizeof detail, "échec %d/%d", failed, limit);
    if (s == G_OK)
        s = audit_log(db, 0, action, obj, detail, &werr);
    if (s == G_OK)
        s = db_commit(db, &werr);
    else
        db_rollback(db);
    g_status refusal = locks ? locked_error(locked_until, err) : bad_credentials(err);
    return refused(refusal, s, &werr, err);
}

/* Journals a refused attempt that is not counted (unknown login, account
 * locked or disabled); why gets the journal's failure. */
static g_status journal_refusal(g_db *db, int64_t user_id, const char *action, const char *detail,
                                g_error *why)
{
    char obj[32] = "";
    if (user_id)
        snprintf(obj, sizeof obj, "user:%" PRId64, user_id);
    return audit_log(db, 0, action, obj, detail, why);
}

/* Everything login and unlock share: lockout, password, disabled flag, then
 * the unsealing of the secret key into sk (locked memory). */
g_status auth_check_and_unseal(g_db *db, const g_config *cfg, const char *login,
                               const char *password, const char *fail_action, user_cred *c,
                               unsigned char *sk, g_error *err)
{
    g_error lerr = {0};
    g_status s = user_cred_load(db, login ? login : "", c, &lerr);
    if (s == G_ERR_NOTFOUND) {
        /* spend the same effort as for a real account: no timing oracle */
        unsigned char dummy_salt[USER_SALT_BYTES] = {0};
        unsigned char dummy[USER_VERIFIER_BYTES + AUTH_KEY_BYTES];
        int ignored =
            crypto_pwhash(dummy, sizeof dummy, password ? password : "",
                          password ? strlen(password) : 0, dummy_salt, auth_pwhash_opslimit(),
                          auth_pwhash_memlimit(), crypto_pwhash_ALG_ARGON2ID13);
        (void)ignored;
        sodium_memzero(dummy, sizeof dummy);
        g_status j = journal_refusal(db, 0, fail_action, "identifiant inconnu", &lerr);
        return refused(bad_credentials(err), j, &lerr, err);
    }
    if (s != G_OK) {
        if (err)
            *err = lerr;
        return s;
    }
    int64_t now = clock_now();
    if (c->info.locked_until > now) {
        g_status j = journal_refusal(db, c->info.id, fail_action, "compte verrouillé", &lerr);
        return refused(locked_error(c->info.locked_until, err), j, &lerr, err);
    }
    if (!password)
        return count_failure(db, cfg, c, fail_action, err);
    /* the password checked and the key unsealed by the same Argon2id run */
    g_error uerr = {0};
    s = user_unseal(c, password, sk, &uerr);
    if (s == G_ERR_DENIED)
        return count_failure(db, cfg, c, fail_action, err);
    if (s == G_ERR_NOMEM) {
        if (err)
            *err = uerr;
        return s;
    }
    if (c->info.disabled) {
        sodium_memzero(sk, USER_SK_BYTES);
        g_status j = journal_refusal(db, c->info.id, fail_action, "compte désactivé", &lerr);
        return refused(g_err(err, G_ERR_DENIED,
                             _("Le compte « %s » est désactivé. Adressez-vous au responsable du "
                               "site."),
                             c->info.login),
                       j, &lerr, err);
    }
    if (s != G_OK) {
        if (err)
            *err = uerr;
        g_status j =
            journal_refusal(db, c->info.id, fail_action, "clé personnelle illisible", &lerr);
        return refused(s, j, &lerr, err);
    }
    unsigned char pk[USER_PK_BYTES];
    crypto_scalarmult_base(pk, sk);
    if (sodium_memcmp(pk, c->public_key, sizeof pk) != 0) {
        sodium_memzero(sk, USER_SK_BYTES);
        g_status j =
            journal_refusal(db, c->info.id, fail_action, "clé personnelle incohérente", &lerr);
        return refused(g_err(err, G_ERR_CRYPTO,
                             _("La clé personnelle du compte « %s » ne correspond pas à sa clé "
                               "publique. Le responsable doit réinitialiser son mot de passe."),
                             c->info.login),
                       j, &lerr, err);
    }
    return G_OK;
}

/* Success: clears the failure count, stamps the login, journals action;
 * with fresh (an account from before migration 018, re-sealed the new way by
 * user_rewrap_prepare), stores it in the same transaction. */
static g_status record_success(g_db *db, int64_t user_id, const char *action, int stamp_login,
                               const user_cred *old, const user_cred *fresh, g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    int rewrapped = 0;
    if (fresh)
        s = user_rewrap_store(db, old, fresh, &rewrapped, err);
    sqlite3_stmt *st;
    if (s == G_OK)
        s = db_prepare(db,
                       "UPDATE app_user SET failed_attempts = 0, locked_until = 0, last_login_at = "
                       "CASE WHEN ? THEN ? ELSE last_login_at END WHERE id = ?",
                       &st, err);
    if (s == G_OK) {
        sqlite3_bind_int(st, 1, stamp_login);
        sqlite3_bind_int64(st, 2, clock_now());
        sqlite3_bind_int64(st, 3, user_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = db_fail(db, err, _("enregistrement de la connexion"));
        sqlite3_finalize(st);
    }
    char obj[32];
    snprintf(obj, sizeof obj, "user:%" PRId64, user_id);
    if (s == G_OK)
        s = audit_log(
            db, user_id, action, obj,
            rewrapped ? "mot de passe : empreinte et clé re-scellées (un seul Argon2id)" : "", err);
    if (s == G_OK)
        return db_commit(db, err);
    db_rollback(db);
    return s;
}

g_status auth_login(g_db *db, const g_config *cfg, const char *login, const char *password,
                    g_session **out, g_error *err)
{
    *out = NULL;
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    g_session *s = calloc(1, sizeof *s);
    user_cred *c = sodium_malloc(sizeof *c), *fresh = NULL;
    /* sodium_malloc memory is guarded and already mlock'ed when the system
     * allows it (a failed mlock is tolerated: the key still works) */
    unsigned char *sk = sodium_malloc(AUTH_KEY_BYTES);
    g_status st;
    if (!s || !c || !sk) {
        st = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        goto fail;
    }
    st = auth_check_and_unseal(db, cfg, login, password, "login-failed", c, sk, err);
    if (st != G_OK)
        goto fail;
    if (!c->has_verifier) {
        /* the old two-run account: re-sealed now, the Argon2id run done
         * before the write transaction */
        if (!(fresh = sodium_malloc(sizeof *fresh)))
            st = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        else
            st = user_rewrap_prepare(c, password, sk, fresh, err);
        if (st != G_OK)
            goto fail;
    }
    if ((st = record_success(db, c->info.id, "login", 1, c, fresh, err)) != G_OK)
        goto fail;
    s->user_id = c->info.id;
    snprintf(s->login, sizeof s->login, "%s", c->info.login);
    snprintf(s->display_name, sizeof s->display_name, "%s", c->info.display_name);
    s->role = c->info.role;
    memcpy(s->public_key, c->public_key, AUTH_KEY_BYTES);
    s->secret_key = sk;
    s->login_at = clock_now();
    sodium_free(c);
    if (fresh)
        sodium_free(fresh);
    *out = s;
    return G_OK;
fail:
    if (sk)
        sodium_free(sk);
    if (c)
        sodium_free(c);
    if (fresh)
        sodium_free(fresh);
    free(s);
    return st;
}

static void wipe_key(g_session *s)
{
    if (s && s->secret_key) {
        sodium_free(s->secret_key); /* zeroes, munlocks, frees */
        s->secret_key = NULL;
    }
}

/* Journals action for session s, whose key is already wiped (a journal
 * that cannot be written never keeps a secret in memory). */
static g_status journal_session(g_db *db, const g_session *s, const char *action, g_error *err)
{
    char obj[32];
    snprintf(obj, sizeof obj, "user:%" PRId64, s->user_id);
    g_error why = {0};
    g_status st = audit_log(db, s->user_id, action, obj, "", &why);
    if (st == G_OK)
        return G_OK;
    if (strcmp(action, "logout") == 0)
        return g_err(err, st,
                     _("La session est fermée, mais sa fermeture n'a pas pu être inscrite au "
                       "journal : %s"),
                     why.msg);
    return g_err(err, st,
                 _("Le poste est verrouillé, mais le verrouillage n'a pas pu être inscrit au "
                   "journal : %s"),
                 why.msg);
}

static g_status lock_session(g_db *db, g_session *s, const char *action, g_error *err)
{
    if (!s)
        return G_OK;
    wipe_key(s);
    return journal_session(db, s, action, err);
}

g_status auth_lock(g_db *db, g_session *s, g_error *err)
{
    return lock_session(db, s, "idle-lock", err);
}

g_status auth_lock_now(g_db *db, g_session *s, g_error *err)
{
    return lock_session(db, s, "lock", err);
}

g_status auth_unlock(g_db *db, const g_config *cfg, g_session *s, const char *password,
                     g_error *err)
{
    if (!s)
        return g_err(err, G_ERR_INVALID, _("Aucune session à déverrouiller."));
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    user_cred *c = sodium_malloc(sizeof *c);
    unsigned char *sk = sodium_malloc(AUTH_KEY_BYTES);
    g_status st;
    if (!c || !sk) {
        st = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        goto out;
    }
    st = auth_check_and_unseal(db, cfg, s->login, password, "unlock-failed", c, sk, err);
    if (st == G_OK && c->info.id != s->user_id)
        st = g_err(err, G_ERR_DENIED, _("Ce compte a été remplacé ; reconnectez-vous."));
    if (st == G_OK)
        st = record_success(db, s->user_id, "unlock", 0, NULL, NULL, err);
    if (st == G_OK) {
        wipe_key(s);
        /* after a manager's reset the key pair is the new one */
        memcpy(s->public_key, c->public_key, AUTH_KEY_BYTES);
        s->role = c->info.role;
        s->secret_key = sk;
        sk = NULL;
    }
out:
    if (sk)
        sodium_free(sk);
    if (c)
        sodium_free(c);
    return st;
}

void auth_session_free(g_session *s)
{
    if (!s)
        return;
    wipe_key(s);
    sodium_memzero(s, sizeof *s);
    free(s);
}

g_status auth_logout(g_db *db, g_session *s, g_error *err)
{
    if (!s)
        return G_OK;
    wipe_key(s);
    g_status st = journal_session(db, s, "logout", err);
    auth_session_free(s);
    return st;
}

g_status auth_check_manager(g_db *db, const g_config *cfg, const char *login, const char *password,
                            int64_t *actor_id, g_error *err)
{
    *actor_id = 0;
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    user_cred *c = sodium_malloc(sizeof *c);
    unsigned char *sk = sodium_malloc(AUTH_KEY_BYTES);
    g_status st;
    if (!c || !sk) {
        st = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        goto out;
    }
    /* the same checks as a login: counted failures, lockout, disabled */
    st = auth_check_and_unseal(db, cfg, login, password, "cli-auth-failed", c, sk, err);
    if (st == G_OK && c->info.role != ROLE_RESPONSABLE) {
        g_error lerr = {0};
        g_status j = journal_refusal(db, c->info.id, "cli-auth-failed", "pas responsable", &lerr);
        st = refused(
            g_err(
                err, G_ERR_DENIED,
                _("« %s » n'est pas responsable : cette commande est réservée aux responsables du "
                  "site."),
                c->info.login),
            j, &lerr, err);
    }
    if (st == G_OK)
        st = record_success(db, c->info.id, "cli-auth", 0, NULL, NULL, err);
    if (st == G_OK)
        *actor_id = c->info.id;
out:
    if (sk)
        sodium_free(sk);
    if (c)
        sodium_free(c);
    return st;
}
