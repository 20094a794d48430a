/* uuid.h — the ids of every row that leaves the site or syncs. */
#ifndef GUICHET_UUID_H
#define GUICHET_UUID_H

#define UUID_TEXT_SIZE 37 /* 36 characters and the NUL */

/* A new UUID, time-ordered (version 7: milliseconds since the epoch, then 74
 * random bits from libsodium's generator), lower-case hex with hyphens, into
 * out. The time part says when the row was made; the pseudonyms of the
 * export are keyed hashes of it, never the uuid itself. */
void uuid_new(char out[UUID_TEXT_SIZE]);

#endif
