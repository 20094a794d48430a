/* escalation.h — files handed to a partner's referent (« dossier transmis à
 * un référent », escalation.h of the core) and the referents shown where
 * they help: the form that hands a file over, the follow-up list (like the
 * orientations': to follow up today or overdue, or one visitor's), one
 * file's history, and the referents' block of the orientation screen.
 *
 * Entry points for other screens:
 *   - hand a visitor's file over (their file, the orientation screens):
 *       escalation_new_arg *a = calloc(1, sizeof *a);
 *       a->visitor_id = v; a->service_id = s;   (0: every referent in post)
 *       return ui_push(&screen_escalation_new, a);
 *   - a visitor's files handed over: ui_push(&screen_escalation_visitor,
 *       (void *)(intptr_t)v), summary line from escalation_visitor_summary();
 *   - the ones to follow up: escalation_followup_due(app) for the count (it
 *       expires what waited too long), ui_push(&screen_escalation_list, NULL).
 * Nothing here writes SQL: every change goes through escalation.h. */
#ifndef GUICHET_UI_ESCALATION_H
#define GUICHET_UI_ESCALATION_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/referent.h"
#include "ui/app.h"

typedef struct escalation_new_arg {
    int64_t visitor_id;     /* required */
    int64_t visit_id;       /* the request it comes from, 0 = none */
    int64_t service_id;     /* its referents (and its operator's) first; 0 = none */
    char operator_code[32]; /* an operator's referents, "" = none */
} escalation_new_arg;

/* The form: referent, subject, follow-up date. arg: malloc'd
 * escalation_new_arg (freed by the screen). */
extern const screen_ops screen_escalation_new;

/* The files to follow up today or overdue (arg NULL); opening it expires
 * what waited too long (escalation_expire_due). */
extern const screen_ops screen_escalation_list;

/* One visitor's, as a section of their file: arg (void *)(intptr_t)visitor_id;
 * `t` hands the file over again. */
extern const screen_ops screen_escalation_visitor;

/* « 1 transmis en attente · 2 réponses reçues · 24 résolus », « aucun ». */
void escalation_visitor_summary(ui_app *app, int64_t visitor_id, char *buf, size_t size);

/* Files to follow up today or overdue, after expiring those past
 * [orientation] expiry_days (a write: when a screen opens). -1 when the
 * database cannot answer. */
int escalation_followup_due(ui_app *app);

/* The same count, read only. */
int escalation_followup_count(ui_app *app);

/* Draws referents as the orientation screen shows them: for each, the lines
 * of referent_describe (with whether they answer now), at most h rows from
 * (y, x) in w columns. Returns the rows used. */
int escalation_draw_referents(const referent *r, size_t n, int64_t now, int y, int x, int h, int w);

#endif
