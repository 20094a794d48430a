/* status.h — the text of the title and status bars, computed without a
 * terminal so that its truncation rules can be tested as data. */
#ifndef GUICHET_UI_STATUS_H
#define GUICHET_UI_STATUS_H

#include <stddef.h>

#include "ui/keys.h"

/* "Claire Martin · Accueil · France Services de Saint-Amand" fitted into width
 * columns: the site name is shortened first, then dropped, then the name is
 * cut. Any part may be NULL or "". */
void status_who(char *buf, size_t size, int width, const char *name, const char *role,
                const char *site);

typedef struct status_hint {
    char key[24];      /* "F1" */
    const char *label; /* "Aide" (translated) */
} status_hint;

/* The hints of an ACT_NONE-terminated action list that fit in width columns
 * drawn as "F1 Aide  F9 Verrouiller"; returns how many (≤ max). */
int status_hints(const ui_action *actions, int width, status_hint *out, int max);

/* The clock of the title bar for instant t ("29/03/2026 10:05"). */
void status_clock(long long t, char *buf, size_t size);

#endif
