/* argon_time.c — LD_PRELOAD'ed into guichet by tests/bench/run: times every
 * Argon2id call (crypto_pwhash, crypto_pwhash_str_verify) the process makes
 * and rewrites the running total, in microseconds, into $BENCH_ARGON_FILE,
 * so that the login's Argon2id is subtracted in the same process and the
 * same run, exactly. Benchmark only; never installed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double total_us;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void account(double t0)
{
    total_us += now_us() - t0;
    const char *path = getenv("BENCH_ARGON_FILE");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "%.1f\n", total_us);
        fclose(f);
    }
}

int crypto_pwhash(unsigned char *const out, unsigned long long outlen, const char *const passwd,
                  unsigned long long passwdlen, const unsigned char *const salt,
                  unsigned long long opslimit, size_t memlimit, int alg)
{
    static int (*real)(unsigned char *const, unsigned long long, const char *const,
                       unsigned long long, const unsigned char *const, unsigned long long, size_t,
                       int);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash");
    double t0 = now_us();
    int rc = real(out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg);
    account(t0);
    return rc;
}

int crypto_pwhash_str_verify(const char str[crypto_pwhash_STRBYTES], const char *const passwd,
                             unsigned long long passwdlen)
{
    static int (*real)(const char *, const char *const, unsigned long long);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash_str_verify");
    double t0 = now_us();
    int rc = real(str, passwd, passwdlen);
    account(t0);
    return rc;
}
