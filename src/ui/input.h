/* input.h — key presses from the real terminal, whatever the locale.
 *
 * In a UTF-8 locale curses decodes the bytes (wget_wch). In any other
 * locale (LANG=C on a Linux console, or in a UTF-8 terminal emulator)
 * curses would hand over bytes it cannot decode and may swallow the keys
 * typed after them; there guichet reads bytes (wgetch) and decodes UTF-8
 * itself: a valid sequence gives its character (drawn transliterated, "é"
 * as "e"), a byte that is not UTF-8 gives the locale's character or U+FFFD,
 * and no byte after it is ever lost. Used by ui_run only (the headless test
 * driver feeds keys to app_key directly). */
#ifndef GUICHET_UI_INPUT_H
#define GUICHET_UI_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

typedef enum input_kind {
    INPUT_TIMEOUT, /* no key within the tick */
    INPUT_KEY,     /* *fn, *ch set */
    INPUT_RESIZE,  /* the terminal changed size */
    INPUT_SKIP,    /* a key was read but means nothing (an unknown sequence) */
    INPUT_GONE,    /* the terminal is gone: hung up, end of input, read error */
} input_kind;

/* After newterm: how long input_read waits for a key (the tick). */
void input_init(int tick_ms);

/* Waits for one key press. A wait that ends without a key is a timeout,
 * unless the terminal is gone (its pty closed without SIGHUP, stdin at end
 * of input or failing): curses then returns at once, again and again, and
 * INPUT_GONE tells the loop to stop instead of spinning. */
input_kind input_read(int *fn, wint_t *ch);

/* --- the UTF-8 decoder, pure (tests/ui/test_input.c) ------------------- */
#define INPUT_REPLACEMENT 0xFFFDu

typedef struct input_utf8 {
    uint32_t cp;  /* code point so far */
    int need;     /* continuation bytes still expected */
    int len;      /* bytes of the sequence so far */
    unsigned min; /* smallest code point this length may encode */
} input_utf8;

typedef enum input_step {
    UTF8_MORE,  /* byte taken, the character is not complete */
    UTF8_CHAR,  /* byte taken, *cp is a character */
    UTF8_BAD,   /* byte taken: it was not UTF-8; *cp = U+FFFD */
    UTF8_AGAIN, /* the sequence so far was cut: *cp = U+FFFD, and this byte
                 * (not taken) starts the next character: feed it again */
} input_step;

/* Feeds one byte. */
input_step input_utf8_feed(input_utf8 *d, unsigned char byte, uint32_t *cp);

/* The sequence in progress was not finished (no byte came in time):
 * returns 1 and *cp = U+FFFD when one was in progress, else 0. */
int input_utf8_flush(input_utf8 *d, uint32_t *cp);

#endif
