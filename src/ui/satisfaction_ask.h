/* satisfaction_ask.h — at the close of a request, the visitor's own answer
 * (satisfaction.h): « Votre problème est-il réglé ? » o / p / n and
 * « Êtes-vous satisfait(e) de l'accueil ? » 1 to 4, each one key; the
 * question closes by itself once both are answered, Entrée closes with what
 * was answered, and one key (F4, « Sans avis ») closes without. Échap goes
 * back to the request, nothing saved. Optional for the visitor, never in
 * the way of the close: whatever is answered, the request is closed. */
#ifndef GUICHET_UI_SATISFACTION_ASK_H
#define GUICHET_UI_SATISFACTION_ASK_H

#include "guichet/satisfaction.h"
#include "ui/app.h"

/* Called once when the question closes (not on Échap): answer NULL = no
 * answer. The reaction it returns is applied after the question is gone. */
typedef ui_reaction (*satisfaction_done_fn)(void *ctx, ui_app *app,
                                            const satisfaction_answer *answer);

/* Opens the question about who (« NOM Prénom », copied); when it cannot
 * open (memory), done is called at once without an answer. */
ui_reaction satisfaction_ask(ui_app *app, const char *who, satisfaction_done_fn done, void *ctx);

extern const screen_ops screen_satisfaction_ask;

#endif
