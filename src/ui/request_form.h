/* request_form.h — the request log (demande): closing a request of the
 * queue, logging one on the spot for a visitor, or correcting one the same
 * day. Fields: one or more partners each with a procedure family or a
 * thématique (F3 adds one), type of help, autonomy, outcome, duration
 * (prefilled from the timestamps, editable), channel, and a short comment
 * that says it is NOT confidential. Implemented in request_form.c. */
#ifndef GUICHET_UI_REQUEST_FORM_H
#define GUICHET_UI_REQUEST_FORM_H

#include <stdint.h>

#include "ui/app.h"

typedef enum request_mode {
    REQUEST_CLOSE = 0, /* visit_id waiting or being helped: visit_close */
    REQUEST_RECORD,    /* a request handled now for visitor_id (0 = anonymous): visit_record */
    REQUEST_CORRECT,   /* visit_id closed today: visit_correct */
} request_mode;

typedef struct request_form_arg {
    request_mode mode;
    int64_t visit_id;   /* CLOSE, CORRECT */
    int64_t visitor_id; /* RECORD */
    int64_t since;      /* RECORD: when the agent started (prefills the duration) */
} request_form_arg;

/* arg: a malloc'd request_form_arg, freed by the form. */
extern const screen_ops screen_request_form;

#endif
