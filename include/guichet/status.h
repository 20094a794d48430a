/* status.h — the states things go through, named once for the core, the
 * commands and the screens.
 *
 * These codes are stored in the database (the schema's CHECK constraints
 * list them), exported to the funders (docs/export-format.md) and compared
 * everywhere: code never spells them out, it names them here. The labels
 * people read stay with each module (agenda_status_label,
 * visit_state_labels, orientation_status_labels). In SQL text, write
 * "'" APPT_HONORED "'". */
#ifndef GUICHET_STATUS_H
#define GUICHET_STATUS_H

/* --- an appointment (appointment.status) --------------------------------------- */
#define APPT_TO_COME              "a-venir" /* « À venir », « À renseigner » once past */
#define APPT_HONORED              "honore"  /* « Rendez-vous honoré » */
#define APPT_EXCUSED              "excuse"  /* cancelled: the visitor excused themselves */
#define APPT_CANCELLED_BY_SERVICE "annule-service" /* cancelled by the service, with a reason */
#define APPT_ABSENT               "absent"         /* « Absence non excusée » */

/* Its reminder call (appointment.call_status; NULL = not called yet). */
#define APPT_CALL_DONE    "appele"
#define APPT_CALL_MESSAGE "message-laisse"
#define APPT_CALL_NOREPLY "injoignable"

/* --- a request in the day's queue (visit.state) ----------------------------------- */
#define VISIT_WAITING     "attente"  /* arrived, waiting */
#define VISIT_IN_PROGRESS "en-cours" /* taken in charge by an agent */
#define VISIT_DONE        "termine"  /* closed with its log */
#define VISIT_LEFT        "parti"    /* gone before being seen */

/* --- an orientation to a partner service (orientation.status) -------------------- */
#define ORIENT_OPEN     "ouverte"
#define ORIENT_ACCEPTED "validee"
#define ORIENT_REFUSED  "refusee" /* with a refusal reason */
#define ORIENT_EXPIRED  "expiree" /* no answer by the follow-up date */

/* --- a file handed to a partner's referent (escalation.status) ------------------ */
#define ESCAL_OPEN     "ouverte"  /* handed over, waiting for the referent */
#define ESCAL_ANSWERED "repondue" /* the referent answered */
#define ESCAL_RESOLVED "resolue"
#define ESCAL_REFUSED  "refusee" /* with the referent's answer */
#define ESCAL_EXPIRED  "expiree"

/* 1 when an appointment's status is a cancellation (excused or cancelled
 * by the service): its slot is free again. NULL is not. */
int status_appointment_cancelled(const char *status);

/* 1 when a request's state is in the day's queue (waiting or in
 * progress). */
int status_visit_in_queue(const char *state);

#endif
