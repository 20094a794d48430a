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

#define USER_SK_BYTES     crypto_box_SECRETKEYBYTES
#define USER_PK_BYTES     crypto_box_PUBLICKEYBYTES
#define USER_SALT_BYTES   crypto_pwhash_SALTBYTES
#define USER_NONCE_BYTES  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define USER_SEALED_BYTES (USER_SK_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* One app_user row with its credentials. */
typedef struct user_cred {
    user_info info;                             /* the public part */
    char password_hash[crypto_pwhash_STRBYTES]; /* crypto_pwhash_str output */
    unsigned char public_key[USER_PK_BYTES];    /* X25519 */
    unsigned char sealed[USER_SEALED_BYTES];    /* secret key under the password key */
    unsigned char nonce[USER_NONCE_BYTES];      /* of the seal */
    unsigned char salt[USER_SALT_BYTES];        /* of the key derivation */
    unsigned long long opslimit;                /* Argon2id cost used for the seal */
    size_t memlimit;                            /* bytes */
    int64_t key_generation;                     /* +1 at each manager reset */
} user_cred;

/* Lowercases a login into out (USER_LOGIN_MAX + 1 bytes); logins are
 * case-insensitive. Returns -1 when it does not fit. */
int user_login_norm(const char *login, char out[USER_LOGIN_MAX + 1]);

/* Loads a user's row by (normalised) login. G_ERR_NOTFOUND when absent. */
g_status user_cred_load(g_db *db, const char *login, user_cred *out, g_error *err);

/* Unseals the secret key of c with password into sk (USER_SK_BYTES).
 * G_ERR_CRYPTO when the password or the row does not match. */
g_status user_unseal(const user_cred *c, const char *password, unsigned char *sk, g_error *err);

/* 1 when password matches c->password_hash (Argon2id). */
int user_password_ok(const user_cred *c, const char *password);

/* The one password check of guichet (auth.c): loads login into c, refuses a
 * locked or disabled account, counts a wrong password towards the lockout
 * and journals it as fail_action, then unseals the secret key into sk
 * (USER_SK_BYTES of locked memory). Login, unlock and password change all go
 * through it. */
g_status auth_check_and_unseal(g_db *db, const g_config *cfg, const char *login,
                               const char *password, const char *fail_action, user_cred *c,
                               unsigned char *sk, g_error *err);

#endif
