/* agenda_print.c — the preview of a printed page (day sheet, appointment
 * slip): the page as it will print, scrolled with ↑/↓, saved to a file in
 * the « impressions » folder (whose full path is shown), or sent to the
 * [print] command. A failure is always shown; nothing fails silently. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guichet/paths.h"
#include "guichet/i18n.h"
#include "guichet/printout.h"
#include "ui/agenda.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct print_state {
    agenda_print_arg arg;
    char **lines; /* pointers into arg.text */
    size_t nlines;
    size_t top;
    char msg[1024];
    int msg_error;
    char saved[4400]; /* the file written by `e`, "" until then */
} print_state;

int agenda_print_dir(char *buf, size_t size, char *msg, size_t msgsize)
{
    g_error err = {0};
    if (paths_print_dir(buf, size, &err) != G_OK) {
        snprintf(msg, msgsize, "%s", err.msg);
        return -1;
    }
    return 0;
}

ui_reaction agenda_preview(const char *title, const char *file_name, char *text)
{
    agenda_print_arg *a = calloc(1, sizeof *a);
    if (!a) {
        free(text);
        return ui_none();
    }
    snprintf(a->title, sizeof a->title, "%s", title);
    snprintf(a->file_name, sizeof a->file_name, "%s", file_name);
    a->text = text;
    return ui_push(&screen_agenda_print, a);
}

static int print_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    print_state *st = calloc(1, sizeof *st);
    agenda_print_arg *a = arg;
    if (!st || !a->text) {
        free(a->text);
        free(a);
        free(st);
        return -1;
    }
    st->arg = *a;
    free(a);
    size_t cap = 1;
    for (const char *p = st->arg.text; *p; p++)
        cap += *p == '\n';
    st->lines = calloc(cap, sizeof *st->lines);
    if (!st->lines) {
        free(st->arg.text);
        free(st);
        return -1;
    }
    /* split in place: the page ends its lines with '\n' */
    for (char *p = st->arg.text; *p && st->nlines < cap;) {
        st->lines[st->nlines++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = 0;
        p = nl + 1;
    }
    *state = st;
    return 0;
}

static void print_close(void *state, ui_app *app)
{
    print_state *st = state;
    free(st->lines);
    free(st->arg.text);
    free(st);
}

/* Keeps the end of a path that is wider than w columns: "…" then at most
 * its last w − 1 columns, from a "/" (the file name matters most; no folder
 * name is cut). */
static const char *path_tail(const char *path, int w, char *buf, size_t size)
{
    if (text_width(path) <= w || w < 2) {
        snprintf(buf, size, "%s", path);
        return buf;
    }
    const char *p = path;
    while (*p && text_width(p) > w - 1) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
    }
    /* start on a folder boundary: « …/share/guichet/impressions » */
    const char *slash = strchr(p, '/');
    if (slash && slash[1])
        p = slash;
    snprintf(buf, size, "…%s", p);
    return buf;
}

/* « label path » on one line when it fits, else the label on the first line
 * and the path on the second, cut from the left: a path is never broken in
 * the middle of a word. */
static void put_path(int y, int x, int w, const char *label, const char *path, attr_t attr)
{
    char buf[TEXT_MAX];
    if (text_width(label) + 1 + text_width(path) <= w) {
        snprintf(buf, sizeof buf, "%s %s", label, path);
        text_put(stdscr, y, x, w, buf, attr);
        return;
    }
    text_put(stdscr, y, x, w, label, attr);
    text_put(stdscr, y + 1, x, w, path_tail(path, w, buf, sizeof buf), attr);
}

static int page_rows(const ui_rect *b)
{
    return b->h - 6 > 1 ? b->h - 6 : 1;
}

static void print_draw(void *state, ui_app *app, const ui_rect *b)
{
    print_state *st = state;
    int x = b->x, w = b->w, rows = page_rows(b);
    char pos[64];
    snprintf(pos, sizeof pos, _("lignes %zu–%zu sur %zu"), st->nlines ? st->top + 1 : 0,
             st->top + (size_t)rows < st->nlines ? st->top + (size_t)rows : st->nlines, st->nlines);
    text_put_right(stdscr, b->y, x, w - 1, pos, theme_attr(TH_MUTED));
    text_put(stdscr, b->y, x + 1, w - 4 - text_width(pos), st->arg.title, theme_attr(TH_HEADING));
    theme_hline(stdscr, b->y + 1, x, w, theme_attr(TH_BORDER));
    for (int r = 0; r < rows && st->top + (size_t)r < st->nlines; r++) {
        /* the page is 80 columns: it shows whole in an 80-column terminal */
        char line[TEXT_MAX];
        snprintf(line, sizeof line, "%s", st->lines[st->top + (size_t)r]);
        text_put(stdscr, b->y + 2 + r, x, w, line, theme_attr(TH_NORMAL));
    }
    int by = b->y + 2 + rows;
    theme_hline(stdscr, by, x, w, theme_attr(TH_BORDER));
    /* two lines: a message, or where the page is (or will be) saved */
    char dir[4096], dmsg[256];
    if (st->msg[0])
        text_put_wrapped(stdscr, by + 1, x + 1, w - 2, 2, st->msg,
                         theme_attr(st->msg_error ? TH_ERROR : TH_OK));
    else if (st->saved[0])
        put_path(by + 1, x + 1, w - 2, _("Enregistré dans :"), st->saved, theme_attr(TH_OK));
    else if (agenda_print_dir(dir, sizeof dir, dmsg, sizeof dmsg) == 0)
        /* the file does not exist yet: only its folder */
        put_path(by + 1, x + 1, w - 2, _("Sera enregistrée dans :"), dir, theme_attr(TH_MUTED));
    else
        text_put_wrapped(stdscr, by + 1, x + 1, w - 2, 2, dmsg, theme_attr(TH_ERROR));
    char extra[64];
    snprintf(extra, sizeof extra, "%s", _("↑/↓ PgPréc/PgSuiv Défiler"));
    static const ui_action acts[] = {ACT_AG_SAVE, ACT_AG_PRINT, ACT_BACK, ACT_NONE};
    agenda_draw_legend(by + 3, x + 1, w - 2, extra, acts);
}

static ui_reaction print_key(void *state, ui_app *app, const ui_key *k)
{
    print_state *st = state;
    int rows = page_rows(&(ui_rect){0, 0, LINES - 3, COLS});
    int top = (int)st->top;
    if (text_scroll_key(k, (int)st->nlines, rows, &top)) {
        st->top = (size_t)top;
        return ui_redraw();
    }
    if (agenda_key_is(k, ACT_AG_SAVE) || agenda_key_is(k, ACT_AG_PRINT)) {
        /* the page again as one text (the lines were split in place) */
        size_t len = 0;
        for (size_t i = 0; i < st->nlines; i++)
            len += strlen(st->lines[i]) + 1;
        char *page = malloc(len + 1);
        if (!page)
            return ui_none();
        char *p = page;
        for (size_t i = 0; i < st->nlines; i++) {
            size_t n = strlen(st->lines[i]);
            memcpy(p, st->lines[i], n);
            p += n;
            *p++ = '\n';
        }
        *p = 0;
        g_error err = {0};
        if (agenda_key_is(k, ACT_AG_SAVE)) {
            char dir[4096], path[4400];
            if (agenda_print_dir(dir, sizeof dir, st->msg, sizeof st->msg) != 0) {
                st->msg_error = 1;
            } else {
                snprintf(path, sizeof path, "%s/%s", dir, st->arg.file_name);
                if (printout_save(path, page, &err) != G_OK) {
                    snprintf(st->msg, sizeof st->msg, "%s", err.msg);
                    st->msg_error = 1;
                } else {
                    snprintf(st->saved, sizeof st->saved, "%s", path);
                    st->msg[0] = 0; /* drawn as « Enregistré dans : <path> » */
                }
            }
        } else {
            /* printout_print captures what the command says, so that it
             * cannot scribble over the screen, and quotes it when it fails */
            if (printout_print(app->cfg->print.command, page, &err) != G_OK) {
                snprintf(st->msg, sizeof st->msg, "%s", err.msg);
                st->msg_error = 1;
            } else {
                snprintf(st->msg, sizeof st->msg, _("Page envoyée à l'imprimante (« %s »)."),
                         app->cfg->print.command);
                st->msg_error = 0;
            }
        }
        free(page);
        return ui_redraw();
    }
    return ui_pass();
}

static const char *print_title(void *state)
{
    return _("Aperçu avant impression");
}

static const ui_action print_hints[] = {ACT_HELP, ACT_AG_SAVE, ACT_AG_PRINT, ACT_BACK, ACT_NONE};

const screen_ops screen_agenda_print = {
    .name = "agenda-print",
    .title = N_("Aperçu avant impression"),
    .hints = print_hints,
    .open = print_open,
    .close = print_close,
    .draw = print_draw,
    .key = print_key,
    .title_of = print_title,
};
