/* orient.h — the Orientation screens: the directory of partner services, the
 * form that orients a visitor, the slip, the follow-up list, and a pick list
 * overlay they share.
 *
 * Entry points for other screens:
 *   - orient a known visitor (their file, the end of a request):
 *       orient_new_arg *a = calloc(1, sizeof *a);
 *       a->visitor_id = v; a->visit_id = visit;   (service_id 0: chosen in the form)
 *       return ui_push(&screen_orient_new, a);
 *   - a visitor's orientations (their file): ui_push(&screen_orient_visitor,
 *       (void *)(intptr_t)v), summary line from orient_visitor_summary();
 *   - the orientations to follow up today or overdue (home screen):
 *       orient_followup_due(app) for the count, ui_push(&screen_orient_list, NULL)
 *       for the list.
 * Nothing here writes SQL: every change goes through orientation.h. */
#ifndef GUICHET_UI_ORIENT_H
#define GUICHET_UI_ORIENT_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/directory.h"
#include "ui/app.h"

/* --- the directory (directory.c) ---------------------------------------- */

/* In pick mode, called once when a service is chosen (service_id > 0); the
 * directory has already been popped; the reaction returned is applied next.
 * Not called when the directory is left with Échap. */
typedef ui_reaction (*directory_pick_done)(void *ctx, ui_app *app, int64_t service_id);

typedef struct directory_arg {
    directory_pick_done pick; /* NULL: the plain directory (Entrée opens the service) */
    void *ctx;                /* handed back to pick */
} directory_arg;

/* arg: NULL, or a malloc'd directory_arg (freed by the screen). */
extern const screen_ops screen_directory;

/* One service read out in full, scrollable. arg: malloc'd int64_t service id. */
extern const screen_ops screen_directory_detail;

/* Draws what a receptionist reads out on the phone about s, as
 * « label : value » lines wrapped to w columns, skipping the first `skip`
 * lines, at most h lines; `now` gives the live opening status. Returns the
 * number of lines the whole text takes at that width (for scrolling). */
int directory_draw_details(const g_service *s, int64_t now, int y, int x, int h, int w, int skip);

/* --- orienting a visitor (orient_form.c) -------------------------------- */

typedef struct orient_new_arg {
    int64_t visitor_id; /* 0: chosen in the form with the visitor picker */
    int64_t visit_id;   /* the request it comes from, 0 = none */
    int64_t service_id; /* 0: chosen in the form from the directory */
} orient_new_arg;

/* The orientation form; once saved it is replaced by the slip.
 * arg: malloc'd orient_new_arg (freed by the screen). */
extern const screen_ops screen_orient_new;

/* --- the slip (orient_slip.c) ------------------------------------------- */

/* Preview of an orientation's slip; e saves it (the path is shown), i prints
 * it when [print] command is set (failures shown). arg: malloc'd int64_t
 * orientation id. */
extern const screen_ops screen_orient_slip;

/* Where the slip of orientation id is saved: the folder of every printed page
 * (agenda_print_dir: [print] folder, else <data folder>/impressions, created
 * if missing) + orientation-<AAAAMMJJ>-<id>.txt, day being YYYY-MM-DD.
 * Returns 0, or -1 with a French message in msg. */
int orient_slip_path(const g_config *cfg, int64_t id, const char *day, char *buf, size_t size,
                     char *msg, size_t msgsize);

/* --- follow-up (orient_list.c) ------------------------------------------ */

typedef struct orient_list_arg {
    int64_t visitor_id; /* 0 = the follow-up list (today and overdue) */
} orient_list_arg;

/* The list of orientations with the follow-up actions (validate, refuse with
 * a reason, change the follow-up date, history, slip). Opening it expires
 * what is due (orientation_expire_due). arg: NULL (follow-up list) or a
 * malloc'd orient_list_arg. */
extern const screen_ops screen_orient_list;

/* The same list for one visitor, as a section of their file (visitor_file.c):
 * arg (void *)(intptr_t)visitor_id; F5 orients this visitor. */
extern const screen_ops screen_orient_visitor;

/* The one-line summary of a visitor's orientations for their file, each
 * status counted in words that agree in number: « 2 ouvertes · 1 validée »,
 * « aucune ». */
void orient_visitor_summary(ui_app *app, int64_t visitor_id, char *buf, size_t size);

/* History and details of one orientation. arg: malloc'd int64_t id. */
extern const screen_ops screen_orient_history;

/* Number of open orientations to follow up today or overdue, after expiring
 * those past [orientation] expiry_days (a write: call it when a screen
 * opens, not at every frame). -1 when the database cannot answer. */
int orient_followup_due(ui_app *app);

/* The same count without expiring anything (read only): for a refresh now
 * and then (a screen's tick). -1 when the database cannot answer. */
int orient_followup_count(ui_app *app);

/* --- a pick list overlay (orient_choice.c) ------------------------------ */

/* Called once with the index (into the labels given) of the line chosen; the
 * overlay has already been popped. Not called on Échap. */
typedef ui_reaction (*orient_choice_done)(void *ctx, ui_app *app, size_t index);

/* Opens a pick list of n labels (copied) titled title (copied), the line
 * `selected` first highlighted. Typing filters the lines (accents and case
 * ignored), ↑↓ move, Entrée chooses, Échap cancels. */
ui_reaction orient_choice(const char *title, const char *const *labels, size_t n, size_t selected,
                          orient_choice_done done, void *ctx);

extern const screen_ops screen_orient_choice;

/* 1 when every word of `typed` is found (accents and case ignored) in
 * `label`; pure, for the pick list filter and its tests. */
int orient_choice_match(const char *label, const char *typed);

#endif
