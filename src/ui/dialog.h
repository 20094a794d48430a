/* dialog.h — message box and yes/no confirmation, as overlay screens.
 *
 * Both return the reaction that opens them, so a key handler writes
 *   return dialog_confirm(_("Supprimer ce rendez-vous ? (o/n)"), on_delete, st);
 * When the user answers, the dialog closes itself and applies the reaction
 * done() returns (done may be NULL: nothing more happens). Keys: o/y = oui,
 * n/Échap = non; a message box closes with Entrée or Échap. */
#ifndef GUICHET_UI_DIALOG_H
#define GUICHET_UI_DIALOG_H

#include "ui/app.h"

typedef ui_reaction (*dialog_done_fn)(void *ctx, ui_app *app, int yes);

/* A message with a title (both copied). kind_error = 1 draws it as an error. */
ui_reaction dialog_message(const char *title, const char *text, int kind_error);

/* A question answered by o or n (copied). */
ui_reaction dialog_confirm(const char *question, dialog_done_fn done, void *ctx);

extern const screen_ops screen_dialog;

/* Pure: the dialog's box for a body rectangle and a text (width ≤ 64). */
ui_rect dialog_box(const ui_rect *body, const char *text, int extra_rows);

#endif
