/* status.c — predicates over the state codes (see guichet/status.h). */
#include <string.h>

#include "guichet/status.h"

int status_appointment_cancelled(const char *status)
{
    return status &&
           (strcmp(status, APPT_EXCUSED) == 0 || strcmp(status, APPT_CANCELLED_BY_SERVICE) == 0);
}

int status_visit_in_queue(const char *state)
{
    return state && (strcmp(state, VISIT_WAITING) == 0 || strcmp(state, VISIT_IN_PROGRESS) == 0);
}
