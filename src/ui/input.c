/* input.c — see input.h. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <poll.h>
#include <unistd.h>
#include <wchar.h>

#include "guichet/i18n.h"
#include "ui/input.h"
#include "ui/keys.h"

/* How long the rest of a character may take to arrive (a slow SSH link
 * splits a UTF-8 sequence like it splits an escape sequence). */
#define CONTINUATION_MS 100

static int tick_ms = 1000;
static int utf8_locale;
static int empty_reads; /* waits in a row that ended with input "ready" but no key */

/* one key read ahead and given back (after Esc) */
static int have_pending, pending_fn;
static wint_t pending_ch;

void input_init(int tick)
{
    tick_ms = tick;
    utf8_locale = i18n_utf8();
    have_pending = 0;
    empty_reads = 0;
}

/* --- the decoder ---------------------------------------------------------- */
input_step input_utf8_feed(input_utf8 *d, unsigned char b, uint32_t *cp)
{
    if (d->need) {
        if ((b & 0xC0) != 0x80) { /* cut short: this byte starts anew */
            d->need = d->len = 0;
            *cp = INPUT_REPLACEMENT;
            return UTF8_AGAIN;
        }
        d->cp = (d->cp << 6) | (b & 0x3F);
        d->len++;
        if (--d->need)
            return UTF8_MORE;
        d->len = 0;
        /* overlong forms, surrogates and beyond U+10FFFF are not characters */
        if (d->cp < d->min || (d->cp >= 0xD800 && d->cp <= 0xDFFF) || d->cp > 0x10FFFF) {
            *cp = INPUT_REPLACEMENT;
            return UTF8_BAD;
        }
        *cp = d->cp;
        return UTF8_CHAR;
    }
    if (b < 0x80) {
        *cp = b;
        return UTF8_CHAR;
    }
    if (b >= 0xC2 && b <= 0xDF)
        d->need = 1, d->cp = b & 0x1F, d->min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF)
        d->need = 2, d->cp = b & 0x0F, d->min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4)
        d->need = 3, d->cp = b & 0x07, d->min = 0x10000;
    else { /* a continuation byte alone, C0, C1, F5…FF */
        *cp = INPUT_REPLACEMENT;
        return UTF8_BAD;
    }
    d->len = 1;
    return UTF8_MORE;
}

int input_utf8_flush(input_utf8 *d, uint32_t *cp)
{
    if (!d->need)
        return 0;
    d->need = d->len = 0;
    *cp = INPUT_REPLACEMENT;
    return 1;
}

/* --- reading ---------------------------------------------------------------- */

/* A byte that is not UTF-8 may be a character of a one-byte locale
 * (ISO-8859-15); else it is shown as the replacement character. */
static wint_t single_byte(unsigned char b)
{
    wint_t w = btowc(b);
    return w != WEOF && w >= 0x80 ? w : INPUT_REPLACEMENT;
}

/* One byte-level key (non-UTF-8 locale): wgetch, then UTF-8 decoding. */
static int get_bytes(int *fn, wint_t *ch, int wait_ms)
{
    timeout(wait_ms);
    int c = wgetch(stdscr);
    if (c == ERR)
        return ERR;
    if (c > 0xFF) { /* a KEY_* code */
        *fn = 1, *ch = (wint_t)c;
        return OK;
    }
    *fn = 0;
    input_utf8 d = {0};
    uint32_t cp = 0;
    unsigned char first = (unsigned char)c;
    input_step step = input_utf8_feed(&d, first, &cp);
    int taken = 1; /* bytes of the sequence */
    while (step == UTF8_MORE) {
        timeout(CONTINUATION_MS);
        int n = wgetch(stdscr);
        if (n == ERR || n > 0xFF) {
            if (n != ERR)
                ungetch(n); /* a function key after a cut character: kept */
            input_utf8_flush(&d, &cp);
            step = UTF8_BAD;
            break;
        }
        step = input_utf8_feed(&d, (unsigned char)n, &cp);
        if (step == UTF8_AGAIN) {
            ungetch(n); /* not part of it: read again as the next key */
            break;
        }
        taken++;
    }
    /* one lone byte that is not UTF-8: maybe the locale's own character */
    if (step != UTF8_CHAR && taken == 1 && first >= 0x80)
        cp = single_byte(first);
    *ch = (wint_t)cp;
    return OK;
}

static int get_raw(int *fn, wint_t *ch, int wait_ms)
{
    if (have_pending) {
        have_pending = 0;
        *fn = pending_fn, *ch = pending_ch;
        return OK;
    }
    if (!utf8_locale)
        return get_bytes(fn, ch, wait_ms);
    timeout(wait_ms);
    wint_t c = 0;
    int rc = wget_wch(stdscr, &c);
    if (rc == ERR)
        return ERR;
    *fn = rc == KEY_CODE_YES;
    *ch = c;
    return OK;
}

/* After Esc (curses already waited ESCDELAY for a known sequence): a "[" or
 * "O" still pending starts a key this terminal description does not know
 * (an xterm F1 under TERM=linux, a key split by a slow SSH link). Swallow
 * that sequence only (up to its final byte, 0x40-0x7E) rather than take
 * "\eOP" for Esc, 'O', 'P'; anything else typed after Esc is kept. Returns
 * 1 when a sequence was swallowed. */
static int unknown_sequence(void)
{
    int fn = 0;
    wint_t c = 0;
    if (get_raw(&fn, &c, 0) == ERR)
        return 0;
    if (fn || (c != '[' && c != 'O')) {
        have_pending = 1, pending_fn = fn, pending_ch = c;
        return 0;
    }
    for (int n = 0; n < 16; n++) {
        if (get_raw(&fn, &c, 0) == ERR || (!fn && c >= 0x40 && c <= 0x7E))
            break;
    }
    return 1;
}

/* After a wait that gave no key: is the terminal still there? A hung-up
 * tty or a pty whose other side was closed polls POLLHUP (or POLLERR /
 * POLLNVAL for a descriptor that went bad). Input "ready" with no key means
 * the read gave end of input or an error; once may be a key that arrived
 * just after the timeout, three times in a row is not. */
#define GONE_AFTER_EMPTY_READS 3

static int terminal_gone(void)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) < 0)
        return 0; /* interrupted: ask again at the next wait */
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
        return 1;
    if (p.revents & POLLIN)
        return ++empty_reads >= GONE_AFTER_EMPTY_READS;
    empty_reads = 0;
    return 0;
}

input_kind input_read(int *fn, wint_t *ch)
{
    if (get_raw(fn, ch, tick_ms) == ERR)
        return terminal_gone() ? INPUT_GONE : INPUT_TIMEOUT;
    empty_reads = 0;
    if (*fn && *ch == KEY_RESIZE)
        return INPUT_RESIZE;
    if (!*fn && *ch == KEY_ESC && unknown_sequence())
        return INPUT_SKIP;
    return INPUT_KEY;
}
