/* passwords.c — asking for a new password (see passwords.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/passwords.h"
#include "guichet/i18n.h"

int cli_read_new_password(const char *prompt, int from_stdin, char *buf, size_t size)
{
    int rc = cli_read_password(prompt, from_stdin, buf, size);
    if (rc != 0 || from_stdin)
        return rc;
    char again[512];
    rc = cli_read_password(_("Confirmez le mot de passe : "), 0, again, sizeof again);
    if (rc == 0 && strcmp(again, buf) != 0) {
        fprintf(stderr, "%s\n", _("guichet : les deux mots de passe sont différents."));
        rc = g_status_exit_code(G_ERR_INVALID);
    }
    sodium_memzero(again, sizeof again);
    return rc;
}
