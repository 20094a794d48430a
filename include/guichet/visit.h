/* visit.h — the day's queue and the requests (demandes).
 *
 * A request is born at the visitor's arrival (state VISIT_WAITING), is
 * taken in charge by an agent (VISIT_IN_PROGRESS), and ends either closed
 * with its log (VISIT_DONE) or with the person gone before being seen
 * (VISIT_LEFT); the codes are in status.h. Requests handled outside the
 * queue (telephone, e-mail) are logged in one call with
 * visit_record, and the most frequent case, an anonymous information at the
 * desk, with visit_quick_info.
 *
 * Every code is checked against the vocabularies of ref.h. Instants are UTC
 * (clock_now()); "today" is the site's day (clock.h zone). actor_id / agent_id
 * is the logged-in user (g_session.user_id). Each function is one
 * transaction. */
#ifndef GUICHET_VISIT_H
#define GUICHET_VISIT_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/status.h"
#include "guichet/user.h"
#include "guichet/visitor.h"

#define VISIT_COMMENT_MAX  200 /* characters, shown by the form */
#define VISIT_TOPICS_MAX   6   /* partner/theme pairs per request */
#define VISIT_DURATION_MAX 480 /* minutes */
/* visit_quick_info's fixed log: channel accueil-spontane, help information,
 * autonomy autonome (the person only needed to be told), outcome resolu,
 * and this duration in minutes. */
#define VISIT_QUICK_INFO_MINUTES 2

/* Outcomes (codes stored and exported) and their French labels (N_()). */
extern const char *const visit_outcomes[]; /* resolu, a-suivre, oriente, rdv-pris */
extern const char *const visit_outcome_labels[];
/* States (VISIT_WAITING … VISIT_LEFT, status.h) and their labels. */
extern const char *const visit_states[];
extern const char *const visit_state_labels[];

/* One subject of a request. operator_code: a ref_operators code or "" (none
 * of the national partners); family: a ref_families code or ""; theme: a
 * ref_themes code or "". At least one of the three. An information request
 * may name only the operator; an accompaniment or an orientation needs a
 * family or a theme on each topic. */
typedef struct visit_topic {
    char operator_code[24];
    char family[24];
    char theme[128];
} visit_topic;

/* What the agent logs when closing (or correcting) a request. */
typedef struct visit_log {
    char channel[24]; /* ref_channels */
    int n_topics;     /* 1 .. VISIT_TOPICS_MAX */
    visit_topic topics[VISIT_TOPICS_MAX];
    char help_type[24];                       /* ref_help_types */
    char autonomy[32];                        /* ref_autonomies */
    int duration_min;                         /* -1 = from the timestamps; 0..VISIT_DURATION_MAX */
    char outcome[16];                         /* visit_outcomes */
    char comment[VISIT_COMMENT_MAX * 4 + 16]; /* short, NEVER confidential */
} visit_log;

/* The profile of an anonymous request; "" = non communiqué for each. */
typedef struct visit_anon {
    char sex[16];      /* ref_sexes */
    char age_band[16]; /* ref_age_bands */
    char commune[8];   /* INSEE code */
} visit_anon;

/* A blank log: channel accueil-spontane, duration -1, nothing else. */
void visit_log_init(visit_log *log);

/* Checks a log; G_ERR_INVALID with err->field one of "channel", "topics",
 * "help_type", "autonomy", "duration_min", "outcome", "comment" and a French
 * message (the comment's says its maximum and that nothing confidential
 * belongs there). */
g_status visit_log_validate(const visit_log *log, g_error *err);

/* Someone arrives: a known visitor (visitor_id > 0) or an anonymous person
 * (visitor_id 0, profile anon, which may be NULL = all non communiqué).
 * channel NULL = accueil-spontane. State attente, arrived_at = clock_now().
 * A visitor already waiting or being helped is refused (G_ERR_EXISTS); a
 * merged file is refused (G_ERR_CONFLICT: open the surviving one).
 * *visit_id (may be NULL) receives the new request's id. */
g_status visit_arrive(g_db *db, int64_t actor_id, int64_t visitor_id, const visit_anon *anon,
                      const char *channel, int64_t *visit_id, g_error *err);

/* A new visitor arrives: saves the file (visitor_save rules, v updated) and
 * the arrival in one transaction. */
g_status visit_arrive_new(g_db *db, int64_t actor_id, visitor *v, int64_t *visit_id, g_error *err);

/* The logged-in agent takes a waiting person in charge: en-cours,
 * started_at = now. G_ERR_CONFLICT when a colleague was quicker (the
 * message names them) or the request is no longer waiting. */
g_status visit_take(g_db *db, int64_t agent_id, int64_t visit_id, g_error *err);

/* Closes a request with its log (validated). From en-cours, or directly
 * from attente (then taken now by agent_id). duration -1 = minutes between
 * started_at and now (at least 1, at most VISIT_DURATION_MAX). */
g_status visit_close(g_db *db, int64_t agent_id, int64_t visit_id, const visit_log *log,
                     g_error *err);

/* The person left before being seen: parti, ended_at = now. Only from
 * attente. */
g_status visit_left(g_db *db, int64_t actor_id, int64_t visit_id, g_error *err);

/* Logs a whole request at once, outside the queue (a phone call, an
 * e-mail, a request handled on the spot): visitor_id > 0 or anonymous
 * (anon, may be NULL). log->duration_min must be given (>= 0): the request
 * is dated from now minus the duration to now. */
g_status visit_record(g_db *db, int64_t agent_id, int64_t visitor_id, const visit_anon *anon,
                      const visit_log *log, int64_t *visit_id, g_error *err);

/* Quick information: an anonymous information request at the desk about one
 * operator (a ref_operators code), in one call. See VISIT_QUICK_INFO_MINUTES
 * for the fixed log. */
g_status visit_quick_info(g_db *db, int64_t agent_id, const char *operator_code, int64_t *visit_id,
                          g_error *err);

/* A closed request corrected the same (site) day by its author or a
 * responsable: the log is replaced; every changed item is journaled
 * "visit-correct" with old and new codes (the comment only as "modifié").
 * G_ERR_DENIED for another user or another day, G_ERR_CONFLICT when the
 * request is not closed. */
g_status visit_correct(g_db *db, int64_t actor_id, int64_t visit_id, const visit_log *log,
                       g_error *err);

/* A request as stored. */
typedef struct visit_info {
    int64_t id;
    char uuid[37];
    int64_t visitor_id;                  /* 0 = anonymous */
    char name[VISITOR_NAME_MAX * 8 + 2]; /* "Lefèvre Élodie", or « Anonyme » */
    char state[12];
    int64_t arrived_at, started_at, ended_at; /* UTC; 0 = not yet */
    int64_t agent_id;                         /* 0 = none yet */
    char agent_name[USER_NAME_MAX + 1];
    char sex[16], age_band[16], commune[8]; /* profile (snapshot for a known visitor) */
    visit_log log;                          /* meaningful once termine */
} visit_info;

g_status visit_get(g_db *db, int64_t visit_id, visit_info *out, g_error *err);

/* One line of today's queue. */
typedef struct visit_queue_row {
    int64_t id;
    int64_t visitor_id;                  /* 0 = anonymous */
    char name[VISITOR_NAME_MAX * 8 + 2]; /* "Lefèvre Élodie" or « Anonyme » (translated) */
    char state[12];                      /* attente, en-cours, termine, parti */
    int64_t arrived_at, started_at, ended_at;
    int minutes;                        /* attente: waiting so far; en-cours: helped so far;
                                           termine: duration; parti: waited */
    char agent_name[USER_NAME_MAX + 1]; /* who helps / helped; "" */
    char channel[24];
    char help_type[24]; /* "" until closed */
} visit_queue_row;

/* Today's queue: waiting (oldest first), being helped, then done and left
 * (latest first); people still waiting or helped since an earlier day are
 * included. *rows is malloc'd (free() it), NULL when *count is 0. Minutes
 * are computed at clock_now(): call again to refresh. */
g_status visit_queue_today(g_db *db, visit_queue_row **rows, size_t *count, g_error *err);

#define VISIT_OPERATORS_MAX 32
/* Today's counters for the home screen. */
typedef struct visit_counters {
    int waiting, in_progress, done, left; /* the queue now */
    int requests;                         /* closed requests that arrived today */
    int by_help[3];                       /* parallel to ref_help_types */
    int by_operator[VISIT_OPERATORS_MAX]; /* parallel to ref_operators */
    int no_operator;                      /* topics without a national partner */
} visit_counters;

g_status visit_counters_today(g_db *db, visit_counters *out, g_error *err);

#endif
