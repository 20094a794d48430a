/* team.h — what `guichet init` borrows from the team commands. */
#ifndef GUICHET_CLI_TEAM_H
#define GUICHET_CLI_TEAM_H

#include "guichet/team.h"

/* Prints the site recovery key once on stdout with the instruction to keep it
 * on paper, then wipes key. */
void cli_print_recovery_key(char key[RECOVERY_TEXT_SIZE]);

#endif
