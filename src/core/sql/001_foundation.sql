-- 001: the site, staff accounts and the journal.
-- Migrations are never edited once landed: a change is a new numbered file.

CREATE TABLE site (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    matricule     TEXT NOT NULL,
    name          TEXT NOT NULL,
    commune       TEXT NOT NULL DEFAULT '',
    timezone      TEXT NOT NULL DEFAULT 'Europe/Paris',
    pseudonym_key BLOB NOT NULL CHECK (length(pseudonym_key) = 32), -- keyed BLAKE2b of visitor ids in exports
    created_at    INTEGER NOT NULL
);

CREATE TABLE app_user (
    id                INTEGER PRIMARY KEY,
    login             TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('accueil', 'conseiller', 'responsable')),
    password_hash     TEXT NOT NULL,              -- crypto_pwhash_str (Argon2id)
    public_key        BLOB NOT NULL CHECK (length(public_key) = 32), -- X25519
    sealed_secret_key BLOB NOT NULL,              -- XChaCha20-Poly1305 under Argon2id(password, kdf_salt)
    seal_nonce        BLOB NOT NULL,
    kdf_salt          BLOB NOT NULL,
    kdf_opslimit      INTEGER NOT NULL,
    kdf_memlimit      INTEGER NOT NULL,
    key_generation    INTEGER NOT NULL DEFAULT 1, -- +1 at each manager reset (new key pair)
    disabled          INTEGER NOT NULL DEFAULT 0,
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    locked_until      INTEGER NOT NULL DEFAULT 0,
    last_login_at     INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

-- Append-only, hash-chained journal (see src/core/audit.c).
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL DEFAULT 0, -- 0 = system / command line
    action    TEXT NOT NULL,
    object    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'le journal ne peut pas être modifié');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'le journal ne peut pas être effacé');
END;
