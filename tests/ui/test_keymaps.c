/* test_keymaps.c — the key table as data (no terminal): per-screen keymaps,
 * conflicts, the status-bar hints of every screen read from its keymap, the
 * [keys] syntax both ways, the legends' layout, and the UTF-8 decoder of the
 * input under a locale that is not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/agenda.h"
#include "ui/input.h"
#include "ui/keys.h"
#include "ui/legend.h"
#include "ui/notes.h"
#include "ui/orient.h"
#include "ui/request_form.h"
#include "ui/screens.h"
#include "ui/visitor_form.h"
#include "ui/visitor_pick.h"

static void the_default_bindings_have_no_conflict(void **state)
{
    keys_reset();
    g_error err = {0};
    assert_int_equal(keys_check(&err), G_OK);
}

static void one_letter_means_what_the_screen_reads(void **state)
{
    keys_reset();
    assert_int_equal(keys_resolve(KM_HOME, 0, 'd'), ACT_HOME_ADMIN);
    assert_int_equal(keys_resolve(KM_FILE, 0, 'd'), ACT_FILE_REQUEST);
    assert_int_equal(keys_resolve(KM_AGENDA, 0, 'd'), ACT_AG_MOVE);
    assert_int_equal(keys_resolve(KM_ADMIN_TEAM, 0, 'd'), ACT_ADM_GRANT);
    assert_int_equal(keys_resolve(KM_NONE, 0, 'd'), ACT_NONE);
    /* shared actions everywhere; Caps Lock on */
    assert_int_equal(keys_resolve(KM_FILE, 1, KEY_F(1)), ACT_HELP);
    assert_int_equal(keys_resolve(KM_HOME, 0, 'D'), ACT_HOME_ADMIN);
    assert_int_equal(keys_resolve(KM_HOME, 0, '\r'), ACT_SELECT);
}

static void a_conflict_names_both_ini_keys(void **state)
{
    keys_reset();
    g_error err = {0};
    assert_int_equal(keys_bind("home-search", "x", &err), G_OK);
    assert_int_equal(keys_check(&err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "keys:home-search"));
    assert_non_null(strstr(err.msg, "keys:home-left"));
    assert_non_null(strstr(err.msg, "« x »"));
    assert_non_null(strstr(err.msg, "Accueil"));
    /* a shared key taken by a screen's action conflicts too */
    keys_reset();
    assert_int_equal(keys_bind("file-edit", "q", &err), G_OK);
    assert_int_equal(keys_check(&err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "keys:quit"));
    /* the same letter on two screens is fine */
    keys_reset();
    assert_int_equal(keys_bind("home-admin", "w", &err), G_OK);
    assert_int_equal(keys_bind("file-request", "w", &err), G_OK);
    assert_int_equal(keys_check(&err), G_OK);
    keys_reset();
}

/* Every screen's status-bar hints are actions it reads: what the bar says
 * is what the keys do. */
static void every_hint_is_read_by_its_screen(void **state)
{
    const screen_ops *all[] = {
        &screen_login,          &screen_home,           &screen_help,
        &screen_lock,           &screen_soon,           &screen_agenda,
        &screen_directory,      &screen_orient_new,     &screen_orient_list,
        &screen_orient_visitor, &screen_intake_arrival, &screen_intake_quick,
        &screen_notes,          &screen_admin,          &screen_stats,
        &screen_agenda_book,    &screen_agenda_cancel,  &screen_agenda_to_fill,
        &screen_agenda_calls,   &screen_agenda_print,   &screen_agenda_date,
        &screen_agenda_visitor, &screen_notes_read,     &screen_notes_edit,
        &screen_notes_history,  &screen_notes_people,   &screen_directory_detail,
        &screen_orient_slip,    &screen_request_form,   &screen_visitor_form,
        &screen_visitor_pick,   &screen_visitor_file,   &screen_admin_users,
        &screen_admin_team,     &screen_admin_export,   &screen_admin_journal,
        &screen_admin_passwd,   &screen_dialog,         &screen_orient_history,
        &screen_orient_choice,
    };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        for (const ui_action *h = all[i]->hints; h && *h != ACT_NONE; h++) {
            if (!keys_keymap_has(all[i]->keymap, *h))
                fail_msg("%s: hint %s is not in its keymap", all[i]->name, keys_ini_name(*h));
        }
}

static void ini_key_names_go_both_ways(void **state)
{
    keys_reset();
    for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
        char spec[64];
        keys_default_spec((ui_action)a, spec, sizeof spec);
        if (!spec[0])
            continue;
        g_error err = {0};
        if (keys_bind(keys_ini_name((ui_action)a), spec, &err) != G_OK)
            fail_msg("%s = %s: %s", keys_ini_name((ui_action)a), spec, err.msg);
    }
    g_error err = {0};
    assert_int_equal(keys_check(&err), G_OK); /* the defaults again: still no conflict */
    char buf[64];
    assert_string_equal(keys_default_spec(ACT_HELP, buf, sizeof buf), "F1, ?");
    assert_string_equal(keys_default_spec(ACT_REDRAW, buf, sizeof buf), "^L");
    assert_string_equal(keys_default_spec(ACT_SELECT, buf, sizeof buf), "Enter");
    keys_reset();
}

static void a_legend_wraps_and_never_cuts(void **state)
{
    keys_reset();
    const ui_legend_item items[] = {
        {ACT_HOME_QUICK, "info rapide"}, {ACT_HOME_SEARCH, "recherche"},
        {ACT_SELECT, "prendre/clore"},   {ACT_HOME_LEFT, "parti"},
        {ACT_HOME_CORRECT, "corriger"},  {ACT_HOME_FILE, "fiche"},
    };
    int row[6], x[6];
    /* "i info rapide  r recherche  Entrée prendre/clore  x parti  c corriger
     *  v fiche" is 78 columns: at 76 the last item goes to a second row */
    assert_int_equal(legend_layout(items, 6, 76, row, x), 2);
    assert_int_equal(row[5], 1);
    assert_int_equal(x[5], 0);
    assert_int_equal(legend_layout(items, 6, 78, row, x), 1);
    /* an action without a key is left out, the others close up */
    g_error err = {0};
    assert_int_equal(keys_bind("home-left", "F24", &err), G_OK);
    char text[64];
    assert_string_equal(legend_item_text(&items[3], text, sizeof text), "F24 parti");
    keys_reset();
}

/* --- the UTF-8 decoder (LANG=C in a UTF-8 terminal) --------------------- */
static void the_decoder_loses_no_byte(void **state)
{
    input_utf8 d = {0};
    uint32_t cp = 0;
    /* é = C3 A9: one character */
    assert_int_equal(input_utf8_feed(&d, 0xC3, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0xA9, &cp), UTF8_CHAR);
    assert_int_equal(cp, 0xE9);
    /* 王 = E7 8E 8B */
    assert_int_equal(input_utf8_feed(&d, 0xE7, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0x8E, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0x8B, &cp), UTF8_CHAR);
    assert_int_equal(cp, 0x738B);
    /* a cut sequence: the next key (g) is not swallowed, it starts anew */
    assert_int_equal(input_utf8_feed(&d, 0xC3, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 'g', &cp), UTF8_AGAIN);
    assert_int_equal(cp, INPUT_REPLACEMENT);
    assert_int_equal(input_utf8_feed(&d, 'g', &cp), UTF8_CHAR);
    assert_int_equal(cp, 'g');
    /* Échap after a lead byte: kept too */
    assert_int_equal(input_utf8_feed(&d, 0xE2, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 27, &cp), UTF8_AGAIN);
    assert_int_equal(input_utf8_feed(&d, 27, &cp), UTF8_CHAR);
    assert_int_equal(cp, 27);
    /* bytes that are never UTF-8, overlong forms, surrogates */
    assert_int_equal(input_utf8_feed(&d, 0xFF, &cp), UTF8_BAD);
    assert_int_equal(input_utf8_feed(&d, 0x80, &cp), UTF8_BAD);
    assert_int_equal(input_utf8_feed(&d, 0xC0, &cp), UTF8_BAD);
    assert_int_equal(input_utf8_feed(&d, 0xE0, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0x80, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0x80, &cp), UTF8_BAD); /* overlong */
    assert_int_equal(input_utf8_feed(&d, 0xED, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0xA0, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_feed(&d, 0x80, &cp), UTF8_BAD); /* D800 */
    /* nothing more came: the unfinished character is a replacement */
    assert_int_equal(input_utf8_feed(&d, 0xF0, &cp), UTF8_MORE);
    assert_int_equal(input_utf8_flush(&d, &cp), 1);
    assert_int_equal(cp, INPUT_REPLACEMENT);
    assert_int_equal(input_utf8_flush(&d, &cp), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_default_bindings_have_no_conflict),
        cmocka_unit_test(one_letter_means_what_the_screen_reads),
        cmocka_unit_test(a_conflict_names_both_ini_keys),
        cmocka_unit_test(every_hint_is_read_by_its_screen),
        cmocka_unit_test(ini_key_names_go_both_ways),
        cmocka_unit_test(a_legend_wraps_and_never_cuts),
        cmocka_unit_test(the_decoder_loses_no_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
