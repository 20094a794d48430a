/* test_textarea.c — the notes' multi-line editor without a terminal: word
 * wrap, cursor by character/line/word, editing keys, the size limit. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>
#include <sodium.h>

#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "ui/keys.h"
#include "ui/textarea.h"

static ui_key ch(wint_t c)
{
    ui_key k = {0, c, keys_lookup(0, c)};
    return k;
}

static ui_key fn(int code)
{
    ui_key k = {1, (wint_t)code, keys_lookup(1, (wint_t)code)};
    return k;
}

static void type(ui_textarea *t, const char *s)
{
    while (*s) {
        uint32_t cp;
        s += utf8_decode(s, &cp);
        ui_key k = ch(cp);
        textarea_key(t, &k);
    }
}

static void press(ui_textarea *t, ui_key k)
{
    textarea_key(t, &k);
}

static int setup(void **state)
{
    setlocale(LC_ALL, "C.UTF-8");
    if (sodium_init() < 0 || !i18n_utf8())
        return -1;
    ui_textarea *t = malloc(sizeof *t);
    if (!t || textarea_init(t, 64) != 0)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    ui_textarea *t = *state;
    textarea_free(t);
    assert_null(t->buf);
    free(t);
    return 0;
}

static void wraps_after_spaces_and_cuts_long_words(void **state)
{
    ui_textarea *t = *state;
    size_t starts[16];
    assert_int_equal(textarea_set(t, "le chat dort bien", 17), 0);
    /* width 8: "le chat " | "dort " | "bien" — spaces stay at the line end */
    assert_int_equal(textarea_layout(t, 8, starts, 16), 3);
    assert_int_equal(starts[1], 8);
    assert_int_equal(starts[2], 13);
    /* a word longer than the width is cut */
    assert_int_equal(textarea_set(t, "abcdefghij", 10), 0);
    assert_int_equal(textarea_layout(t, 4, starts, 16), 3);
    assert_int_equal(starts[1], 4);
    assert_int_equal(starts[2], 8);
    /* line breaks, and an empty last line after a final one */
    assert_int_equal(textarea_set(t, "a\n\nb\n", 5), 0);
    assert_int_equal(textarea_layout(t, 10, starts, 16), 4);
    assert_int_equal(starts[1], 2);
    assert_int_equal(starts[2], 3);
    assert_int_equal(starts[3], 5);
    /* wide characters count two columns: 王芳 fills width 4 */
    assert_int_equal(textarea_set(t, "王芳王", 9), 0);
    assert_int_equal(textarea_layout(t, 4, starts, 16), 2);
    assert_int_equal(starts[1], 6);
}

static void edits_by_character_with_accents(void **state)
{
    ui_textarea *t = *state;
    type(t, "Élodie");
    assert_string_equal(t->buf, "Élodie");
    assert_int_equal(t->len, 7);
    assert_true(t->modified);
    press(t, fn(KEY_HOME));
    press(t, fn(KEY_RIGHT));
    assert_int_equal(t->cursor, 2); /* after É, two bytes */
    press(t, fn(KEY_BACKSPACE));
    assert_string_equal(t->buf, "lodie");
    press(t, fn(KEY_DC));
    assert_string_equal(t->buf, "odie");
    press(t, fn(KEY_END));
    press(t, ch('\r')); /* Entrée is a line break */
    type(t, "ça");
    assert_string_equal(t->buf, "odie\nça");
    press(t, ch(CTRL('u'))); /* erases to the start of the line */
    assert_string_equal(t->buf, "odie\n");
    press(t, fn(KEY_BACKSPACE));
    assert_string_equal(t->buf, "odie");
}

static void moves_by_line_keeping_the_column_and_by_word(void **state)
{
    ui_textarea *t = *state;
    const char *s = "abcdef\nxy\nlonger line";
    assert_int_equal(textarea_set(t, s, strlen(s)), 0);
    t->width = 40;
    press(t, fn(KEY_END)); /* end of "abcdef": column 6 */
    assert_int_equal(t->cursor, 6);
    press(t, fn(KEY_DOWN)); /* "xy" is shorter: its end */
    assert_int_equal(t->cursor, 9);
    press(t, fn(KEY_DOWN)); /* the column 6 is remembered */
    assert_int_equal(t->cursor, 16);
    int line, col;
    textarea_pos(t, 40, t->cursor, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 6);
    press(t, fn(KEY_UP));
    press(t, fn(KEY_UP));
    assert_int_equal(t->cursor, 6);
    /* words: ^N next, ^P previous */
    press(t, ch(CTRL('n')));
    assert_int_equal(t->cursor, 7); /* start of "xy" */
    press(t, ch(CTRL('n')));
    assert_int_equal(t->cursor, 10); /* "longer" */
    press(t, ch(CTRL('n')));
    assert_int_equal(t->cursor, 17); /* "line" */
    press(t, ch(CTRL('p')));
    assert_int_equal(t->cursor, 10);
    /* a function key that is not the editor's is left to the screen */
    ui_key f2 = fn(KEY_F(2));
    assert_int_equal(textarea_key(t, &f2), 0);
    ui_key tab = ch('\t');
    assert_int_equal(textarea_key(t, &tab), 0);
}

static void refuses_past_the_maximum_and_says_the_size(void **state)
{
    ui_textarea *t = *state; /* 64 bytes */
    for (int i = 0; i < 63; i++)
        press(t, ch('a'));
    assert_int_equal(textarea_insert(t, 0xE9), -1); /* é needs 2 bytes: refused */
    assert_non_null(strstr(t->error, "64"));
    assert_int_equal(textarea_insert(t, 'b'), 0);
    assert_int_equal(t->len, 64);
    assert_int_equal(textarea_insert(t, 'c'), -1);
    char buf[64];
    assert_string_equal(textarea_size_text(t, buf, sizeof buf), "64 / 64 octets");
    /* control characters are not text */
    textarea_clear(t);
    assert_int_equal(textarea_insert(t, 0x07), -1);
    assert_int_equal(t->len, 0);
    /* invalid UTF-8 or too long is refused by set, nothing changes */
    assert_int_equal(textarea_set(t, "ok", 2), 0);
    assert_int_equal(textarea_set(t, "\xff", 1), -1);
    assert_string_equal(t->buf, "ok");
}

static void size_text_groups_thousands(void **state)
{
    ui_textarea big;
    assert_int_equal(textarea_init(&big, 8192), 0);
    char text[1235];
    memset(text, 'x', 1234);
    assert_int_equal(textarea_set(&big, text, 1234), 0);
    char buf[64];
    /* narrow no-break spaces between thousands, as in French */
    assert_string_equal(textarea_size_text(&big, buf, sizeof buf), "1\xe2\x80\xaf"
                                                                   "234 / 8\xe2\x80\xaf"
                                                                   "192 octets");
    textarea_free(&big);
}

static void readonly_view_scrolls_and_never_edits(void **state)
{
    ui_textarea *t = *state;
    assert_int_equal(textarea_set(t, "a\nb\nc", 5), 0);
    t->readonly = 1;
    press(t, fn(KEY_DOWN));
    assert_int_equal(t->top, 1);
    press(t, fn(KEY_UP));
    press(t, fn(KEY_UP));
    assert_int_equal(t->top, 0);
    ui_key x = ch('x');
    assert_int_equal(textarea_key(t, &x), 0);
    assert_string_equal(t->buf, "a\nb\nc");
    t->readonly = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(wraps_after_spaces_and_cuts_long_words, setup, teardown),
        cmocka_unit_test_setup_teardown(edits_by_character_with_accents, setup, teardown),
        cmocka_unit_test_setup_teardown(moves_by_line_keeping_the_column_and_by_word, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_past_the_maximum_and_says_the_size, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(size_text_groups_thousands, setup, teardown),
        cmocka_unit_test_setup_teardown(readonly_view_scrolls_and_never_edits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
