/* test_orient.c — the orientation screens' pick list without a terminal:
 * the filter typed as you go (accents and case ignored) and the line chosen. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guichet/utf8.h"
#include "ui/orient.h"

static ui_key ch(wint_t c)
{
    ui_key k = {0, c, keys_lookup(0, c)};
    return k;
}

static void type(const screen_ops *s, void *state, const char *text)
{
    while (*text) {
        uint32_t cp;
        text += utf8_decode(text, &cp);
        ui_key k = ch(cp);
        s->key(state, NULL, &k);
    }
}

static void match_ignores_accents_case_and_word_order(void **unused)
{
    assert_true(orient_choice_match("Épicerie solidaire « Le Panier »", "epi sol"));
    assert_true(orient_choice_match("Épicerie solidaire", "SOLIDAIRE epicerie"));
    assert_true(orient_choice_match("Mobilité", "mobilit"));
    assert_true(orient_choice_match("Chèque énergie", "cheque"));
    assert_true(orient_choice_match("Tout", ""));
    assert_false(orient_choice_match("Famille", "fam logement"));
    assert_false(orient_choice_match("CAF", "cpam"));
}

typedef struct chosen {
    int calls;
    size_t index;
} chosen;

static ui_reaction on_choice(void *ctx, ui_app *app, size_t index)
{
    chosen *c = ctx;
    c->calls++;
    c->index = index;
    return ui_redraw();
}

static void pick_list_filters_then_returns_the_original_index(void **unused)
{
    const char *labels[] = {"Tous les partenaires", "CAF", "Chèque énergie", "France Rénov'"};
    chosen got = {0, 99};
    ui_reaction r = orient_choice("Filtrer par partenaire", labels, 4, 0, on_choice, &got);
    assert_int_equal(r.kind, UI_PUSH);
    assert_ptr_equal(r.screen, &screen_orient_choice);
    void *state = NULL;
    assert_int_equal(screen_orient_choice.open(NULL, r.arg, &state), 0);

    /* "énerg" typed without its accent leaves only « Chèque énergie » */
    type(&screen_orient_choice, state, "energ");
    ui_key enter = ch('\n');
    ui_reaction done = screen_orient_choice.key(state, NULL, &enter);
    assert_int_equal(got.calls, 1);
    assert_int_equal(got.index, 2);
    assert_int_equal(done.pop, 1); /* the list closes itself */
    screen_orient_choice.close(state, NULL);

    /* nothing matches: Entrée chooses nothing */
    got.calls = 0;
    r = orient_choice("Filtrer", labels, 4, 1, on_choice, &got);
    screen_orient_choice.open(NULL, r.arg, &state);
    type(&screen_orient_choice, state, "zzz");
    screen_orient_choice.key(state, NULL, &enter);
    assert_int_equal(got.calls, 0);
    screen_orient_choice.close(state, NULL);

    /* Échap closes without choosing; the preselected line is the default */
    r = orient_choice("Filtrer", labels, 4, 3, on_choice, &got);
    screen_orient_choice.open(NULL, r.arg, &state);
    ui_key esc = ch(27);
    ui_reaction back = screen_orient_choice.key(state, NULL, &esc);
    assert_int_equal(back.pop, 1);
    assert_int_equal(got.calls, 0);
    screen_orient_choice.close(state, NULL);
    r = orient_choice("Filtrer", labels, 4, 3, on_choice, &got);
    screen_orient_choice.open(NULL, r.arg, &state);
    screen_orient_choice.key(state, NULL, &enter);
    assert_int_equal(got.calls, 1);
    assert_int_equal(got.index, 3);
    screen_orient_choice.close(state, NULL);
}

static int utf8(void **unused)
{
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

int main(void)
{
    setenv("LANGUAGE", "fr", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(match_ignores_accents_case_and_word_order),
        cmocka_unit_test(pick_list_filters_then_returns_the_original_index),
    };
    return cmocka_run_group_tests(tests, utf8, NULL);
}
