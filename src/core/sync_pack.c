/* sync_pack.c — the sync pack file: a clear header, then the files of the
 * pack (manifest first) as one libsodium secretstream
 * (crypto_secretstream_xchacha20poly1305). Layout in docs/synchronisation.md.
 *
 * header (96 bytes): magic "GUISYNC\0", format (1), kdf (1 passphrase,
 * 2 key file), 2 zero bytes, opslimit (u32 BE), memlimit (u64 BE), salt
 * (16), network id (16: BLAKE2b of the network's name), key check (16:
 * BLAKE2b keyed by the pack key), secretstream header (24). The first 72
 * bytes are the associated data of the first message, so that no header
 * byte can change unnoticed. Then messages: u32 BE length + ciphertext of
 * at most CHUNK plaintext bytes; the last one carries TAG_FINAL and
 * nothing may follow it. The plaintext is the archive: per file, u16 BE
 * name length, name, u64 BE data length, data. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "guichet/sync.h"
#include "mem_huge.h"

#define MAGIC          "GUISYNC"
#define HEADER_BYTES   96
#define AD_BYTES       72
#define CHUNK          65536
#define KDF_PASSPHRASE 1
#define KDF_KEYFILE    2
/* pack key derivation: the moderate preset (256 MiB, a second on the
 * bus's laptop) would make every import wait; interactive (64 MiB) with a
 * network passphrase of several words is the trade-off (docs). */
#define PACK_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PACK_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

void sync_archive_free(sync_archive *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->count; i++)
        free(a->files[i].data);
    free(a->files);
    a->files = NULL;
    a->count = 0;
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void network_id(const char *name, unsigned char out[16])
{
    static const char pre[] = "guichet-sync-network:";
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 16);
    crypto_generichash_update(&h, (const unsigned char *)pre, sizeof pre - 1);
    const char *n = name && *name ? name : "guichet";
    crypto_generichash_update(&h, (const unsigned char *)n, strlen(n));
    crypto_generichash_final(&h, out, 16);
}

static void key_check(const unsigned char key[SYNC_KEY_BYTES], unsigned char out[16])
{
    static const char msg[] = "guichet-sync-key-check";
    crypto_generichash(out, 16, (const unsigned char *)msg, sizeof msg - 1, key, SYNC_KEY_BYTES);
}

static g_status derive(const sync_secret *sec, int kdf, const unsigned char salt[16], uint64_t ops,
                       uint64_t mem, unsigned char key[SYNC_KEY_BYTES], g_error *err)
{
    if (kdf == KDF_KEYFILE) {
        if (!sec->has_key)
            return g_err(err, G_ERR_CRYPTO,
                         _("Ce paquet a été chiffré avec le fichier de clé du réseau : "
                           "réglez [sync] key_file."));
        memcpy(key, sec->key, SYNC_KEY_BYTES);
        return G_OK;
    }
    if (!sec->passphrase)
        return g_err(err, G_ERR_CRYPTO,
                     _("Ce paquet a été chiffré avec la phrase de passe du réseau : "
                       "donnez-la (--passphrase-stdin)."));
    if (crypto_pwhash(key, SYNC_KEY_BYTES, sec->passphrase, strlen(sec->passphrase), salt, ops,
                      (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante pour dériver la clé du paquet."));
    return G_OK;
}

g_status sync_key_file(const char *path, unsigned char key[SYNC_KEY_BYTES], g_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Impossible de lire le fichier de clé « %s » : %s."), path,
                     strerror(errno));
    unsigned char buf[160];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    size_t got = 0;
    if (n == SYNC_KEY_BYTES) {
        memcpy(key, buf, SYNC_KEY_BYTES);
        got = SYNC_KEY_BYTES;
    } else if (n == 2 * SYNC_KEY_BYTES &&
               sodium_hex2bin(key, SYNC_KEY_BYTES, (const char *)buf, n, NULL, &got, NULL) != 0)
        got = 0;
    sodium_memzero(buf, sizeof buf);
    if (got != SYNC_KEY_BYTES)
        return g_err(err, G_ERR_INVALID,
                     _("Le fichier de clé « %s » doit contenir 32 octets (ou 64 chiffres "
                       "hexadécimaux)."),
                     path);
    return G_OK;
}

int sync_secret_needs_passphrase(const g_config *cfg)
{
    return !cfg->sync.key_file[0];
}

g_status sync_secret_from_config(const g_config *cfg, const char *passphrase, sync_secret *sec,
                                 g_error *err)
{
    memset(sec, 0, sizeof *sec);
    sec->network = cfg->sync.network;
    if (passphrase) {
        if (!passphrase[0])
            return g_err_field(err, G_ERR_INVALID, "passphrase",
                               _("La phrase de passe du réseau est vide."));
        /* one limit for the screen and the command line: a phrase cut by
         * one of them would no longer open the other's packs */
        if (strlen(passphrase) > SYNC_PASSPHRASE_MAX)
            return g_err_field(
                err, G_ERR_INVALID, "passphrase",
                _("La phrase de passe du réseau est trop longue (%d caractères au plus)."),
                SYNC_PASSPHRASE_MAX);
        sec->passphrase = passphrase;
        return G_OK;
    }
    if (sync_secret_needs_passphrase(cfg))
        return g_err_field(err, G_ERR_INVALID, "passphrase",
                           _("Aucun fichier de clé du réseau n'est réglé ([sync] key_file) : "
                             "la phrase de passe du réseau est nécessaire."));
    g_status s = sync_key_file(cfg->sync.key_file, sec->key, err);
    if (s != G_OK) {
        sodium_memzero(sec, sizeof *sec);
        return s;
    }
    sec->has_key = 1;
    return G_OK;
}

/* ---- writing ----------------------------------------------------------- */

typedef struct pusher {
    FILE *f;
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char buf[CHUNK];
    size_t len;
    const unsigned char *ad; /* first message only */
    size_t adlen;
    int failed;
} pusher;

static void push_chunk(pusher *p, int final)
{
    unsigned char out[CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES];
    unsigned long long olen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &p->st, out, &olen, p->buf, p->len, p->ad, p->adlen,
        final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    p->ad = NULL;
    p->adlen = 0;
    unsigned char lenb[4];
    put_be(lenb, olen, 4);
    if (fwrite(lenb, 1, 4, p->f) != 4 || fwrite(out, 1, (size_t)olen, p->f) != (size_t)olen)
        p->failed = 1;
    p->len = 0;
}

static void push_bytes(pusher *p, const void *data, size_t n)
{
    const unsigned char *d = data;
    while (n) {
        size_t take = CHUNK - p->len < n ? CHUNK - p->len : n;
        memcpy(p->buf + p->len, d, take);
        p->len += take, d += take, n -= take;
        if (p->len == CHUNK)
            push_chunk(p, 0);
    }
}

g_status sync_pack_write(const char *path, const sync_archive *a, const sync_secret *sec,
                         g_error *err)
{
    unsigned char header[HEADER_BYTES] = {0};
    unsigned char key[SYNC_KEY_BYTES];
    memcpy(header, MAGIC, 8);
    header[8] = SYNC_FORMAT;
    header[9] = sec->has_key ? KDF_KEYFILE : KDF_PASSPHRASE;
    uint64_t ops = sec->has_key ? 0 : PACK_OPSLIMIT, mem = sec->has_key ? 0 : PACK_MEMLIMIT;
    put_be(header + 12, ops, 4);
    put_be(header + 16, mem, 8);
    randombytes_buf(header + 24, 16);
    network_id(sec->network, header + 40);
    g_status s = derive(sec, header[9], header + 24, ops, mem, key, err);
    if (s != G_OK)
        return s;
    key_check(key, header + 56);

    char dir[4096], tmp[4200];
    fs_dirname(path, dir, sizeof dir);
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        sodium_memzero(key, sizeof key);
        return g_err(err, G_ERR_IO, _("Impossible d'écrire le paquet « %s » : %s."), path,
                     strerror(errno));
    }
    fchmod(fd, 0600);
    pusher *p = calloc(1, sizeof *p);
    if (!p) {
        close(fd);
        unlink(tmp);
        sodium_memzero(key, sizeof key);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    p->f = fdopen(fd, "wb");
    crypto_secretstream_xchacha20poly1305_init_push(&p->st, header + AD_BYTES, key);
    sodium_memzero(key, sizeof key);
    p->ad = header;
    p->adlen = AD_BYTES;
    if (!p->f || fwrite(header, 1, HEADER_BYTES, p->f) != HEADER_BYTES)
        p->failed = 1;
    for (size_t i = 0; i < a->count && !p->failed; i++) {
        unsigned char lb[8];
        size_t nl = strlen(a->files[i].name);
        put_be(lb, nl, 2);
        push_bytes(p, lb, 2);
        push_bytes(p, a->files[i].name, nl);
        put_be(lb, a->files[i].len, 8);
        push_bytes(p, lb, 8);
        push_bytes(p, a->files[i].data, a->files[i].len);
    }
    if (!p->failed)
        push_chunk(p, 1);
    int bad = p->failed;
    if (p->f) {
        if (fflush(p->f) != 0 || fsync(fileno(p->f)) != 0)
            bad = 1;
        if (fclose(p->f) != 0)
            bad = 1;
    } else
        close(fd);
    int e = errno;
    sodium_memzero(p, sizeof *p);
    free(p);
    if (bad) {
        unlink(tmp);
        return g_err(err, G_ERR_IO, _("Impossible d'écrire le paquet « %s » : %s."), path,
                     strerror(e));
    }
    if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        return g_err(err, G_ERR_IO, _("Impossible d'écrire le paquet « %s » : %s."), path,
                     strerror(e));
    }
    return fs_sync_dir(dir, err);
}

/* ---- reading ----------------------------------------------------------- */

static g_status altered(g_error *err)
{
    return g_err(err, G_ERR_CRYPTO,
                 _("Paquet refusé : il a été modifié ou abîmé depuis son écriture (la "
                   "vérification cryptographique échoue). Rien n'a été importé."));
}

/* The archive read as it is decrypted, 64 KiB at a time, each file's
 * bytes copied once into its own buffer: holding the whole decrypted
 * stream as well made a full pack of ten years (835 MB) take three times
 * its size in memory while it was opened. Per file: u16 BE name length,
 * name, u64 BE data length, data. */
typedef struct unpacker {
    sync_archive *out;
    size_t bound;         /* no file is longer than the pack itself */
    int stage;            /* 0 name length, 1 name, 2 data length, 3 data */
    unsigned char num[8]; /* the length being read */
    size_t got, need;     /* bytes read of this stage, bytes it wants */
    sync_file cur;
} unpacker;

static void unpacker_init(unpacker *u, sync_archive *out, size_t bound)
{
    memset(u, 0, sizeof *u);
    u->out = out;
    u->bound = bound;
    u->need = 2;
}

/* The current file complete: into the archive. */
static g_status unpack_file_done(unpacker *u, g_error *err)
{
    sync_file *grown = realloc(u->out->files, (u->out->count + 1) * sizeof *grown);
    if (!grown)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    u->out->files = grown;
    u->cur.data[u->cur.len] = 0;
    u->out->files[u->out->count++] = u->cur;
    memset(&u->cur, 0, sizeof u->cur);
    u->stage = 0;
    u->need = 2;
    u->got = 0;
    return G_OK;
}

static g_status unpack(unpacker *u, const unsigned char *p, size_t n, g_error *err)
{
    while (n) {
        size_t k = n < u->need - u->got ? n : u->need - u->got;
        if (u->stage == 1)
            memcpy(u->cur.name + u->got, p, k);
        else if (u->stage == 3)
            memcpy(u->cur.data + u->got, p, k);
        else
            memcpy(u->num + u->got, p, k);
        u->got += k;
        p += k;
        n -= k;
        if (u->got < u->need)
            break;
        u->got = 0;
        if (u->stage == 0) {
            size_t nl = (size_t)get_be(u->num, 2);
            if (nl == 0 || nl >= sizeof u->cur.name)
                return altered(err);
            u->stage = 1;
            u->need = nl;
        } else if (u->stage == 1) {
            u->stage = 2;
            u->need = 8;
        } else if (u->stage == 2) {
            uint64_t dl = get_be(u->num, 8);
            if (dl > u->bound)
                return altered(err);
            if (!(u->cur.data = malloc((size_t)dl + 1)))
                return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
            mem_huge_hint(u->cur.data, (size_t)dl + 1);
            u->cur.len = (size_t)dl;
            u->stage = 3;
            u->need = (size_t)dl;
            if (dl == 0) {
                g_status s = unpack_file_done(u, err);
                if (s != G_OK)
                    return s;
            }
        } else {
            g_status s = unpack_file_done(u, err);
            if (s != G_OK)
                return s;
        }
    }
    return G_OK;
}

/* The stream's end: it must fall between two files. */
static g_status unpack_end(unpacker *u, g_error *err)
{
    return u->stage == 0 && u->got == 0 ? G_OK : altered(err);
}

/* Where a pack is read from: a buffer, or a file read message by message
 * (sync_pack_read: a full pack of ten years is 835 MB, not held twice). */
typedef struct pack_src {
    const unsigned char *buf; /* memory: buf[0 … len) */
    size_t len, off;
    FILE *f;    /* or a file */
    int failed; /* the file could not be read (not its end) */
} pack_src;

/* Up to n bytes into dst; returns how many (fewer: the end, or failed). */
static size_t src_get(pack_src *p, unsigned char *dst, size_t n)
{
    if (!p->f) {
        size_t k = n < p->len - p->off ? n : p->len - p->off;
        memcpy(dst, p->buf + p->off, k);
        p->off += k;
        return k;
    }
    size_t k = fread(dst, 1, n, p->f);
    if (k < n && ferror(p->f))
        p->failed = 1;
    return k;
}

static int src_at_end(pack_src *p)
{
    if (!p->f)
        return p->off == p->len;
    unsigned char c;
    return src_get(p, &c, 1) == 0 && !p->failed;
}

static g_status truncated(g_error *err)
{
    return g_err(err, G_ERR_CRYPTO,
                 _("Paquet refusé : le fichier est tronqué. Rien n'a été importé."));
}

/* The pack from src, no file in it longer than bound (the pack's size). */
static g_status pack_read(pack_src *src, size_t bound, const sync_secret *sec, sync_archive *out,
                          g_error *err)
{
    memset(out, 0, sizeof *out);
    unsigned char buf[HEADER_BYTES];
    size_t got = src_get(src, buf, HEADER_BYTES);
    if (src->failed)
        return G_ERR_IO;
    if (got >= 8 && got < HEADER_BYTES && memcmp(buf, MAGIC, 8) == 0)
        return truncated(err);
    if (got < HEADER_BYTES || memcmp(buf, MAGIC, 8) != 0)
        return g_err(err, G_ERR_CRYPTO,
                     _("Paquet refusé : ce fichier n'est pas un paquet de synchronisation "
                       "guichet. Rien n'a été importé."));
    if (buf[8] != SYNC_FORMAT)
        return g_err(err, G_ERR_CRYPTO,
                     _("Paquet refusé : format %d inconnu de cette version de guichet (format "
                       "%d). Rien n'a été importé."),
                     buf[8], SYNC_FORMAT);
    unsigned char net[16];
    network_id(sec->network, net);
    if (sodium_memcmp(net, buf + 40, 16) != 0)
        return g_err(err, G_ERR_CRYPTO,
                     _("Paquet refusé : il vient d'un autre réseau de synchronisation que "
                       "« %s » ([sync] network). Rien n'a été importé."),
                     sec->network && *sec->network ? sec->network : "guichet");
    int kdf = buf[9];
    uint64_t ops = get_be(buf + 12, 4), mem = get_be(buf + 16, 8);
    if ((kdf != KDF_PASSPHRASE && kdf != KDF_KEYFILE) || buf[10] || buf[11] ||
        (kdf == KDF_PASSPHRASE && (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 16 ||
                                   mem < crypto_pwhash_MEMLIMIT_MIN || mem > (uint64_t)1 << 30)) ||
        (kdf == KDF_KEYFILE && (ops || mem)))
        return altered(err);
    unsigned char key[SYNC_KEY_BYTES], check[16];
    g_status s = derive(sec, kdf, buf + 24, ops, mem, key, err);
    if (s != G_OK)
        return s;
    key_check(key, check);
    if (sodium_memcmp(check, buf + 56, 16) != 0) {
        sodium_memzero(key, sizeof key);
        return g_err(err, G_ERR_CRYPTO,
                     kdf == KDF_KEYFILE
                         ? _("Paquet refusé : la clé du réseau ([sync] key_file) n'est pas "
                             "celle qui l'a chiffré. Rien n'a été importé.")
                         : _("Paquet refusé : phrase de passe incorrecte. Rien n'a été "
                             "importé."));
    }
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, buf + AD_BYTES, key) != 0) {
        sodium_memzero(key, sizeof key);
        return altered(err);
    }
    sodium_memzero(key, sizeof key);
    /* a message's ciphertext, then its plaintext */
    unsigned char *cipher = malloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned char *plain = malloc(CHUNK);
    if (!plain || !cipher) {
        free(cipher);
        free(plain);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    unpacker u;
    unpacker_init(&u, out, bound);
    int final = 0, first = 1;
    s = G_OK;
    while (!final) {
        unsigned char be[4];
        if (src_get(src, be, 4) < 4) {
            s = src->failed ? G_ERR_IO : truncated(err);
            break;
        }
        size_t cl = (size_t)get_be(be, 4);
        if (cl < crypto_secretstream_xchacha20poly1305_ABYTES ||
            cl > CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES) {
            s = altered(err);
            break;
        }
        if (src_get(src, cipher, cl) < cl) {
            s = src->failed ? G_ERR_IO : truncated(err);
            break;
        }
        unsigned long long ml = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &st, plain, &ml, &tag, cipher, cl, first ? buf : NULL, first ? AD_BYTES : 0) != 0) {
            s = altered(err);
            break;
        }
        first = 0;
        if ((s = unpack(&u, plain, (size_t)ml, err)) != G_OK)
            break;
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
            final = 1;
        else if (tag != 0) {
            s = altered(err);
            break;
        }
    }
    if (s == G_OK && !src_at_end(src))
        s = src->failed ? G_ERR_IO : altered(err);
    if (s == G_OK)
        s = unpack_end(&u, err);
    if (s == G_OK)
        out->sealed = 1;
    free(u.cur.data); /* a file cut short */
    sodium_memzero(plain, CHUNK);
    free(plain);
    free(cipher);
    if (s != G_OK)
        sync_archive_free(out);
    return s;
}

g_status sync_pack_open(const unsigned char *buf, size_t len, const sync_secret *sec,
                        sync_archive *out, g_error *err)
{
    pack_src src = {.buf = buf, .len = len};
    return pack_read(&src, len, sec, out, err);
}

g_status sync_pack_read(const char *path, const sync_secret *sec, sync_archive *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_NOTFOUND, _("Impossible de lire le paquet « %s » : %s."), path,
                     strerror(errno));
    struct stat sb;
    /* no file in the pack is longer than the pack (its size unknown: any) */
    size_t bound = fstat(fileno(f), &sb) == 0 ? (size_t)sb.st_size : SIZE_MAX;
    pack_src src = {.f = f};
    g_status s = pack_read(&src, bound, sec, out, err);
    fclose(f);
    /* pack_read stops at a failed read with G_ERR_IO, the message is ours */
    if (src.failed)
        return g_err(err, G_ERR_IO, _("Impossible de lire le paquet « %s »."), path);
    return s;
}
