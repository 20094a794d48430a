-- 018: one Argon2id per login (src/core/user.c, docs/securite.md). One run
-- gives 64 bytes: the first 32 are the verifier kept here, the last 32 the
-- key that seals the secret key (under kdf_salt, kdf_opslimit,
-- kdf_memlimit). Accounts made before keep pw_verifier NULL, their
-- password_hash (crypto_pwhash_str) and a seal under a separate derivation:
-- their next successful login checks them the old way, once, and replaces
-- them (password_hash then '').
ALTER TABLE app_user ADD COLUMN pw_verifier BLOB NULL
    CHECK (pw_verifier IS NULL OR length(pw_verifier) = 32);
