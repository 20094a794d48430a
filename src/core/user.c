/* user.c — staff accounts (see guichet/user.h and docs/securite.md).
 *
 * The expensive work (Argon2id, key generation) is done before the write
 * transaction so another desk never waits on it; the transaction then checks
 * that the row did not change meanwhile (key_generation, password_hash). */
#include <ctype.h>
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
#include "guichet/fieldtext.h"
#include "guichet/utf8.h"
#include "user_internal.h"

static const char *const role_codes[] = {"accueil", "conseiller", "responsable"};

const char *user_role_code(user_role role)
{
    if ((int)role < 0 || (size_t)role >= sizeof role_codes / sizeof *role_codes)
        return "?";
    return role_codes[role];
}

const char *user_role_label(user_role role)
{
    switch (role) {
    case ROLE_ACCUEIL:
        return _("Accueil");
    case ROLE_CONSEILLER:
        return _("Conseiller");
    case ROLE_RESPONSABLE:
        return _("Responsable");
    }
    return "?";
}

int user_role_parse(const char *code, user_role *out)
{
    for (size_t i = 0; code && i < sizeof role_codes / sizeof *role_codes; i++)
        if (strcmp(code, role_codes[i]) == 0) {
            *out = (user_role)i;
            return 0;
        }
    return -1;
}

static g_status crypto_start(g_error *err)
{
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    return G_OK;
}

int user_login_norm(const char *login, char out[USER_LOGIN_MAX + 1])
{
    size_t n = login ? strlen(login) : 0;
    if (n > USER_LOGIN_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)login[i]);
    out[n] = 0;
    return 0;
}

g_status user_check_login(const char *login, g_error *err)
{
    size_t n = login ? strlen(login) : 0;
    if (n == 0)
        return g_err_field(err, G_ERR_INVALID, "login", _("L'identifiant est obligatoire."));
    if (n > USER_LOGIN_MAX)
        return g_err_field(err, G_ERR_INVALID, "login",
                           _("L'identifiant est trop long (%d caractères au plus)."),
                           USER_LOGIN_MAX);
    /* an accented first letter falls through to the message that says why */
    if ((unsigned char)login[0] < 0x80 && !isalnum((unsigned char)login[0]))
        return g_err_field(err, G_ERR_INVALID, "login",
                           _("L'identifiant doit commencer par une lettre ou un chiffre."));
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)login[i];
        if (c >= 0x80 || !(isalnum(c) || c == '.' || c == '_' || c == '-'))
            return g_err_field(err, G_ERR_INVALID, "login",
                               _("L'identifiant « %s » contient un caractère interdit : lettres "
                                 "sans accent, chiffres, point, tiret et souligné seulement."),
                               login);
    }
    return G_OK;
}

g_status user_check_password(const g_config *cfg, const char *password, g_error *err)
{
    size_t n = password ? strlen(password) : 0;
    int min = cfg ? cfg->security.min_password_length : 12;
    if (n > USER_PASSWORD_MAX)
        return g_err_field(err, G_ERR_INVALID, "password",
                           _("Le mot de passe est trop long (%d octets au plus)."),
                           USER_PASSWORD_MAX);
    if (!utf8_valid(password ? password : "", n))
        return g_err_field(err, G_ERR_INVALID, "password",
                           _("Le mot de passe contient des caractères illisibles (réglez le "
                             "terminal en UTF-8)."));
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)password[i] < 0x20 || password[i] == 0x7f)
            return g_err_field(err, G_ERR_INVALID, "password",
                               _("Le mot de passe contient un caractère de contrôle."));
    if (utf8_chars(password ? password : "") < (size_t)min)
        return g_err_field(err, G_ERR_INVALID, "password",
                           P_("Le mot de passe doit compter au moins %d caractère.",
                              "Le mot de passe doit compter au moins %d caractères.", min),
                           min);
    return G_OK;
}

static g_status check_display_name(const char *name, g_error *err)
{
    size_t n = strlen(name);
    if (n > USER_NAME_MAX)
        return g_err_field(err, G_ERR_INVALID, "display_name",
                           _("Le nom affiché est trop long (%d octets au plus)."), USER_NAME_MAX);
    return fieldtext_check(name, FIELDTEXT_LINE, "display_name", _("Nom affiché"), err);
}

/* Associated data of a seal: ties the sealed key to its login and key
 * generation, so a sealed key copied onto another row does not open. */
static size_t seal_ad(const char *login, int64_t generation, unsigned char *ad, size_t size)
{
    int n = snprintf((char *)ad, size, "guichet-sk-v1:%s:%" PRId64, login, generation);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* Before migration 018: the sealing key alone (32 bytes of Argon2id), the
 * password checked by a second run (crypto_pwhash_str_verify). */
static g_status derive_key(const char *password, const unsigned char *salt,
                           unsigned long long opslimit, size_t memlimit, unsigned char *key,
                           g_error *err)
{
    if (crypto_pwhash(key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES, password, strlen(password),
                      salt, opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante pour protéger la clé personnelle."));
    return G_OK;
}

/* One Argon2id run, 64 bytes: the first half is the verifier the row keeps,
 * the second the key that seals the secret key. Neither half tells anything
 * of the other (they are two parts of one BLAKE2b output over Argon2's last
 * block), so storing the verifier does not weaken the seal. */
static g_status derive_split(const char *password, const unsigned char *salt,
                             unsigned long long opslimit, size_t memlimit,
                             unsigned char verifier[USER_VERIFIER_BYTES], unsigned char *key,
                             g_error *err)
{
    unsigned char out[USER_VERIFIER_BYTES + crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    if (crypto_pwhash(out, sizeof out, password, strlen(password), salt, opslimit, memlimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante pour protéger la clé personnelle."));
    memcpy(verifier, out, USER_VERIFIER_BYTES);
    memcpy(key, out + USER_VERIFIER_BYTES, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    sodium_memzero(out, sizeof out);
    return G_OK;
}

/* Seals sk under password into c (salt, nonce, costs, verifier, sealed);
 * c->info.login and c->key_generation must be set. */
static g_status seal_key(user_cred *c, const char *password, const unsigned char *sk, g_error *err)
{
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    randombytes_buf(c->salt, sizeof c->salt);
    randombytes_buf(c->nonce, sizeof c->nonce);
    c->opslimit = auth_pwhash_opslimit();
    c->memlimit = auth_pwhash_memlimit();
    g_status s = derive_split(password, c->salt, c->opslimit, c->memlimit, c->verifier, key, err);
    if (s != G_OK)
        return s;
    c->has_verifier = 1;
    c->password_hash[0] = 0;
    unsigned char ad[USER_LOGIN_MAX + 48];
    size_t adlen = seal_ad(c->info.login, c->key_generation, ad, sizeof ad);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(c->sealed, &clen, sk, USER_SK_BYTES, ad, adlen, NULL,
                                               c->nonce, key);
    sodium_memzero(key, sizeof key);
    return G_OK;
}

g_status user_unseal(const user_cred *c, const char *password, unsigned char *sk, g_error *err)
{
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    g_status s;
    if (c->has_verifier) {
        unsigned char v[USER_VERIFIER_BYTES];
        s = derive_split(password, c->salt, c->opslimit, c->memlimit, v, key, err);
        if (s == G_OK && sodium_memcmp(v, c->verifier, sizeof v) != 0)
            s = G_ERR_DENIED;
        sodium_memzero(v, sizeof v);
    } else if (crypto_pwhash_str_verify(c->password_hash, password, strlen(password)) != 0) {
        s = G_ERR_DENIED; /* (also when Argon2id lacked memory: the old way cannot tell) */
    } else {
        s = derive_key(password, c->salt, c->opslimit, c->memlimit, key, err);
    }
    if (s != G_OK) {
        sodium_memzero(key, sizeof key);
        sodium_memzero(sk, USER_SK_BYTES);
        return s;
    }
    unsigned char ad[USER_LOGIN_MAX + 48];
    size_t adlen = seal_ad(c->info.login, c->key_generation, ad, sizeof ad);
    unsigned long long mlen = 0;
    int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(sk, &mlen, NULL, c->sealed,
                                                        sizeof c->sealed, ad, adlen, c->nonce, key);
    sodium_memzero(key, sizeof key);
    if (rc != 0 || mlen != USER_SK_BYTES) {
        sodium_memzero(sk, USER_SK_BYTES);
        return g_err(err, G_ERR_CRYPTO,
                     _("La clé personnelle du compte « %s » ne peut pas être ouverte : le compte "
                       "a été modifié hors de guichet. Le responsable doit réinitialiser son mot "
                       "de passe."),
                     c->info.login);
    }
    return G_OK;
}

/* A new key pair sealed under password (with its verifier). */
static g_status new_credentials(user_cred *c, const char *password, g_error *err)
{
    unsigned char *sk = sodium_malloc(USER_SK_BYTES);
    if (!sk)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    crypto_box_keypair(c->public_key, sk);
    g_status s = seal_key(c, password, sk, err);
    sodium_free(sk);
    return s;
}

g_status user_rewrap_prepare(const user_cred *c, const char *password, const unsigned char *sk,
                             user_cred *fresh, g_error *err)
{
    *fresh = *c; /* same key pair, same generation */
    return seal_key(fresh, password, sk, err);
}

g_status user_rewrap_store(g_db *db, const user_cred *old, const user_cred *fresh, int *stored,
                           g_error *err)
{
    *stored = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "UPDATE app_user SET password_hash = '', pw_verifier = ?1, "
                            "sealed_secret_key = ?2, seal_nonce = ?3, kdf_salt = ?4, "
                            "kdf_opslimit = ?5, kdf_memlimit = ?6 "
                            "WHERE id = ?7 AND key_generation = ?8 AND kdf_salt = ?9 "
                            "AND pw_verifier IS NULL",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_blob(st, 1, fresh->verifier, sizeof fresh->verifier, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, fresh->sealed, sizeof fresh->sealed, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 3, fresh->nonce, sizeof fresh->nonce, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, fresh->salt, sizeof fresh->salt, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)fresh->opslimit);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)fresh->memlimit);
    sqlite3_bind_int64(st, 7, old->info.id);
    sqlite3_bind_int64(st, 8, old->key_generation);
    sqlite3_bind_blob(st, 9, old->salt, sizeof old->salt, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("mise à jour de l'empreinte du mot de passe"));
    else
        *stored = sqlite3_changes(db_sql(db)) == 1;
    sqlite3_finalize(st);
    return s;
}

#define USER_COLUMNS                                                                               \
    "id, login, display_name, role, disabled, failed_attempts, locked_until, created_at, "         \
    "last_login_at"

static void read_info(sqlite3_stmt *st, user_info *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, u->login, sizeof u->login);
    db_column_text(st, 2, u->display_name, sizeof u->display_name);
    char role[16];
    db_column_text(st, 3, role, sizeof role);
    if (user_role_parse(role, &u->role) != 0)
        u->role = ROLE_ACCUEIL;
    u->disabled = sqlite3_column_int(st, 4);
    u->failed_attempts = sqlite3_column_int(st, 5);
    u->locked_until = sqlite3_column_int64(st, 6);
    u->created_at = sqlite3_column_int64(st, 7);
    u->last_login_at = sqlite3_column_int64(st, 8);
}

static void copy_blob(sqlite3_stmt *st, int col, unsigned char *dst, size_t size, int *ok)
{
    const void *p = sqlite3_column_blob(st, col);
    if (!p || (size_t)sqlite3_column_bytes(st, col) != size) {
        memset(dst, 0, size);
        *ok = 0;
        return;
    }
    memcpy(dst, p, size);
}

g_status user_cred_load(g_db *db, const char *login, user_cred *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    char norm[USER_LOGIN_MAX + 1];
    if (user_login_norm(login, norm) != 0)
        return g_err(err, G_ERR_NOTFOUND, _("Aucun compte « %s »."), login);
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT " USER_COLUMNS ", password_hash, public_key, "
                            "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, "
                            "kdf_memlimit, key_generation, pw_verifier FROM app_user "
                            "WHERE login = ?",
                            &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, norm);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int ok = 1;
        read_info(st, &out->info);
        db_column_text(st, 9, out->password_hash, sizeof out->password_hash);
        copy_blob(st, 10, out->public_key, sizeof out->public_key, &ok);
        copy_blob(st, 11, out->sealed, sizeof out->sealed, &ok);
        copy_blob(st, 12, out->nonce, sizeof out->nonce, &ok);
        copy_blob(st, 13, out->salt, sizeof out->salt, &ok);
        sqlite3_int64 ops = sqlite3_column_int64(st, 14);
        sqlite3_int64 mem = sqlite3_column_int64(st, 15);
        out->key_generation = sqlite3_column_int64(st, 16);
        if (sqlite3_column_type(st, 17) != SQLITE_NULL) {
            /* a verifier of the wrong size matches no password */
            out->has_verifier = 1;
            int vok = 1;
            copy_blob(st, 17, out->verifier, sizeof out->verifier, &vok);
        }
        /* costs outside libsodium's bounds would make a bad row crash or hang */
        if (ops < (sqlite3_int64)crypto_pwhash_OPSLIMIT_MIN || ops > 64 ||
            mem < (sqlite3_int64)crypto_pwhash_MEMLIMIT_MIN || mem > (sqlite3_int64)1 << 31)
            ok = 0;
        out->opslimit = (unsigned long long)ops;
        out->memlimit = (size_t)mem;
        if (!ok) {
            /* a damaged row: keep the public info, make the seal unopenable */
            memset(out->sealed, 0, sizeof out->sealed);
            out->opslimit = auth_pwhash_opslimit();
            out->memlimit = auth_pwhash_memlimit();
        }
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture d'un compte"));
    }
    sqlite3_finalize(st);
    if (s == G_OK && rc == SQLITE_DONE)
        s = g_err(err, G_ERR_NOTFOUND, _("Aucun compte « %s »."), login);
    return s;
}

static g_status get_one(g_db *db, const char *where, const char *text, int64_t id, user_info *out,
                        const char *shown, g_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT " USER_COLUMNS " FROM app_user WHERE %s", where);
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    if (text)
        db_bind_text(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_info(st, out);
    else if (rc == SQLITE_DONE)
        s = g_err(err, G_ERR_NOTFOUND, _("Aucun compte « %s »."), shown);
    else
        s = db_fail(db, err, _("lecture d'un compte"));
    db_stmt_done(db, st);
    return s;
}

g_status user_get(g_db *db, const char *login, user_info *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    char norm[USER_LOGIN_MAX + 1];
    if (user_login_norm(login, norm) != 0)
        return g_err(err, G_ERR_NOTFOUND, _("Aucun compte « %s »."), login);
    return get_one(db, "login = ?", norm, 0, out, login, err);
}

g_status user_get_by_id(g_db *db, int64_t id, user_info *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    char shown[32];
    snprintf(shown, sizeof shown, "n° %" PRId64, id);
    return get_one(db, "id = ?", NULL, id, out, shown, err);
}

g_status user_count(g_db *db, int *count, g_error *err)
{
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT count(*) FROM app_user", &st, err);
    if (s != G_OK)
        return s;
    if (sqlite3_step(st) == SQLITE_ROW)
        *count = sqlite3_column_int(st, 0);
    else
        s = db_fail(db, err, _("comptage des comptes"));
    sqlite3_finalize(st);
    return s;
}

g_status user_list(g_db *db, user_info **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT " USER_COLUMNS " FROM app_user ORDER BY login", &st, err);
    if (s != G_OK)
        return s;
    user_info *v = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            user_info *nv = realloc(v, ncap * sizeof *v);
            if (!nv) {
                free(v);
                sqlite3_finalize(st);
                return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
            }
            v = nv;
            cap = ncap;
        }
        read_info(st, &v[n++]);
    }
    if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture des comptes"));
        free(v);
        v = NULL;
        n = 0;
    }
    sqlite3_finalize(st);
    *out = v;
    *count = n;
    return s;
}

static g_status object_of(int64_t id, char *buf, size_t size)
{
    snprintf(buf, size, "user:%" PRId64, id);
    return G_OK;
}

/* Account management is the manager's: actor_id 0 is the command line, run
 * by whoever can write the database file (the site's administrator); any
 * other actor must be an enabled responsable. */
static g_status require_manager(g_db *db, int64_t actor_id, g_error *err)
{
    if (actor_id == 0)
        return G_OK;
    user_info actor;
    g_status s = user_get_by_id(db, actor_id, &actor, err);
    if (s != G_OK)
        return s;
    if (actor.role != ROLE_RESPONSABLE || actor.disabled)
        return g_err(err, G_ERR_DENIED,
                     _("Seul un responsable peut gérer les comptes du personnel."));
    return G_OK;
}

g_status user_add(g_db *db, const g_config *cfg, int64_t actor_id, const char *login,
                  const char *display_name, user_role role, const char *password, int64_t *id_out,
                  g_error *err)
{
    if (id_out)
        *id_out = 0;
    g_status s;
    if ((s = crypto_start(err)) != G_OK || (s = require_manager(db, actor_id, err)) != G_OK ||
        (s = user_check_login(login, err)) != G_OK)
        return s;
    if ((int)role < ROLE_ACCUEIL || role > ROLE_RESPONSABLE)
        return g_err_field(err, G_ERR_INVALID, "role", _("Rôle inconnu."));
    user_cred *c = sodium_malloc(sizeof *c);
    if (!c)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    memset(c, 0, sizeof *c);
    user_login_norm(login, c->info.login);
    const char *name = display_name && *display_name ? display_name : c->info.login;
    if ((s = check_display_name(name, err)) != G_OK ||
        (s = user_check_password(cfg, password, err)) != G_OK)
        goto out;
    user_info existing;
    g_error ignored = {0};
    if (user_get(db, c->info.login, &existing, &ignored) == G_OK) {
        s = g_err_field(err, G_ERR_EXISTS, "login", _("L'identifiant « %s » est déjà pris."),
                        c->info.login);
        goto out;
    }
    c->key_generation = 1;
    if ((s = new_credentials(c, password, err)) != G_OK)
        goto out;

    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    sqlite3_stmt *st = NULL;
    s = db_prepare(db,
                   "INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
                   "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, "
                   "key_generation, created_at, updated_at, pw_verifier) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                   &st, err);
    if (s == G_OK) {
        int64_t now = clock_now();
        db_bind_text(st, 1, c->info.login);
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, user_role_code(role));
        db_bind_text(st, 4, c->password_hash);
        sqlite3_bind_blob(st, 5, c->public_key, sizeof c->public_key, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 6, c->sealed, sizeof c->sealed, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 7, c->nonce, sizeof c->nonce, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 8, c->salt, sizeof c->salt, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 9, (sqlite3_int64)c->opslimit);
        sqlite3_bind_int64(st, 10, (sqlite3_int64)c->memlimit);
        sqlite3_bind_int64(st, 11, now);
        sqlite3_bind_int64(st, 12, now);
        sqlite3_bind_blob(st, 13, c->verifier, sizeof c->verifier, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            if ((sqlite3_extended_errcode(db_sql(db)) & 0xff) == SQLITE_CONSTRAINT)
                s = g_err_field(err, G_ERR_EXISTS, "login",
                                _("L'identifiant « %s » est déjà pris."), c->info.login);
            else
                s = db_fail(db, err, _("création du compte"));
        }
    }
    sqlite3_finalize(st);
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    char obj[32], detail[64];
    object_of(id, obj, sizeof obj);
    snprintf(detail, sizeof detail, "login=%s role=%s", c->info.login, user_role_code(role));
    if (s == G_OK)
        s = audit_log(db, actor_id, "user-add", obj, detail, err);
    if (s == G_OK)
        s = db_commit(db, err);
    else
        db_rollback(db);
    if (s == G_OK && id_out)
        *id_out = id;
out:
    sodium_free(c);
    return s;
}

/* Enabled responsables other than the user with id `except`. */
static g_status other_managers(g_db *db, int64_t except, int *n, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT count(*) FROM app_user WHERE role = 'responsable' AND "
                            "disabled = 0 AND id <> ?",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, except);
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int(st, 0);
    else
        s = db_fail(db, err, _("lecture des comptes"));
    sqlite3_finalize(st);
    return s;
}

g_status user_set_disabled(g_db *db, int64_t actor_id, const char *login, int disabled,
                           g_error *err)
{
    disabled = disabled ? 1 : 0;
    g_status s = require_manager(db, actor_id, err);
    if (s != G_OK)
        return s;
    s = db_begin(db, err);
    if (s != G_OK)
        return s;
    user_info u;
    if ((s = user_get(db, login, &u, err)) != G_OK)
        goto fail;
    if (u.disabled == disabled) {
        db_rollback(db);
        return G_OK;
    }
    if (disabled && u.role == ROLE_RESPONSABLE) {
        int others = 0;
        if ((s = other_managers(db, u.id, &others, err)) != G_OK)
            goto fail;
        if (others == 0) {
            s = g_err(err, G_ERR_CONFLICT,
                      _("« %s » est le dernier responsable actif : créez ou réactivez d'abord un "
                        "autre compte responsable."),
                      u.login);
            goto fail;
        }
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "UPDATE app_user SET disabled = ?, updated_at = ? WHERE id = ?", &st,
                        err)) != G_OK)
        goto fail;
    sqlite3_bind_int(st, 1, disabled);
    sqlite3_bind_int64(st, 2, clock_now());
    sqlite3_bind_int64(st, 3, u.id);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("modification du compte"));
    sqlite3_finalize(st);
    if (s != G_OK)
        goto fail;
    char obj[32];
    object_of(u.id, obj, sizeof obj);
    if ((s = audit_log(db, actor_id, disabled ? "user-disable" : "user-enable", obj, u.login,
                       err)) != G_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return s;
}

/* Writes c's new credentials if the row still has the expected generation
 * and salt (each seal draws a new salt: no other desk changed it meanwhile),
 * then journals. */
static g_status store_credentials(g_db *db, const user_cred *c, int64_t old_generation,
                                  const unsigned char *old_salt, int clear_lockout,
                                  int64_t actor_id, const char *action, g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE app_user SET password_hash = ?, public_key = ?, "
                        "sealed_secret_key = ?, seal_nonce = ?, kdf_salt = ?, kdf_opslimit = ?, "
                        "kdf_memlimit = ?, key_generation = ?, updated_at = ?, "
                        "failed_attempts = CASE WHEN ? THEN 0 ELSE failed_attempts END, "
                        "locked_until = CASE WHEN ? THEN 0 ELSE locked_until END, "
                        "pw_verifier = ? "
                        "WHERE id = ? AND key_generation = ? AND kdf_salt = ?",
                        &st, err)) != G_OK)
        goto fail;
    db_bind_text(st, 1, c->password_hash);
    sqlite3_bind_blob(st, 2, c->public_key, sizeof c->public_key, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 3, c->sealed, sizeof c->sealed, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, c->nonce, sizeof c->nonce, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 5, c->salt, sizeof c->salt, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)c->opslimit);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)c->memlimit);
    sqlite3_bind_int64(st, 8, c->key_generation);
    sqlite3_bind_int64(st, 9, clock_now());
    sqlite3_bind_int(st, 10, clear_lockout);
    sqlite3_bind_int(st, 11, clear_lockout);
    sqlite3_bind_blob(st, 12, c->verifier, sizeof c->verifier, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 13, c->info.id);
    sqlite3_bind_int64(st, 14, old_generation);
    sqlite3_bind_blob(st, 15, old_salt, USER_SALT_BYTES, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("modification du mot de passe"));
        goto fail;
    }
    if (sqlite3_changes(db_sql(db)) != 1) {
        s = g_err(err, G_ERR_CONFLICT,
                  _("Le compte « %s » a été modifié depuis un autre poste pendant l'opération ; "
                    "recommencez."),
                  c->info.login);
        goto fail;
    }
    char obj[32], detail[64];
    object_of(c->info.id, obj, sizeof obj);
    snprintf(detail, sizeof detail, "login=%s generation=%" PRId64, c->info.login,
             c->key_generation);
    if ((s = audit_log(db, actor_id, action, obj, detail, err)) != G_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return s;
}

g_status user_change_password(g_db *db, const g_config *cfg, const char *login,
                              const char *old_password, const char *new_password, g_error *err)
{
    g_status s = crypto_start(err);
    if (s != G_OK)
        return s;
    user_cred *c = sodium_malloc(sizeof *c);
    unsigned char *sk = sodium_malloc(USER_SK_BYTES);
    unsigned char old_salt[USER_SALT_BYTES];
    if (!c || !sk) {
        s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        goto out;
    }
    memset(c, 0, sizeof *c);
    if ((s = user_check_password(cfg, new_password, err)) != G_OK)
        goto out;
    /* the old password is checked like a login: a lockout applies, a wrong
     * one counts towards it and is journaled */
    s = auth_check_and_unseal(db, cfg, login, old_password, "passwd-failed", c, sk, err);
    if (s == G_ERR_DENIED && c->info.id && !c->info.disabled)
        s = g_err_field(err, G_ERR_DENIED, "old_password",
                        _("L'ancien mot de passe est incorrect."));
    if (s != G_OK)
        goto out;
    memcpy(old_salt, c->salt, sizeof old_salt);
    /* same key pair, same generation: only the seal and the verifier change */
    if ((s = seal_key(c, new_password, sk, err)) != G_OK)
        goto out;
    s = store_credentials(db, c, c->key_generation, old_salt, 0, c->info.id, "user-passwd", err);
out:
    if (sk)
        sodium_free(sk);
    if (c)
        sodium_free(c);
    return s;
}

g_status user_reset_password(g_db *db, const g_config *cfg, int64_t actor_id, const char *login,
                             const char *new_password, g_error *err)
{
    g_status s = crypto_start(err);
    if (s == G_OK)
        s = require_manager(db, actor_id, err);
    if (s != G_OK)
        return s;
    user_cred *c = sodium_malloc(sizeof *c);
    unsigned char old_salt[USER_SALT_BYTES];
    if (!c) {
        s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        goto out;
    }
    if ((s = user_cred_load(db, login, c, err)) != G_OK ||
        (s = user_check_password(cfg, new_password, err)) != G_OK)
        goto out;
    memcpy(old_salt, c->salt, sizeof old_salt);
    int64_t old_generation = c->key_generation;
    c->key_generation = old_generation + 1;
    if ((s = new_credentials(c, new_password, err)) != G_OK)
        goto out;
    s = store_credentials(db, c, old_generation, old_salt, 1, actor_id, "user-reset", err);
out:
    if (c)
        sodium_free(c);
    return s;
}
