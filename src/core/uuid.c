/* uuid.c — see uuid.h. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "guichet/clock.h"
#include "guichet/uuid.h"

/* RFC 9562 version 7: 48 bits of Unix time in milliseconds, big-endian,
 * then random bits. The seconds come from clock_now() (injectable: a
 * simulated history gets the uuids of its own time), the milliseconds from
 * the real clock. The order is only for locality: rows made one after the
 * other land on the same last page of each uuid index instead of a random
 * one (fewer pages written per saved action); uniqueness rests on the 74
 * random bits, as with version 4. */
void uuid_new(char out[UUID_TEXT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    if (sodium_init() < 0)
        abort(); /* no random source: nothing guichet does is safe */
    randombytes_buf(b, sizeof b);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t ms = (uint64_t)clock_now() * 1000u + (uint64_t)(ts.tv_nsec / 1000000);
    for (int i = 5; i >= 0; i--) {
        b[i] = (unsigned char)(ms & 0xff);
        ms >>= 8;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x70); /* version 7 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 9562 variant */
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0x0f];
    }
    *p = 0;
}
