/* visible.c — the commands' second guard against control characters: what
 * a command prints (lists, echoes of names, messages quoting a stored text)
 * goes through a filter that shows every control character as « � »
 * (fieldtext.h), so that a name stored before the input rule, or behind
 * guichet's back, cannot drive the terminal (ESC sequences clearing the
 * screen, writing the clipboard, retitling the window; BEL…).
 *
 * stdout and stderr are replaced by glibc cookie streams over file
 * descriptors 1 and 2: LF and every other character are kept; C0 controls
 * (CR and TAB included), DEL and C1 controls (UTF-8 C2 80–C2 9F) become the
 * placeholder. A command that must write bytes as they are (an iCalendar
 * file on stdout, CRLF) uses cli_write_raw.
 * Only the commands use it: the screens talk to the terminal through
 * ncurses, whose text helpers have their own guard (src/ui/text.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "guichet/fieldtext.h"

typedef struct guard {
    int fd;
    int pending_c2; /* a 0xC2 waits: 0x80–0x9F after it is a C1 control */
} guard;

static guard out_guard = {1, 0}, err_guard = {2, 0};

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int cli_write_raw(int fd, const char *p, size_t n)
{
    return write_all(fd, p, n);
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
    guard *g = cookie;
    char out[4096];
    size_t o = 0;
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)buf[i];
        const char *emit = NULL;
        size_t elen = 0;
        char one[2];
        if (o + 8 > sizeof out) {
            if (write_all(g->fd, out, o) != 0)
                return -1;
            o = 0;
        }
        if (g->pending_c2) {
            g->pending_c2 = 0;
            if (c >= 0x80 && c <= 0x9F) {
                memcpy(out + o, FIELDTEXT_PLACEHOLDER, 3);
                o += 3;
                continue;
            }
            out[o++] = (char)0xC2;
        }
        if (c == 0xC2) {
            g->pending_c2 = 1;
            continue;
        }
        if ((c < 0x20 && c != '\n') || c == 0x7F) {
            emit = FIELDTEXT_PLACEHOLDER;
            elen = 3;
        } else {
            one[0] = (char)c;
            emit = one;
            elen = 1;
        }
        memcpy(out + o, emit, elen);
        o += elen;
    }
    if (o && write_all(g->fd, out, o) != 0)
        return -1;
    return (ssize_t)size;
}

static int guard_close(void *cookie)
{
    guard *g = cookie;
    /* a 0xC2 at the very end */
    if (g->pending_c2)
        write_all(g->fd, "\xC2", 1);
    g->pending_c2 = 0;
    return 0;
}

void cli_guard_output(void)
{
    cookie_io_functions_t io = {
        .read = NULL, .write = guard_write, .seek = NULL, .close = guard_close};
    fflush(stdout);
    fflush(stderr);
    FILE *o = fopencookie(&out_guard, "w", io);
    FILE *e = fopencookie(&err_guard, "w", io);
    if (!o || !e) {
        if (o)
            fclose(o);
        if (e)
            fclose(e);
        return; /* out of memory: the commands print as they are */
    }
    setvbuf(o, NULL, isatty(1) ? _IOLBF : _IOFBF, 0);
    setvbuf(e, NULL, _IONBF, 0);
    stdout = o;
    stderr = e;
}

const char *cli_text(const char *s)
{
    static char ring[4][1024];
    static int next;
    char *buf = ring[next++ % 4];
    return fieldtext_visible(s, 0, buf, sizeof ring[0]);
}
