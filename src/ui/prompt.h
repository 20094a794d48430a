/* prompt.h — one line typed in a box above the screen: a date to change,
 * the referent's answer in a few words. Entrée hands the text to done()
 * (which may refuse it with a message shown under the field, the box
 * staying open), Échap closes without calling it. */
#ifndef GUICHET_UI_PROMPT_H
#define GUICHET_UI_PROMPT_H

#include <stddef.h>

#include "ui/app.h"

/* Called with what was typed. Returns 0 to close the box (then *after is
 * applied, ui_redraw() by default), or -1 with a French message in
 * err_msg (err_size bytes) to keep it open. */
typedef int (*prompt_done_fn)(void *ctx, ui_app *app, const char *value, char *err_msg,
                              size_t err_size, ui_reaction *after);

typedef struct prompt_arg {
    char title[128];    /* the box's title */
    char about[512];    /* a line under it (who, what), may be "" */
    char label[64];     /* the field's label */
    char initial[1300]; /* the value to start from */
    char hint[128];     /* after the field (« JJ/MM/AAAA »), may be "" */
    size_t max_chars;   /* characters allowed */
    prompt_done_fn done;
    void *ctx;
} prompt_arg;

/* Opens the box; a takes a copy of *a. */
ui_reaction prompt_open(const prompt_arg *a);

extern const screen_ops screen_prompt;

#endif
