/* audit.c — the journal: append-only, hash-chained (see guichet/audit.h).
 *
 * Each entry's hash is the hex SHA-256 of an unambiguous encoding of
 *   "guichet-audit-v1", prev_hash, id, at, user_id, action, object, detail
 * where every field is preceded by its length as 8 big-endian bytes and the
 * integers are written in decimal. The first entry's prev_hash is 64 zeros.
 * Altering a field breaks that entry's hash; removing or reordering entries
 * breaks the next entry's prev_hash. Triggers (sql/001_foundation.sql)
 * refuse UPDATE and DELETE through SQLite; the chain catches changes made
 * behind guichet's back (triggers dropped with the sqlite3 shell). */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/user.h"

#define AUDIT_HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static const char audit_genesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
    crypto_hash_sha256_update(h, len, sizeof len);
    if (n)
        crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void hash_int(crypto_hash_sha256_state *h, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    hash_field(h, buf);
}

/* The hash of one entry, as 64 lowercase hex digits. */
static void audit_hash(const char *prev_hash, int64_t id, int64_t at, int64_t user_id,
                       const char *action, const char *object, const char *detail,
                       char out[AUDIT_HASH_HEX])
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    hash_field(&h, "guichet-audit-v1");
    hash_field(&h, prev_hash);
    hash_int(&h, id);
    hash_int(&h, at);
    hash_int(&h, user_id);
    hash_field(&h, action);
    hash_field(&h, object);
    hash_field(&h, detail);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

void audit_entry_hash(const char *prev_hash, int64_t id, int64_t at, int64_t user_id,
                      const char *action, const char *object, const char *detail, char out[65])
{
    audit_hash(prev_hash, id, at, user_id, action, object, detail, out);
}

g_status audit_log(g_db *db, int64_t user_id, const char *action, const char *object,
                   const char *detail, g_error *err)
{
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    if (!action || !*action)
        return g_err(err, G_ERR_INVALID, _("Entrée de journal sans action."));
    if (!object)
        object = "";
    if (!detail)
        detail = "";

    /* The previous hash is read inside the write transaction, so two desks
     * cannot both chain onto the same entry. */
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st = NULL;
    char prev[AUDIT_HASH_HEX];
    int64_t id = 1;
    snprintf(prev, sizeof prev, "%s", audit_genesis);
    if ((s = db_stmt(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st, err)) != G_OK)
        goto fail;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0) + 1;
        db_column_text(st, 1, prev, sizeof prev);
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture du journal"));
        goto fail;
    }
    db_stmt_done(db, st);
    st = NULL;

    int64_t at = clock_now();
    char hash[AUDIT_HASH_HEX];
    audit_hash(prev, id, at, user_id, action, object, detail, hash);

    if ((s = db_stmt(db,
                     "INSERT INTO audit (id, at, user_id, action, object, detail, prev_hash, "
                     "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    sqlite3_bind_int64(st, 3, user_id);
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, object);
    db_bind_text(st, 6, detail);
    db_bind_text(st, 7, prev);
    db_bind_text(st, 8, hash);
    if (sqlite3_step(st) != SQLITE_DONE) {
        s = db_fail(db, err, _("écriture du journal"));
        goto fail;
    }
    db_stmt_done(db, st);
    return db_commit(db, err);

fail:
    db_stmt_done(db, st);
    db_rollback(db);
    return s;
}

g_status audit_refusal_status(g_status refusal, g_status journal, const g_error *why, g_error *err)
{
    if (journal == G_OK)
        return refusal;
    if (err) {
        char shown[sizeof err->msg], field[sizeof err->field];
        snprintf(shown, sizeof shown, "%s", err->msg);
        snprintf(field, sizeof field, "%s", err->field);
        g_err_field(err, journal, field,
                    _("%s Attention : cette tentative n'a pas pu être inscrite au journal (%s)"),
                    shown, why && why->msg[0] ? why->msg : g_status_label(journal));
    }
    return journal;
}

/* The id and hash of the last entry removed by the retention purge (0 and
 * the genesis when none was). */
static g_status anchor_read(g_db *db, int64_t *last_id, char hash[AUDIT_HASH_HEX], g_error *err)
{
    *last_id = 0;
    snprintf(hash, AUDIT_HASH_HEX, "%s", audit_genesis);
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "SELECT last_id, last_hash FROM audit_anchor WHERE id = 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *last_id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, hash, AUDIT_HASH_HEX);
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture du début du journal"));
    }
    db_stmt_done(db, st);
    return s;
}

g_status audit_verify(g_db *db, int64_t *bad_id, g_error *err)
{
    if (bad_id)
        *bad_id = 0;
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    /* The chain starts at the genesis, or after the last entry the
     * retention purge removed (audit_trim). */
    char expected_prev[AUDIT_HASH_HEX];
    int64_t trimmed_id = 0;
    g_status s = anchor_read(db, &trimmed_id, expected_prev, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    s = db_prepare(db,
                   "SELECT id, at, user_id, action, object, detail, prev_hash, hash "
                   "FROM audit ORDER BY id",
                   &st, err);
    if (s != G_OK)
        return s;
    int64_t last_id = 0;
    int rc;
    s = G_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *action = (const char *)sqlite3_column_text(st, 3);
        const char *object = (const char *)sqlite3_column_text(st, 4);
        const char *detail = (const char *)sqlite3_column_text(st, 5);
        const char *prev = (const char *)sqlite3_column_text(st, 6);
        const char *stored = (const char *)sqlite3_column_text(st, 7);
        if (!prev || strcmp(prev, expected_prev) != 0) {
            if (last_id)
                s = g_err(err, G_ERR_CONFLICT,
                          _("Journal rompu à l'entrée %lld : elle ne suit pas l'entrée %lld ; "
                            "une entrée a été supprimée, insérée ou déplacée entre les deux."),
                          (long long)id, (long long)last_id);
            else if (trimmed_id)
                s = g_err(err, G_ERR_CONFLICT,
                          _("Journal rompu à l'entrée %lld : elle ne suit pas la dernière entrée "
                            "effacée par la purge (%lld) ; des entrées ont été supprimées hors "
                            "de guichet."),
                          (long long)id, (long long)trimmed_id);
            else
                s = g_err(err, G_ERR_CONFLICT,
                          _("Journal rompu à l'entrée %lld : les entrées qui la précédaient "
                            "ont été supprimées."),
                          (long long)id);
            goto broken;
        }
        char hash[AUDIT_HASH_HEX];
        audit_hash(prev, id, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), action,
                   object, detail, hash);
        if (!stored || strcmp(stored, hash) != 0) {
            s = g_err(err, G_ERR_CONFLICT,
                      _("Journal rompu à l'entrée %lld : son contenu a été modifié après son "
                        "enregistrement."),
                      (long long)id);
            goto broken;
        }
        snprintf(expected_prev, sizeof expected_prev, "%s", stored);
        last_id = id;
    }
    if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture du journal"));
    sqlite3_finalize(st);
    return s;

broken:
    if (bad_id)
        *bad_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s;
}

/* One integer from a query with one optional int64 parameter; *out = dflt
 * when the row is missing or NULL. */
static g_status query_int(g_db *db, const char *sql, int64_t param, int64_t dflt, int64_t *out,
                          g_error *err)
{
    *out = dflt;
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, param);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *out = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture du journal"));
    db_stmt_done(db, st);
    return s;
}

g_status audit_trim_bound(g_db *db, int64_t before, int64_t *from, int64_t *upto, int64_t *count,
                          g_error *err)
{
    *from = *upto = *count = 0;
    int64_t first_recent, newest, anchor_id, last = 0;
    char anchor_hash[AUDIT_HASH_HEX];
    g_status s;
    if ((s = anchor_read(db, &anchor_id, anchor_hash, err)) != G_OK ||
        (s = query_int(db, "SELECT min(id) FROM audit WHERE at >= ?1", before, 0, &first_recent,
                       err)) != G_OK ||
        (s = query_int(db, "SELECT max(id) FROM audit", 0, 0, &newest, err)) != G_OK)
        return s;
    *from = anchor_id;
    /* a prefix only (the chain must stay whole), and never the newest
     * entry, which the next one chains onto */
    last = first_recent ? first_recent - 1 : newest - 1;
    if (last <= anchor_id)
        return G_OK;
    if ((s = query_int(db, "SELECT max(id) FROM audit WHERE id <= ?1", last, 0, &last, err)) !=
        G_OK)
        return s;
    if (last <= anchor_id)
        return G_OK;
    *upto = last;
    /* the entries up to the anchor are gone already */
    return query_int(db, "SELECT count(*) FROM audit WHERE id <= ?1", last, 0, count, err);
}

g_status audit_trim_to(g_db *db, int64_t upto, int64_t *removed, g_error *err)
{
    *removed = 0;
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    int64_t anchor_id, n = 0;
    char anchor_hash[AUDIT_HASH_HEX];
    if ((s = anchor_read(db, &anchor_id, anchor_hash, err)) != G_OK)
        goto out;
    /* never the newest entry */
    int64_t newest = 0;
    if ((s = query_int(db, "SELECT max(id) FROM audit", 0, 0, &newest, err)) != G_OK)
        goto out;
    if (upto >= newest)
        upto = newest - 1;
    if (upto <= anchor_id ||
        (s = query_int(db, "SELECT max(id) FROM audit WHERE id <= ?1", upto, 0, &upto, err)) !=
            G_OK ||
        upto <= anchor_id ||
        (s = query_int(db, "SELECT count(*) FROM audit WHERE id <= ?1", upto, 0, &n, err)) !=
            G_OK ||
        n == 0)
        goto out;
    sqlite3_stmt *st;
    if ((s = db_stmt(db,
                     "UPDATE audit_anchor SET last_id = ?1, count = count + ?2, at = ?3, "
                     "last_hash = (SELECT hash FROM audit WHERE id = ?1) WHERE id = 1",
                     &st, err)) != G_OK)
        goto out;
    sqlite3_bind_int64(st, 1, upto);
    sqlite3_bind_int64(st, 2, n);
    sqlite3_bind_int64(st, 3, clock_now());
    if ((s = db_stmt_step_done(db, st, _("purge du journal"), err)) != G_OK)
        goto out;
    if ((s = db_stmt(db, "DELETE FROM audit WHERE id <= ?1", &st, err)) != G_OK)
        goto out;
    sqlite3_bind_int64(st, 1, upto);
    s = db_stmt_step_done(db, st, _("purge du journal"), err);
out:
    if (s != G_OK) {
        db_rollback(db);
        return s;
    }
    if ((s = db_commit(db, err)) == G_OK)
        *removed = n;
    return s;
}

g_status audit_trim(g_db *db, int64_t before, int dry_run, int64_t *removed, g_error *err)
{
    *removed = 0;
    int64_t from, upto, count;
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    if ((s = audit_trim_bound(db, before, &from, &upto, &count, err)) == G_OK && upto > 0) {
        if (dry_run)
            *removed = count;
        else
            s = audit_trim_to(db, upto, removed, err);
    }
    if (s != G_OK) {
        db_rollback(db);
        *removed = 0;
        return s;
    }
    if ((s = db_commit(db, err)) != G_OK)
        *removed = 0;
    return s;
}

g_status audit_verify_head(g_db *db, g_error *err)
{
    sqlite3_stmt *st;
    /* the head row, and the journal's last entry (the chain was verified
     * separately: entries below it are whole) */
    g_status s = db_prepare(db,
                            "SELECT h.last_id, h.last_hash, "
                            "(SELECT id FROM audit ORDER BY id DESC LIMIT 1), "
                            "(SELECT hash FROM audit ORDER BY id DESC LIMIT 1) "
                            "FROM (SELECT 1) LEFT JOIN audit_head h ON h.id = 1",
                            &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        s = db_fail(db, err, _("lecture de la tête du journal"));
        sqlite3_finalize(st);
        return s;
    }
    int have_head = sqlite3_column_type(st, 0) != SQLITE_NULL;
    int64_t head = sqlite3_column_int64(st, 0), last = sqlite3_column_int64(st, 2);
    char head_hash[AUDIT_HASH_HEX], last_hash[AUDIT_HASH_HEX];
    db_column_text(st, 1, head_hash, sizeof head_hash);
    db_column_text(st, 3, last_hash, sizeof last_hash);
    sqlite3_finalize(st);
    if (!have_head)
        return g_err(err, G_ERR_CONFLICT,
                     _("La tête du journal a été effacée derrière le dos de guichet : le journal "
                       "(%lld entrées) ne peut plus montrer si sa fin a été supprimée."),
                     (long long)last);
    if (last < head)
        return g_err(err, G_ERR_CONFLICT,
                     P_("Le journal s'arrête à l'entrée %lld alors que la tête enregistrée est "
                        "%lld : %lld entrée perdue (supprimée derrière le dos de guichet, ou perte "
                        "du fichier -wal).",
                        "Le journal s'arrête à l'entrée %lld alors que la tête enregistrée est "
                        "%lld : %lld entrées perdues (supprimées derrière le dos de guichet, ou "
                        "perte du fichier -wal).",
                        (unsigned long)(head - last)),
                     (long long)last, (long long)head, (long long)(head - last));
    if (last > head)
        return g_err(err, G_ERR_CONFLICT,
                     _("Le journal va jusqu'à l'entrée %lld mais la tête enregistrée est %lld : "
                       "des entrées ont été ajoutées derrière le dos de guichet."),
                     (long long)last, (long long)head);
    if (strcmp(last_hash, head_hash) != 0)
        return g_err(err, G_ERR_CONFLICT,
                     _("La dernière entrée du journal (%lld) n'est pas celle que la tête a "
                       "enregistrée : la fin du journal a été réécrite derrière le dos de "
                       "guichet."),
                     (long long)last);
    return G_OK;
}

g_status audit_count(g_db *db, int64_t *count, g_error *err)
{
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT count(*) FROM audit", &st, err);
    if (s != G_OK)
        return s;
    if (sqlite3_step(st) == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    else
        s = db_fail(db, err, _("lecture du journal"));
    sqlite3_finalize(st);
    return s;
}

g_status audit_recent(g_db *db, int64_t reader_id, int limit, audit_entry **out, size_t *count,
                      g_error *err)
{
    *out = NULL;
    *count = 0;
    if (reader_id) {
        user_info reader;
        g_status s = user_get_by_id(db, reader_id, &reader, err);
        if (s != G_OK)
            return s;
        if (reader.role != ROLE_RESPONSABLE || reader.disabled)
            return g_err(err, G_ERR_DENIED, _("Seul un responsable peut lire le journal."));
    }
    if (limit <= 0)
        return G_OK;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT a.id, a.at, a.user_id, COALESCE(u.login, ''), a.action, "
                            "a.object, a.detail FROM audit a LEFT JOIN app_user u "
                            "ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int(st, 1, limit);
    audit_entry *v = calloc((size_t)limit, sizeof *v);
    if (!v) {
        sqlite3_finalize(st);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) {
        audit_entry *e = &v[n++];
        e->id = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->user_id = sqlite3_column_int64(st, 2);
        db_column_text(st, 3, e->login, sizeof e->login);
        db_column_text(st, 4, e->action, sizeof e->action);
        db_column_text(st, 5, e->object, sizeof e->object);
        db_column_text(st, 6, e->detail, sizeof e->detail);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        s = db_fail(db, err, _("lecture du journal"));
        sqlite3_finalize(st);
        free(v);
        return s;
    }
    sqlite3_finalize(st);
    *out = v;
    *count = n;
    return G_OK;
}

/* Every action code journaled by src/core and src/cli, with its label. */
static const struct {
    const char *code;
    const char *label;
} action_labels[] = {
    {"appointment-arrived", N_("Arrivée sur rendez-vous")},
    {"appointment-book", N_("Rendez-vous pris")},
    {"appointment-call", N_("Rappel de rendez-vous")},
    {"appointment-cancel", N_("Rendez-vous annulé")},
    {"appointment-move", N_("Rendez-vous déplacé")},
    {"appointment-status", N_("Suite du rendez-vous")},
    {"availability-add", N_("Disponibilité ajoutée")},
    {"availability-end", N_("Disponibilité arrêtée")},
    {"availability-exception", N_("Exception de planning")},
    {"availability-exception-remove", N_("Exception retirée")},
    {"backup", N_("Sauvegarde")},
    {"backup-failed", N_("Sauvegarde manquée")},
    {"cli-auth", N_("Commande de compte : responsable identifié")},
    {"cli-auth-failed", N_("Commande de compte refusée")},
    {"export-run", N_("Export de nuit")},
    {"idle-lock", N_("Verrouillage (inactivité)")},
    {"lock", N_("Verrouillage")},
    {"local-admin", N_("Commande de compte du propriétaire du fichier")},
    {"login", N_("Connexion")},
    {"login-failed", N_("Connexion refusée")},
    {"logout", N_("Déconnexion")},
    {"motif-add", N_("Motif ajouté")},
    {"motif-update", N_("Motif modifié")},
    {"note-create", N_("Note écrite")},
    {"note-delete", N_("Note supprimée")},
    {"note-list", N_("Liste des notes lue")},
    {"note-read", N_("Note lue")},
    {"note-read-denied", N_("Lecture de note refusée")},
    {"note-read-failed", N_("Note illisible")},
    {"note-share", N_("Note partagée")},
    {"note-update", N_("Note modifiée")},
    {"orientation-add", N_("Orientation faite")},
    {"orientation-followup", N_("Suivi d'orientation")},
    {"orientation-status", N_("Orientation mise à jour")},
    {"passwd-failed", N_("Mot de passe : échec")},
    {"recovery-create", N_("Clé de secours créée")},
    {"recovery-restore", N_("Clé de secours utilisée")},
    {"escalation-add", N_("Dossier transmis à un référent")},
    {"escalation-followup", N_("Suivi de transmission")},
    {"escalation-status", N_("Transmission mise à jour")},
    {"referent-add", N_("Référent ajouté")},
    {"referent-end", N_("Référent arrêté")},
    {"referent-replace", N_("Référent remplacé")},
    {"referent-update", N_("Référent modifié")},
    {"referents-import", N_("Référents importés")},
    {"resource-add", N_("Ressource ajoutée")},
    {"rgpd-access", N_("Droit d'accès : document remis")},
    {"rgpd-erase", N_("Données d'une personne effacées")},
    {"rgpd-purge", N_("Purge des données anciennes")},
    {"satisfaction", N_("Avis de l'usager recueilli")},
    {"survey-export", N_("Enquête de satisfaction exportée")},
    {"resource-update", N_("Ressource modifiée")},
    {"service-add", N_("Partenaire ajouté")},
    {"service-edit", N_("Partenaire modifié")},
    {"services-import", N_("Partenaires importés")},
    {"site-init", N_("Site créé")},
    {"team-grant", N_("Clé d'équipe donnée")},
    {"team-init", N_("Clé d'équipe créée")},
    {"team-revoke", N_("Clé d'équipe retirée")},
    {"unlock", N_("Déverrouillage")},
    {"unlock-failed", N_("Déverrouillage manqué")},
    {"user-add", N_("Compte créé")},
    {"user-disable", N_("Compte désactivé")},
    {"user-enable", N_("Compte réactivé")},
    {"user-passwd", N_("Mot de passe changé")},
    {"user-reset", N_("Mot de passe réinitialisé")},
    {"visit-correct", N_("Passage corrigé")},
    {"visitor-create", N_("Fiche visiteur créée")},
    {"visitor-merge", N_("Fiches fusionnées")},
    {"visitor-read", N_("Fiche visiteur consultée")},
    {"visitor-update", N_("Fiche visiteur modifiée")},
    {"wal-lost", N_("Perte du fichier -wal acceptée")},
};

const char *audit_action_label(const char *action)
{
    if (!action)
        return "";
    for (size_t i = 0; i < sizeof action_labels / sizeof *action_labels; i++)
        if (strcmp(action_labels[i].code, action) == 0)
            return _(action_labels[i].label);
    return action;
}
