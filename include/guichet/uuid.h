/* uuid.h — the ids of every row that leaves the site or syncs. */
#ifndef GUICHET_UUID_H
#define GUICHET_UUID_H

#define UUID_TEXT_SIZE 37 /* 36 characters and the NUL */

/* A new random UUID (version 4, libsodium's generator), lower-case hex with
 * hyphens, into out. */
void uuid_new(char out[UUID_TEXT_SIZE]);

#endif
