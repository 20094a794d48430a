/* agenda.h — what the agenda's screens share (src/ui/agenda*.c).
 *
 * The agenda is several screens: the site's day and a resource's week
 * (agenda.c), booking and rescheduling (agenda_book.c), cancelling
 * (agenda_cancel.c), the « à renseigner » list and the reminder calls
 * (agenda_lists.c), and the preview of a printed page (agenda_print.c).
 * They talk to the core only (guichet/agenda.h, daysheet.h) and tell the
 * day view what changed through agenda_ui_changed(), so that it reloads
 * when it is shown again. */
#ifndef GUICHET_UI_AGENDA_H
#define GUICHET_UI_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/agenda.h"
#include "ui/app.h"

/* Screens (opened from the day view). */
extern const screen_ops screen_agenda_book;    /* arg: malloc'd agenda_book_arg */
extern const screen_ops screen_agenda_cancel;  /* arg: malloc'd int64_t appointment id */
extern const screen_ops screen_agenda_to_fill; /* arg: NULL */
extern const screen_ops screen_agenda_calls;   /* arg: NULL */
extern const screen_ops screen_agenda_print;   /* arg: malloc'd agenda_print_arg */
extern const screen_ops screen_agenda_date;    /* arg: malloc'd agenda_date_arg (overlay) */
extern const screen_ops screen_agenda_visitor; /* arg: (void *)(intptr_t) visitor id: their
                                                  appointments (agenda_visitor.c) */

/* The visitor file's summary of a person's appointments into buf:
 * « 1 à venir : mar. 24/03 09:00 CAF · 3 passés », « aucun », or the error. */
void agenda_visitor_summary_line(ui_app *app, int64_t visitor_id, char *buf, size_t size);

typedef struct agenda_book_arg {
    int64_t move_id; /* 0 = a new booking; else the appointment to move */
    int64_t after;   /* search free slots from this instant (UTC), 0 = now */
} agenda_book_arg;

typedef struct agenda_print_arg {
    char title[128];     /* "Feuille du jour du mardi 24 mars 2026" */
    char file_name[128]; /* file name inside agenda_print_dir() */
    char *text;          /* malloc'd page, freed by the screen */
} agenda_print_arg;

/* Called with the typed day ("YYYY-MM-DD") when the date prompt is validated. */
typedef ui_reaction (*agenda_date_done)(void *ctx, ui_app *app, const char *day);

typedef struct agenda_date_arg {
    agenda_date_done done; /* required */
    void *ctx;             /* the caller's open screen state */
} agenda_date_arg;

/* Parses a date typed at the desk: "JJ/MM/AAAA" (also "J/M/AAAA" and
 * "AAAA-MM-JJ") into "YYYY-MM-DD". Returns 0, or -1 with a French message
 * in msg: malformed text, or a date that does not exist (31/02/2026). */
int agenda_parse_date(const char *text, char out[11], char *msg, size_t msgsize);

/* Opens the preview of a page: takes ownership of text (malloc'd). */
ui_reaction agenda_preview(const char *title, const char *file_name, char *text);

/* The folder where printed pages are saved: <data folder>/impressions
 * (paths_print_dir, paths.h), created (mode 0770) when missing. Returns 0, or -1 with a French message. */
int agenda_print_dir(char *buf, size_t size, char *msg, size_t msgsize);

/* Something changed in the agenda (a booking, an arrival…): the day view
 * reloads before it draws again. msg (may be NULL) is shown there as a
 * confirmation (error = 0) or an error (error = 1). */
void agenda_ui_changed(const char *msg, int error);

/* Asks the day view to show appointment id (its day, selected) when it
 * reloads: after a booking or a move. */
void agenda_ui_focus(int64_t id);

/* The change counter and the last message (for the day view). */
unsigned agenda_ui_generation(void);
const char *agenda_ui_message(int *error);
void agenda_ui_message_clear(void);

/* 1 when key k triggers action a on an agenda screen: bound to a, even when
 * another action of another screen shares the same letter. */
int agenda_key_is(const ui_key *k, ui_action a);

/* "Nom Prénom" of the visitor, or a placeholder, into buf. */
const char *agenda_who(const agenda_item *it, char *buf, size_t size);

/* "09:00–09:30" of an item or a slot, in the site's zone. */
const char *agenda_hours(int64_t start, int64_t end, char *buf, size_t size);

/* "ma. 24/03 09:00" of an instant, in the site's zone. */
const char *agenda_short_when(int64_t t, char *buf, size_t size);

/* State shown for an appointment: « Arrivé à 08:42 », « À renseigner »… */
const char *agenda_state_text(const agenda_item *it, char *buf, size_t size);

/* The same in at most 12 columns, for the day view's grid. */
const char *agenda_state_short(const agenda_item *it, char *buf, size_t size);

/* Draws a one-line legend of agenda keys ("p Prendre RDV  d Déplacer…"),
 * extra text first (e.g. "←/→ Jour"), actions ACT_NONE-terminated. */
void agenda_draw_legend(int y, int x, int w, const char *extra, const ui_action *acts);

#endif
