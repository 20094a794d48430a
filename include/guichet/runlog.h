/* runlog.h — one line per run of an unattended command (the nightly export,
 * the coming purge) in the system journal, through syslog(3) under the
 * identifier "guichet" (journald keeps it on systemd machines: journalctl
 * -t guichet; rsyslog writes it to /var/log/syslog elsewhere).
 *
 * Counts only: the caller writes numbers and dates, never a name, a note, a
 * path or an error message that could carry one. The same line can go to
 * stderr too (to_stderr): the export does it with --verbose or when it
 * fails, not on every quiet success, since cron mails whatever a job
 * prints. */
#ifndef GUICHET_RUNLOG_H
#define GUICHET_RUNLOG_H

/* Writes the line (printf format) at LOG_INFO, or LOG_ERR when failed, to
 * syslog; and to stderr as "guichet : <line>\n" when to_stderr. */
void runlog_write(int failed, int to_stderr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
