/* runlog.c — see runlog.h. */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "guichet/runlog.h"

void runlog_write(int failed, int to_stderr, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* LOG_PID: two runs of the same minute stay apart in the journal */
    openlog("guichet", LOG_PID, LOG_USER);
    syslog(failed ? LOG_ERR : LOG_INFO, "%s", line);
    closelog();
    if (to_stderr)
        fprintf(stderr, "guichet : %s\n", line);
}
