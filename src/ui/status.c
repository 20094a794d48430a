/* status.c — see status.h. */
#include <stdio.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "guichet/strbuf.h"
#include "ui/status.h"
#include "ui/text.h"

static const char *separator(void)
{
    return i18n_utf8() ? " · " : " - ";
}

void status_who(char *buf, size_t size, int width, const char *name, const char *role,
                const char *site)
{
    const char *sep = separator();
    char head[512];
    strbuf sb;
    strbuf_init(&sb, head, sizeof head);
    strbuf_join(&sb, sep, name);
    strbuf_join(&sb, sep, role);
    if (site && *site) {
        int left = width - text_width(head) - (head[0] ? text_width(sep) : 0);
        if (left >= 12) {
            char fit[256];
            utf8_fit(site, left, 1, fit, sizeof fit);
            strbuf_join(&sb, sep, fit);
        }
    }
    utf8_fit(head, width, 1, buf, size);
}

int status_hints(const ui_action *actions, int width, status_hint *out, int max)
{
    int used = 0, n = 0;
    for (; actions && *actions != ACT_NONE && n < max; actions++) {
        char key[24];
        keys_action_key(*actions, key, sizeof key);
        if (!key[0])
            continue;
        const char *label = keys_label(*actions);
        int w = text_width(key) + 1 + text_width(label) + (n ? 2 : 0);
        if (used + w > width)
            break;
        snprintf(out[n].key, sizeof out[n].key, "%s", key);
        out[n].label = label;
        used += w;
        n++;
    }
    return n;
}

void status_clock(long long t, char *buf, size_t size)
{
    clock_format((int64_t)t, "%d/%m/%Y %H:%M", buf, size);
}
