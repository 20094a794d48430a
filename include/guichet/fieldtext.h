/* fieldtext.h — the one rule for text that guichet stores, and the guard
 * for text it shows.
 *
 * Every text field a person types, a command line passes or a file brings
 * (names, motifs, resources, rooms, services, comments, reasons, display
 * names, the site's name, a note's text…) goes through fieldtext_check
 * before it is stored: no control character — the C0 controls (TAB, LF, CR,
 * ESC, BEL…), DEL and the C1 controls (U+0080–U+009F) — and valid UTF-8. A
 * multi-line field (a confidential note) may hold LF, nothing else. Such
 * characters have no business in a name and can drive a terminal (ESC
 * sequences that clear the screen, set the clipboard, retitle the window) or
 * break a CSV row.
 *
 * Text stored before the rule, or behind guichet's back, can still hold
 * them: whatever prints stored text to a terminal passes it through
 * fieldtext_visible (the commands' output, the screens' text helpers), and
 * the CSV export replaces them (csvout). */
#ifndef GUICHET_FIELDTEXT_H
#define GUICHET_FIELDTEXT_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/error.h"

enum {
    FIELDTEXT_LINE = 0,      /* one line: no control character at all */
    FIELDTEXT_MULTILINE = 1, /* several lines: LF allowed, nothing else */
};

/* The visible stand-in for a control character: U+FFFD « � ». */
#define FIELDTEXT_PLACEHOLDER "\xEF\xBF\xBD"

/* 1 when code point cp is a control character: C0 (U+0000–U+001F), DEL
 * (U+007F) or C1 (U+0080–U+009F). */
int fieldtext_is_control(uint32_t cp);

/* Byte offset of the first control character of s that the rule refuses
 * (LF allowed with FIELDTEXT_MULTILINE), or of its first invalid UTF-8
 * byte; -1 when s is clean. *cp (may be NULL) receives the code point
 * (0xFFFD for an invalid byte). NULL is clean. */
long fieldtext_find_control(const char *s, int flags, uint32_t *cp);

/* The rule: G_OK, or G_ERR_INVALID for field (the form field's name) with a
 * French message naming label (the field as the person knows it: « Nom »,
 * « Motif »…) and the character found: « Nom : caractère de contrôle
 * interdit (U+001B, échappement) en position 6… ». */
g_status fieldtext_check(const char *s, int flags, const char *field, const char *label,
                         g_error *err);

/* Copies s into out (size bytes, always terminated, never cutting a
 * character) with every control character and invalid byte replaced by
 * FIELDTEXT_PLACEHOLDER; keep_lf keeps LF (multi-line text). Returns out. */
char *fieldtext_visible(const char *s, int keep_lf, char *out, size_t size);

#endif
