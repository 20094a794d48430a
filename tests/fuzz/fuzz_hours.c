/* fuzz_hours.c — libFuzzer target for the opening-hours parser (the OSM
 * opening_hours subset of hours.h, typed in the directory and imported).
 *
 * Beyond "no crash, no sanitizer report": an accepted text gives spans that
 * are sorted, within the day, at most HOURS_MAX_SPANS (weekdays, public
 * holidays and the month/date/week rules alike), and hours_is_open /
 * hours_next_opening agree with them; a refused one has a French message.
 * (corpus/hours/month-rule: "Jun 14:00-17:00" opens in June only; the
 * target once called that "an opening in hours that never open".)
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DGUICHET_FUZZ=ON
 *        && cmake --build build-fuzz --target fuzz_hours
 * Run:   build-fuzz/fuzz_hours -max_len=512 tests/fuzz/corpus/hours */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/hours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_hours: %s\n", what);
        abort();
    }
}

static void check_day(const hours_day *d)
{
    check(d->nspan >= 0 && d->nspan <= HOURS_MAX_SPANS, "span count");
    for (int i = 0; i < d->nspan; i++) {
        check(d->span[i].from >= 0 && d->span[i].from < 1440, "span start");
        check(d->span[i].to > d->span[i].from && d->span[i].to <= 1440, "span end");
        if (i)
            check(d->span[i].from >= d->span[i - 1].from, "spans sorted");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    g_hours h;
    g_error err = {0};
    g_status st = hours_parse(text, &h, &err);
    free(text);
    if (st != G_OK) {
        check(err.code == st && err.msg[0] != 0, "error without a message");
        return 0;
    }
    for (int d = 0; d < 7; d++)
        check_day(&h.day[d]);
    check_day(&h.ph);
    check(h.nexception >= 0 && h.nexception <= HOURS_MAX_EXCEPTIONS, "exception count");
    /* from Monday 2026-03-02 00:00 UTC: the next opening is open */
    const int64_t monday = 1772409600;
    int any = 0;
    for (int d = 0; d < 7; d++)
        any |= h.day[d].nspan > 0;
    /* a month, date or week rule ("Jun 14:00-17:00") opens too */
    for (int i = 0; i < h.nexception; i++) {
        check_day(&h.exception[i].hours);
        any |= h.exception[i].hours.nspan > 0;
    }
    int64_t next = 0;
    int rc = hours_next_opening(&h, monday, &next);
    if (!any && h.ph.nspan == 0)
        check(rc == -1, "an opening found in hours that never open");
    if (rc == 0) {
        check(next >= monday && next <= monday + 400LL * 86400, "next opening out of range");
        check(hours_is_open(&h, next), "closed at its own next opening");
    }
    (void)hours_is_open(&h, monday + 9 * 3600);
    return 0;
}
