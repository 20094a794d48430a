/* user_internal.h — what user.c shares with auth.c (and tests): a user's
 * stored credentials and the sealing of their secret key. Not public. */
#ifndef GUICHET_USER_INTERNAL_H
#define GUICHET_USER_INTERNAL_H

#include <sodium.h>
#include <stdint.h>

#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/config.h"
#include "guichet/user.h"

#define USER_SK_BYTES       crypto_box_SECRETKEYBYTES
#define USER_PK_BYTES       crypto_box_PUBLICKEYBYTES
#define USER_SALT_BYTES     crypto_pwhash_SALTBYTES
#define USER_NONCE_BYTES    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define USER_SEALED_BYTES   (USER_SK_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define USER_VERIFIER_BYTES 32

/* One app_user row with its credentials. */
typedef struct user_cred {
    user_info info;                              /* the public part */
    int has_verifier;                            /* 1: one Argon2id gives verifier and key */
    unsigned char verifier[USER_VERIFIER_BYTES]; /* first half of Argon2id(password, salt) */
    char password_hash[crypto_pwhash_STRBYTES];  /* before 018 only: crypto_pwhash_str */
    unsigned char public_key[USER_PK_BYTES];     /* X25519 */
    unsigned char sealed[USER_SEALED_BYTES];     /* secret key under the password key */
    unsigned char nonce[USER_NONCE_BYTES];       /* of the seal */
    unsigned char salt[USER_SALT_BYTES];         /* of the key derivation */
    unsigned long long opslimit;                 /* Argon2id cost used for the seal */
    size_t memlimit;                             /* bytes */
    int64_t key_generation;                      /* +1 at each manager reset */
} user_cred;

/* Lowercases a login into out (USER_LOGIN_MAX + 1 bytes); logins are
 * case-insensitive. Returns -1 when it does not fit. */
int user_login_norm(const char *login, char out[USER_LOGIN_MAX + 1]);

/* Loads a user's row by (normalised) login. G_ERR_NOTFOUND when absent. */
g_status user_cred_load(g_db *db, const char *login, user_cred *out, g_error *err);

/* Checks password against c and unseals the secret key into sk
 * (USER_SK_BYTES): one Argon2id run whose output is split into the verifier
 * and the sealing key; an account from before migration 018 (no verifier)
 * takes the old two runs. G_ERR_DENIED (no message) for a wrong password,
 * G_ERR_CRYPTO when the password is right but the seal does not open (the
 * row was changed outside guichet), G_ERR_NOMEM when Argon2id cannot get its
 * memory. sk is wiped on any failure. */
g_status user_unseal(const user_cred *c, const char *password, unsigned char *sk, g_error *err);

/* For an account from before migration 018 (c->has_verifier == 0) whose
 * password was just checked and key unsealed into sk: prepares in *fresh
 * the same key pair sealed the new way (one Argon2id run, done here, before
 * any transaction). */
g_status user_rewrap_prepare(const user_cred *c, const char *password, const unsigned char *sk,
                             user_cred *fresh, g_error *err);

/* Inside the caller's transaction: stores what user_rewrap_prepare made,
 * unless the row changed meanwhile (another desk changed the password:
 * *stored = 0, nothing written, not an error). */
g_status user_rewrap_store(g_db *db, const user_cred *old, const user_cred *fresh, int *stored,
                           g_error *err);

/* The one password check of guichet (auth.c): loads login into c, refuses a
 * locked or disabled account, counts a wrong password towards the lockout
 * and journals it as fail_action, then unseals the secret key into sk
 * (USER_SK_BYTES of locked memory). Login, unlock and password change all go
 * through it. */
g_status auth_check_and_unseal(g_db *db, const g_config *cfg, const char *login,
                               const char *password, const char *fail_action, user_cred *c,
                               unsigned char *sk, g_error *err);

#endif
