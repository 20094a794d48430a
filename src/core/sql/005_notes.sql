-- 005: confidential notes (see src/core/note.c, src/core/team.c and
-- docs/notes-confidentielles.md). No plaintext and no usable key is ever
-- stored here: only public keys, keys sealed (crypto_box_seal) for a public
-- key, and ciphertexts (XChaCha20-Poly1305).

-- The site recovery key pair: only the public key is kept; the secret key is
-- printed once at `guichet init`, to be kept on paper.
CREATE TABLE site_recovery (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    public_key BLOB NOT NULL CHECK (length(public_key) = 32), -- X25519
    created_at INTEGER NOT NULL
);

-- The team key pair of the site's conseillers and responsables (level
-- 'equipe'). One row today; an id so that a later rotation is a new row.
CREATE TABLE team_key (
    id                     INTEGER PRIMARY KEY,
    public_key             BLOB NOT NULL CHECK (length(public_key) = 32), -- X25519
    recovery_sealed_secret BLOB,   -- team secret sealed for site_recovery.public_key; NULL = none
    created_at             INTEGER NOT NULL
);

-- The team secret key sealed for one member's public key (of key_generation:
-- after a manager's reset the row no longer opens and must be granted again).
CREATE TABLE team_member_key (
    team_key_id    INTEGER NOT NULL REFERENCES team_key(id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES app_user(id),
    key_generation INTEGER NOT NULL,
    wrapped_secret BLOB NOT NULL,            -- crypto_box_seal(team secret, user public key)
    granted_by     INTEGER NOT NULL DEFAULT 0, -- user id; 0 = system (init) or recovery key
    granted_at     INTEGER NOT NULL,
    PRIMARY KEY (team_key_id, user_id)
);

CREATE TABLE note (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,    -- part of every version's associated data
    visitor_id      INTEGER NOT NULL REFERENCES visitor(id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES app_user(id),
    level           TEXT NOT NULL CHECK (level IN ('privee', 'equipe')),
    current_version INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX note_by_visitor ON note (visitor_id, created_at);

-- One row per version; each version has its own random key.
CREATE TABLE note_version (
    note_id    INTEGER NOT NULL REFERENCES note(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL CHECK (version >= 1),
    nonce      BLOB NOT NULL CHECK (length(nonce) = 24),
    ciphertext BLOB NOT NULL,                -- XChaCha20-Poly1305, AD = uuid + version
    author_id  INTEGER NOT NULL REFERENCES app_user(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (note_id, version)
);

-- A version's key sealed for one reader: a user (of key_generation) or the
-- team key (reader_id = team_key.id).
CREATE TABLE note_key (
    note_id        INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    reader_kind    TEXT NOT NULL CHECK (reader_kind IN ('user', 'team')),
    reader_id      INTEGER NOT NULL,
    key_generation INTEGER NOT NULL DEFAULT 0, -- of the user's key pair; 0 for the team
    wrapped_key    BLOB NOT NULL,              -- crypto_box_seal(version key, reader public key)
    PRIMARY KEY (note_id, version, reader_kind, reader_id),
    FOREIGN KEY (note_id, version) REFERENCES note_version(note_id, version) ON DELETE CASCADE
);
CREATE INDEX note_key_by_reader ON note_key (reader_kind, reader_id);
