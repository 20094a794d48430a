/* sync.c — `guichet sync`: packs between guichet bases (core:
 * src/core/sync*.c, docs/synchronisation.md).
 *
 *   guichet sync export --out FICHIER [--since REPERE|dernier]
 *   guichet sync import FICHIER [--dry-run]
 *   guichet sync status
 *   guichet sync conflits [--tous] [--resoudre N]
 *   guichet sync cle FICHIER
 *   (export, import and conflits also take --as IDENTIFIANT
 *   [--password-stdin] or --local-admin, see cli/actor.h; export and import
 *   take --passphrase-stdin unless [sync] key_file is set)
 *
 * Exit statuses: g_status_exit_code, and 10 for a pack refused (wrong
 * passphrase or key, a changed byte, a cut file, another network, an
 * unknown format): nothing is changed then. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/actor.h"
#include "cli/cli.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/sync.h"

#define CMD          "sync"
#define EXIT_REFUSED 10

#ifndef GUICHET_VERSION
#define GUICHET_VERSION "dev"
#endif

static void usage_text(FILE *out)
{
    fprintf(out, "%s",
            _("Usage : guichet sync export --out FICHIER [--since REPERE|dernier]\n"
              "        guichet sync import FICHIER [--dry-run]\n"
              "        guichet sync status\n"
              "        guichet sync conflits [--tous] [--resoudre N]\n"
              "        guichet sync cle FICHIER\n"
              "export, import : --passphrase-stdin (la phrase de passe du réseau sur l'entrée\n"
              "standard), sauf si [sync] key_file est réglé.\n"
              "export, import, conflits : --as IDENTIFIANT [--password-stdin] (un responsable)\n"
              "ou --local-admin (le propriétaire du fichier de la base).\n"));
}

static int usage(const char *fmt, const char *arg)
{
    cli_usage(CMD, fmt, arg);
    usage_text(stderr);
    return CLI_EXIT_USAGE;
}

typedef struct args {
    const char *file; /* import FICHIER / cle FICHIER */
    const char *out;  /* --out */
    const char *since;
    int dry_run, pass_stdin, all;
    int64_t resolve;
    cli_actor_opts actor;
} args;

static int parse(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        int r = cli_actor_option(CMD, argc, argv, &i, &a->actor);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(s, "--dry-run") == 0)
            a->dry_run = 1;
        else if (strcmp(s, "--passphrase-stdin") == 0)
            a->pass_stdin = 1;
        else if (strcmp(s, "--tous") == 0)
            a->all = 1;
        else if (strcmp(s, "--out") == 0 || strcmp(s, "--since") == 0 ||
                 strcmp(s, "--resoudre") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0])
                return usage(_("l'option %s attend une valeur."), s);
            const char *v = argv[++i];
            if (s[2] == 'o')
                a->out = v;
            else if (s[2] == 's')
                a->since = v;
            else {
                char *end = NULL;
                long long n = strtoll(v, &end, 10);
                if (!*v || *end || n <= 0)
                    return usage(_("« %s » n'est pas un numéro de conflit."), v);
                a->resolve = n;
            }
        } else if (s[0] == '-' || a->file)
            return usage(_("argument inattendu « %s »."), s);
        else
            a->file = s;
    }
    return 0;
}

static int report(const g_error *err)
{
    if (err->code == G_ERR_CRYPTO) {
        fprintf(stderr, "guichet: %s\n", err->msg);
        return EXIT_REFUSED;
    }
    return cli_report(err);
}

/* The key: [sync] key_file, else the passphrase (stdin or terminal); the
 * lookup is the core's (sync_secret_from_config), shared with the screen. */
static int secret(cli_ctx *ctx, const args *a, sync_secret *sec, char *pass, size_t size)
{
    g_error err = {0};
    if (!sync_secret_needs_passphrase(&ctx->cfg) && !a->pass_stdin) {
        if (sync_secret_from_config(&ctx->cfg, NULL, sec, &err) != G_OK)
            return cli_report(&err);
        return 0;
    }
    memset(sec, 0, sizeof *sec);
    int rc = cli_read_password(_("Phrase de passe du réseau : "), a->pass_stdin, pass, size);
    if (rc)
        return rc;
    pass[strcspn(pass, "\r\n")] = 0;
    if (!pass[0]) {
        fprintf(stderr, "%s\n", _("guichet : la phrase de passe du réseau est vide."));
        return CLI_EXIT_USAGE;
    }
    if (sync_secret_from_config(&ctx->cfg, pass, sec, &err) != G_OK)
        return cli_report(&err);
    return 0;
}

/* Room for the passphrase read with its newline: the core refuses one
 * longer than SYNC_PASSPHRASE_MAX in words. */
#define PASS_BYTES 1024

/* Who acts, then the key: the passphrase in locked memory (sodium_malloc,
 * *pass; release frees it). Returns 0 or an exit status. */
static int prepare(cli_ctx *ctx, g_db *db, const args *a, const char *what, int64_t *actor,
                   sync_secret *sec, char **pass)
{
    *pass = NULL;
    memset(sec, 0, sizeof *sec);
    int rc = cli_actor_resolve(ctx, db, &a->actor, what, actor);
    if (rc)
        return rc;
    if (sodium_init() < 0 || !(*pass = sodium_malloc(PASS_BYTES))) {
        g_error err = {0};
        g_err(&err, G_ERR_NOMEM, "%s", _("Mémoire insuffisante."));
        return cli_report(&err);
    }
    memset(*pass, 0, PASS_BYTES);
    return secret(ctx, a, sec, *pass, PASS_BYTES);
}

static void release(char *pass, sync_secret *sec)
{
    if (pass)
        sodium_free(pass); /* wiped by sodium_free */
    sodium_memzero(sec, sizeof *sec);
}

static void when(int64_t t, char *buf, size_t size)
{
    if (!t) {
        snprintf(buf, size, "%s", _("jamais"));
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(buf, size, "%d/%m/%Y %H:%M", &tm);
}

static int do_export(cli_ctx *ctx, g_db *db, const args *a)
{
    if (!a->out)
        return usage(_("%s : --out FICHIER est obligatoire."), "export");
    int64_t since = 0;
    if (a->since) {
        if (strcmp(a->since, "dernier") == 0)
            since = -1;
        else {
            char *end = NULL;
            long long v = strtoll(a->since, &end, 10);
            if (!*a->since || *end || v < 0)
                return usage(_("--since attend un repère (nombre donné par l'envoi précédent) "
                               "ou « dernier », pas « %s »."),
                             a->since);
            since = v;
        }
    }
    if (access(a->out, F_OK) == 0) {
        fprintf(stderr, _("guichet: le fichier « %s » existe déjà : choisissez un autre nom.\n"),
                a->out);
        return 3;
    }
    int64_t actor = 0;
    char *pass;
    sync_secret sec;
    int rc = prepare(ctx, db, a, "sync export", &actor, &sec, &pass);
    if (rc) {
        release(pass, &sec);
        return rc;
    }
    g_error err = {0};
    sync_export_info info;
    g_status s = sync_export(db, a->out, since, &sec, GUICHET_VERSION, actor, &info, &err);
    release(pass, &sec);
    if (s != G_OK)
        return report(&err);
    printf(_("Paquet écrit : %s (%" PRId64 " lignes, %zu octets).\n"), a->out, info.rows,
           info.bytes);
    printf(_("Repère de ce paquet (pour --since) : %" PRId64 "\n"), info.stamp);
    return 0;
}

static int do_import(cli_ctx *ctx, g_db *db, const args *a)
{
    if (!a->file)
        return usage(_("%s : le FICHIER du paquet manque."), "import");
    if (access(a->file, R_OK) != 0) {
        fprintf(stderr, _("guichet: impossible de lire le paquet « %s » : %s.\n"), a->file,
                strerror(errno));
        return 4;
    }
    int64_t actor = 0;
    char *pass;
    sync_secret sec;
    int rc = prepare(ctx, db, a, "sync import", &actor, &sec, &pass);
    if (rc) {
        release(pass, &sec);
        return rc;
    }
    g_error err = {0};
    sync_import_info info;
    g_status s = sync_import(db, a->file, &sec, a->dry_run, actor, &info, &err);
    release(pass, &sec);
    if (s != G_OK)
        return report(&err);
    int64_t changes =
        info.inserted + info.updated + info.deleted + info.journal + info.conflicts + info.settled;
    if (!changes) {
        printf(_("Rien de nouveau dans ce paquet de %s : la base le contenait déjà.\n"),
               info.sender);
        return 0;
    }
    if (a->dry_run)
        printf("%s\n", _("Essai (--dry-run) : rien n'a été modifié. L'import ferait :"));
    else
        printf(_("Paquet de %s importé :\n"), info.sender);
    printf(_("  %" PRId64 " lignes ajoutées, %" PRId64 " modifiées, %" PRId64
             " supprimées, %" PRId64 " déjà connues\n"),
           info.inserted, info.updated, info.deleted, info.unchanged);
    if (info.merged)
        printf(P_("  dont %" PRId64 " fusionnée champ par champ (des valeurs des deux bases)\n",
                  "  dont %" PRId64 " fusionnées champ par champ (des valeurs des deux bases)\n",
                  (unsigned long)info.merged),
               info.merged);
    printf(_("  %" PRId64 " entrées de journal d'autres postes\n"), info.journal);
    printf(_("  %" PRId64 " conflits à revoir (dont %" PRId64
             " rendez-vous sur un même créneau) : guichet sync conflits\n"),
           info.conflicts, info.slots);
    if (info.settled)
        printf(P_("  %" PRId64 " conflit réglé sur l'autre base, réglé ici aussi\n",
                  "  %" PRId64 " conflits réglés sur l'autre base, réglés ici aussi\n",
                  (unsigned long)info.settled),
               info.settled);
    return 0;
}

static int do_status(g_db *db)
{
    g_error err = {0};
    sync_state st;
    if (sync_status(db, &st, &err) != G_OK || sync_content_hash(db, st.content_hash, &err) != G_OK)
        return cli_report(&err);
    char t1[32], t2[32];
    when(st.last_sent_at, t1, sizeof t1);
    when(st.last_recv_at, t2, sizeof t2);
    printf(_("Instance : %s\n"), st.instance);
    printf(_("Dernier paquet envoyé : %s%s%s (repère %" PRId64 ")\n"), t1,
           st.last_sent_file[0] ? " — " : "", st.last_sent_file, st.last_sent_hlc);
    printf(_("Dernier paquet reçu : %s%s%s%s%s\n"), t2, st.last_recv_from[0] ? _(" de ") : "",
           st.last_recv_from, st.last_recv_file[0] ? " — " : "", st.last_recv_file);
    printf(_("Conflits à revoir : %" PRId64 "\n"), st.pending);
    printf(_("Empreinte du contenu synchronisé : %s\n"), st.content_hash);
    return 0;
}

static int do_conflicts(cli_ctx *ctx, g_db *db, const args *a)
{
    int64_t actor = 0;
    int rc = cli_actor_resolve(ctx, db, &a->actor, "sync conflits", &actor);
    if (rc)
        return rc;
    g_error err = {0};
    if (a->resolve) {
        if (sync_conflict_resolve(db, a->resolve, actor, &err) != G_OK)
            return cli_report(&err);
        printf(_("Conflit %" PRId64 " marqué comme résolu.\n"), a->resolve);
        return 0;
    }
    sync_conflict_row *rows = NULL;
    size_t n = 0;
    if (sync_conflicts(db, a->all, &rows, &n, &err) != G_OK)
        return cli_report(&err);
    if (!n)
        printf("%s\n", _("Aucun conflit à revoir."));
    for (size_t i = 0; i < n; i++) {
        const sync_conflict_row *r = &rows[i];
        if (strcmp(r->kind, "creneau") == 0)
            printf(_("%" PRId64 "%s créneau  rendez-vous %s et %s au même moment (%s)\n"), r->id,
                   r->resolved ? _(" (résolu)") : "", cli_text(r->uuid), cli_text(r->field),
                   cli_text(r->kept));
        else
            printf(_("%" PRId64 "%s champ    %s %s %s : gardé « %s », remplacé « %s »\n"), r->id,
                   r->resolved ? _(" (résolu)") : "", r->tbl, cli_text(r->uuid), cli_text(r->field),
                   cli_text(r->kept), cli_text(r->lost));
    }
    free(rows);
    return 0;
}

static int do_key(const args *a)
{
    if (!a->file)
        return usage(_("%s : le FICHIER de la clé manque."), "cle");
    int fd = open(a->file, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        fprintf(stderr, _("guichet: impossible de créer « %s » : %s.\n"), a->file, strerror(errno));
        return errno == EEXIST ? 3 : 8;
    }
    unsigned char key[SYNC_KEY_BYTES];
    char hex[2 * SYNC_KEY_BYTES + 2];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    strcat(hex, "\n");
    int ok = cli_write_raw(fd, hex, strlen(hex)) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    sodium_memzero(key, sizeof key);
    sodium_memzero(hex, sizeof hex);
    if (!ok) {
        unlink(a->file);
        fprintf(stderr, _("guichet: impossible d'écrire « %s » : %s.\n"), a->file, strerror(errno));
        return 8;
    }
    printf(_("Clé du réseau écrite dans %s : copiez-la sur chaque poste du réseau et nommez-la "
             "dans [sync] key_file.\n"),
           a->file);
    return 0;
}

int cli_sync(cli_ctx *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage_text(stdout);
        return 0;
    }
    if (argc < 2)
        return usage(_("%s : action manquante (export, import, status, conflits, cle)."), CMD);
    const char *verb = argv[1];
    args a;
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc;
    if (strcmp(verb, "cle") == 0)
        return do_key(&a);
    int known = strcmp(verb, "export") == 0 || strcmp(verb, "import") == 0 ||
                strcmp(verb, "status") == 0 || strcmp(verb, "conflits") == 0;
    if (!known)
        return usage(_("action inconnue « %s »."), verb);
    g_db *db = NULL;
    if ((rc = cli_open_db(ctx, &db)) != 0)
        return rc;
    if (strcmp(verb, "export") == 0)
        rc = do_export(ctx, db, &a);
    else if (strcmp(verb, "import") == 0)
        rc = do_import(ctx, db, &a);
    else if (strcmp(verb, "status") == 0)
        rc = do_status(db);
    else
        rc = do_conflicts(ctx, db, &a);
    db_close(db);
    return rc;
}
