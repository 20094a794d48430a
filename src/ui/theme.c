/* theme.c — role tables for the colour and monochrome themes. */
#include <string.h>
#include <wchar.h>

#include "guichet/i18n.h"
#include "ui/theme.h"

typedef struct role_style {
    short fg, bg; /* colour theme, -1 = terminal default */
    attr_t color_attr;
    attr_t mono_attr; /* monochrome theme */
} role_style;

static const role_style styles[TH__COUNT] = {
    [TH_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
    [TH_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    [TH_STATUS] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    [TH_STATUS_KEY] = {COLOR_WHITE, COLOR_BLACK, A_BOLD, A_BOLD},
    [TH_SELECT] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    [TH_HOTKEY] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TH_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [TH_OK] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
    [TH_MUTED] = {COLOR_BLUE, -1, A_BOLD, A_NORMAL},
    [TH_LABEL] = {-1, -1, A_BOLD, A_BOLD},
    [TH_FIELD] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE},
    [TH_FIELD_FOCUS] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE},
    [TH_BORDER] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [TH_DIALOG] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_NORMAL},
    [TH_HEADING] = {COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TH_INACTIVE] = {COLOR_BLUE, -1, A_BOLD, A_NORMAL},
};

static int mono = 1;
static int ascii = 1;

void theme_init(const g_config *cfg)
{
    const char *want = cfg ? cfg->ui.theme : "auto";
    ascii = !i18n_utf8();
    mono = strcmp(want, "monochrome") == 0 || !has_colors();
    if (!mono && start_color() != OK)
        mono = 1;
    if (mono)
        return;
    use_default_colors();
    for (int r = 1; r < TH__COUNT; r++)
        init_pair((short)r, styles[r].fg, styles[r].bg);
}

attr_t theme_attr(th_role role)
{
    if (role < 0 || role >= TH__COUNT)
        role = TH_NORMAL;
    if (mono)
        return styles[role].mono_attr;
    return styles[role].color_attr | (role ? (attr_t)COLOR_PAIR(role) : 0);
}

int theme_is_mono(void)
{
    return mono;
}

int theme_is_ascii(void)
{
    return ascii;
}

int theme_field_fill(void)
{
    return mono ? '_' : ' ';
}

/* In a UTF-8 locale the box characters are written as Unicode (U+2500…)
 * rather than through the terminal's alternate character set, which some
 * terminals and multiplexers mishandle; outside UTF-8, plain ASCII. */
static void put_line_char(WINDOW *win, int y, int x, wchar_t wc, char ascii_ch, int n, int vertical)
{
    if (n <= 0)
        return;
    if (ascii) {
        if (vertical)
            mvwvline(win, y, x, (chtype)ascii_ch, n);
        else
            mvwhline(win, y, x, (chtype)ascii_ch, n);
        return;
    }
    cchar_t cc;
    wchar_t str[2] = {wc, 0};
    setcchar(&cc, str, A_NORMAL, 0, NULL);
    if (vertical)
        mvwvline_set(win, y, x, &cc, n);
    else
        mvwhline_set(win, y, x, &cc, n);
}

void theme_hline(WINDOW *win, int y, int x, int n, attr_t attr)
{
    wattrset(win, (int)attr);
    put_line_char(win, y, x, L'\u2500', '-', n, 0);
    wattrset(win, A_NORMAL);
}

void theme_box(WINDOW *win, int y, int x, int h, int w, attr_t attr)
{
    if (h < 2 || w < 2)
        return;
    wattrset(win, (int)attr);
    put_line_char(win, y, x + 1, L'\u2500', '-', w - 2, 0);
    put_line_char(win, y + h - 1, x + 1, L'\u2500', '-', w - 2, 0);
    put_line_char(win, y + 1, x, L'\u2502', '|', h - 2, 1);
    put_line_char(win, y + 1, x + w - 1, L'\u2502', '|', h - 2, 1);
    put_line_char(win, y, x, L'\u250c', '+', 1, 0);
    put_line_char(win, y, x + w - 1, L'\u2510', '+', 1, 0);
    put_line_char(win, y + h - 1, x, L'\u2514', '+', 1, 0);
    put_line_char(win, y + h - 1, x + w - 1, L'\u2518', '+', 1, 0);
    wattrset(win, A_NORMAL);
}
