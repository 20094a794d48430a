/* uuid.c — see uuid.h. */
#include <sodium.h>
#include <stdlib.h>

#include "guichet/uuid.h"

void uuid_new(char out[UUID_TEXT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    if (sodium_init() < 0)
        abort(); /* no random source: nothing guichet does is safe */
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0x0f];
    }
    *p = 0;
}
