/* team_internal.h — what team.c shares with note.c: public keys of readers
 * and the opening of the team secret. Not public. */
#ifndef GUICHET_TEAM_INTERNAL_H
#define GUICHET_TEAM_INTERNAL_H

#include <sodium.h>
#include <stdint.h>

#include "guichet/auth.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/user.h"

#define KEY_PK_BYTES     crypto_box_PUBLICKEYBYTES
#define KEY_SK_BYTES     crypto_box_SECRETKEYBYTES
#define KEY_SEALED_BYTES (32 + crypto_box_SEALBYTES) /* a sealed 32-byte key */

/* What notes and the team need of a user row. */
typedef struct key_owner {
    int64_t id;                             /* app_user.id */
    char login[USER_LOGIN_MAX + 1];         /* for messages */
    char display_name[USER_NAME_MAX + 1];   /* for messages and lists */
    user_role role;                         /* accueil, conseiller, responsable */
    int disabled;                           /* 1 = disabled account */
    int64_t key_generation;                 /* of public_key */
    unsigned char public_key[KEY_PK_BYTES]; /* X25519, current */
} key_owner;

/* Loads user id's public key and role. G_ERR_NOTFOUND when absent. */
g_status key_owner_load(g_db *db, int64_t id, key_owner *out, g_error *err);

/* Checks that the session is unlocked and that its key pair is the user's
 * current one (not superseded by a reset since login); fills *me.
 * G_ERR_LOCKED / G_ERR_DENIED otherwise. */
g_status key_session_check(g_db *db, const g_session *s, key_owner *me, g_error *err);

/* The current team key's id and public key. G_ERR_NOTFOUND when none. */
g_status team_public(g_db *db, int64_t *team_id, unsigned char pk[KEY_PK_BYTES], g_error *err);

/* Unseals the team secret for the session into sk (KEY_SK_BYTES of locked
 * memory the caller owns and wipes). me from key_session_check. G_ERR_DENIED
 * when the session holds no grant for its current key pair (or is an
 * accueil), G_ERR_CRYPTO when the sealed copy does not open. */
g_status team_secret_open(g_db *db, const g_session *s, const key_owner *me, int64_t *team_id,
                          unsigned char *sk, g_error *err);

/* Seals a 32-byte key for pk into out (KEY_SEALED_BYTES). */
g_status key_seal(unsigned char out[KEY_SEALED_BYTES], const unsigned char *key32,
                  const unsigned char pk[KEY_PK_BYTES], g_error *err);

/* Opens a sealed 32-byte key with the key pair (pk, sk) into key32 (locked
 * memory of the caller). Returns 0, or -1 when it does not open (key32 is
 * then wiped). */
int key_unseal(unsigned char *key32, const unsigned char *sealed, size_t sealed_len,
               const unsigned char pk[KEY_PK_BYTES], const unsigned char *sk);

#endif
