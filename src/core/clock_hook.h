/* clock_hook.h — the end-to-end tests' clock, and only theirs.
 *
 * clock_hook.c is compiled twice: into guichet_core without
 * GUICHET_TEST_HOOKS (clock_hook_now always says "no hook"), and, when the
 * CMake option GUICHET_TEST_HOOKS is ON, a second time with it into the
 * test binary guichet-test alone, whose own object then replaces the core's.
 * The binary a site runs (build/guichet) therefore never reads
 * GUICHET_CLOCK_FILE: whoever could set that variable could shorten a
 * lockout or backdate the journal (docs/securite.md). */
#ifndef GUICHET_CLOCK_HOOK_H
#define GUICHET_CLOCK_HOOK_H

#include <stdint.h>

/* The instant in the file named by GUICHET_CLOCK_FILE (an epoch or
 * "YYYY-MM-DDTHH:MM:SSZ") in the test binary; 0 (use the real clock) in
 * every other build, or when the variable is unset or the file unreadable. */
int64_t clock_hook_now(void);

#endif
