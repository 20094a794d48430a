/* slip.h — the orientation slip handed to the visitor.
 *
 * Plain text, 80 columns at most (terminal width of each line, utf8.h), so
 * that it prints on any printer through `lp` and reads in any preview: the
 * site's letterhead (printout_letterhead: name, address, phone, hours), the
 * date, the visitor's name, the service with its address, phone,
 * e-mail, web address and opening hours in words, what to bring, and the
 * reason in plain words. Nothing else about the visitor and nothing about
 * anybody else ever goes on it. The agent's copy (slip_render_agent) adds
 * what the desk needs to follow the orientation up: the partner's
 * referents. */
#ifndef GUICHET_SLIP_H
#define GUICHET_SLIP_H

#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

#define SLIP_WIDTH 80

/* Renders the slip of orientation `orientation_id` (dated clock_now(), in the
 * site's zone), in pure ASCII when cfg's [print] ascii says so (cfg may be
 * NULL). *out is a malloc'd NUL-terminated text, lines ending in '\n'
 * (free it). */
g_status slip_render(g_db *db, const g_config *cfg, int64_t orientation_id, char **out,
                     g_error *err);

/* Renders the agent's copy of the same orientation, kept at the desk to
 * follow it up: the visitor, the service and its phone, the reason, the
 * status and follow-up date, then the partner's back-office referents in
 * post that day (referent_for_service: the service's, then its
 * operator's), each as referent_describe gives them, with whether they
 * answer now. Never given to the visitor: it says so at the top. Same
 * format as slip_render; *out malloc'd. */
g_status slip_render_agent(g_db *db, const g_config *cfg, int64_t orientation_id, char **out,
                           g_error *err);

/* Writes text to path, mode 0600, atomically: a temporary file in the same
 * directory, fsync, rename, so a reader never sees half a slip. */
g_status slip_save(const char *text, const char *path, g_error *err);

/* Sends text to the printer: runs cfg->print.command through /bin/sh with the
 * text on its standard input (its own output is captured, not shown). Fails
 * with a French message when no command is set, the command is not found, or
 * it exits with an error (its first line of output is quoted). */
g_status slip_print(const g_config *cfg, const char *text, g_error *err);

#endif
