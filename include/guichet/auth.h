/* auth.h — logging in, the idle lock, logging out.
 *
 * A session holds the user's X25519 secret key, unsealed at login into
 * memory from sodium_malloc (guarded, mlock'ed) and wiped at logout. Failed
 * attempts are counted; past [security] failed_login_limit the account is
 * locked for lockout_minutes. Every outcome is journaled. */
#ifndef GUICHET_AUTH_H
#define GUICHET_AUTH_H

#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/user.h"

#define AUTH_KEY_BYTES 32

typedef struct g_session {
    int64_t user_id;
    char login[USER_LOGIN_MAX + 1];
    char display_name[USER_NAME_MAX + 1];
    user_role role;
    unsigned char public_key[AUTH_KEY_BYTES];
    unsigned char *secret_key; /* AUTH_KEY_BYTES in locked memory; NULL while locked */
    int64_t login_at;
} g_session;

/* Checks login and password; on success *out is a new session (free with
 * auth_logout). Wrong login and wrong password give the same message
 * (G_ERR_DENIED; G_ERR_LOCKED past the limit). A refusal whose journal
 * entry or failure count cannot be written is still a refusal, but says so
 * and returns the database's status (G_ERR_BUSY, G_ERR_IO, G_ERR_DB). */
g_status auth_login(g_db *db, const g_config *cfg, const char *login, const char *password,
                    g_session **out, g_error *err);

/* Idle lock: wipes the secret key from memory and journals it "idle-lock".
 * The key is wiped whatever happens; a journal that cannot be written is
 * reported (the database's status, err says so). */
g_status auth_lock(g_db *db, g_session *s, g_error *err);

/* The same when the user locks the desk on purpose (F9): journaled "lock". */
g_status auth_lock_now(g_db *db, g_session *s, g_error *err);

/* Unlocks a locked session with the password (counts failures like login). */
g_status auth_unlock(g_db *db, const g_config *cfg, g_session *s, const char *password,
                     g_error *err);

/* Journals the logout, wipes and frees the session (always: a journal that
 * cannot be written is reported, the session is gone anyway). NULL is
 * fine. */
g_status auth_logout(g_db *db, g_session *s, g_error *err);

/* Frees the session without journaling (exit on a signal, tests). */
void auth_session_free(g_session *s);

/* The command line's account commands act as a responsable who proves it
 * (`--as LOGIN`, docs/securite.md): checks login and password like a login
 * (failures counted and journaled "cli-auth-failed", lockout, disabled
 * account) and that the account is an enabled responsable; journals
 * "cli-auth" and gives its id in *actor_id. G_ERR_DENIED / G_ERR_LOCKED
 * otherwise. No session is kept. */
g_status auth_check_manager(g_db *db, const g_config *cfg, const char *login, const char *password,
                            int64_t *actor_id, g_error *err);

/* Argon2id parameters used for new hashes and key derivation. */
unsigned long long auth_pwhash_opslimit(void);
size_t auth_pwhash_memlimit(void);

#endif
