/* passwords.h — asking for a new password on the command line. */
#ifndef GUICHET_CLI_PASSWORDS_H
#define GUICHET_CLI_PASSWORDS_H

#include <stddef.h>

/* Reads a new password into buf (size bytes): from stdin (one line) when
 * from_stdin, else twice from the terminal without echo (prompt, then
 * "Confirmez…"), refusing a mismatch. Returns 0, or an exit status after
 * printing the reason on stderr. The caller wipes buf (sodium_memzero). */
int cli_read_new_password(const char *prompt, int from_stdin, char *buf, size_t size);

#endif
