/* test_widgets.c — the screens' logic without a terminal: text fields, forms,
 * lists, text wrapping and transliteration, the bars, the key table. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "ui/admin.h"
#include "ui/app.h"
#include "ui/field.h"
#include "ui/form.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/status.h"
#include "ui/text.h"

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

static void type(ui_field *f, const char *s)
{
    while (*s) {
        uint32_t cp;
        s += utf8_decode(s, &cp);
        ui_key k = ch(cp);
        field_key(f, &k);
    }
}

static void press(ui_field *f, ui_key k)
{
    field_key(f, &k);
}

static int utf8(void **state)
{
    setlocale(LC_ALL, "C.UTF-8");
    return i18n_utf8() ? 0 : -1;
}

/* --- fields ------------------------------------------------------------- */
static void field_edits_utf8_by_character(void **state)
{
    ui_field f;
    assert_int_equal(field_init(&f, "nom", "Nom", 20, 0), 0);
    type(&f, "Élodie Ngũgĩ");
    assert_string_equal(f.value, "Élodie Ngũgĩ");
    press(&f, fn(KEY_BACKSPACE)); /* ĩ is two bytes: removed whole */
    assert_string_equal(f.value, "Élodie Ngũg");
    press(&f, fn(KEY_HOME));
    press(&f, fn(KEY_DC)); /* É */
    assert_string_equal(f.value, "lodie Ngũg");
    type(&f, "É");
    press(&f, fn(KEY_RIGHT));
    press(&f, fn(KEY_RIGHT));
    assert_int_equal(f.cursor, strlen("Élo"));
    press(&f, ch(CTRL('k')));
    assert_string_equal(f.value, "Élo");
    press(&f, fn(KEY_LEFT));
    press(&f, ch(CTRL('u')));
    assert_string_equal(f.value, "o");
    assert_int_equal(f.cursor, 0);
    field_free(&f);
}

static void field_refuses_past_max_and_keeps_text(void **state)
{
    ui_field f;
    field_init(&f, "code", "Code", 5, 0);
    type(&f, "75056XYZ");
    assert_string_equal(f.value, "75056");
    /* a paste longer than the field is said, not silently cut */
    assert_string_equal(f.error, "Code : 5 caractères au maximum (8 tapés).");
    press(&f, fn(KEY_BACKSPACE));
    assert_string_equal(f.error, "");
    type(&f, "6");
    assert_string_equal(f.value, "75056");
    char buf[32];
    assert_string_equal(field_max_text(&f, buf, sizeof buf), "(max 5)");
    field_set_error(&f, "Code INSEE inconnu.");
    /* the error stays until the field is edited; the text always stays */
    assert_string_equal(f.value, "75056");
    press(&f, fn(KEY_BACKSPACE));
    assert_string_equal(f.error, "");
    assert_string_equal(f.value, "7505");
    field_free(&f);
}

/* Locked memory of this process, in kB (/proc/self/status VmLck). */
static long locked_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* A password or passphrase field lives in locked memory (never written to
 * swap), like a note's text; a plain field does not. */
static void password_field_in_locked_memory(void **state)
{
    /* AddressSanitizer makes mlock a no-op: the sanitizer build checks the
     * field works, the plain build that its memory is locked */
#if defined(__SANITIZE_ADDRESS__)
    int sanitized = 1;
#else
    int sanitized = 0;
#endif
    long before = locked_kb();
    ui_field plain, pass;
    field_init(&plain, "nom", "Nom", 80, 0);
    assert_int_equal(field_init(&pass, "passphrase", "Phrase", 1000, FIELD_PASSWORD), 0);
    long with_pass = locked_kb();
    type(&pass, "le bus passe le mardi");
    char typed[64];
    snprintf(typed, sizeof typed, "%s", pass.value);
    field_free(&pass);
    long after = locked_kb();
    field_free(&plain);
    assert_string_equal(typed, "le bus passe le mardi");
    if (!sanitized && before >= 0) {
        assert_true(with_pass > before);
        assert_int_equal(after, before);
    }
}

static void field_leaves_navigation_keys_to_the_form(void **state)
{
    ui_field f;
    field_init(&f, "x", "X", 10, 0);
    ui_key tab = ch('\t'), enter = ch('\r'), f10 = fn(KEY_F(10));
    assert_int_equal(field_key(&f, &tab), 0);
    assert_int_equal(field_key(&f, &enter), 0);
    assert_int_equal(field_key(&f, &f10), 0);
    assert_string_equal(f.value, "");
    field_free(&f);
}

static void field_scroll_keeps_cursor_visible_with_wide_chars(void **state)
{
    ui_field f;
    field_init(&f, "nom", "Nom", 40, 0);
    type(&f, "王芳王芳王芳王芳"); /* 16 columns */
    field_scroll(&f, 9);          /* 8 columns of text + the cursor */
    assert_int_equal(utf8_width(f.value + f.view), 8);
    press(&f, fn(KEY_HOME));
    field_scroll(&f, 9);
    assert_int_equal(f.view, 0);
    field_free(&f);
}

static void field_set_cuts_at_max_and_refuses_bad_utf8(void **state)
{
    ui_field f;
    field_init(&f, "v", "V", 3, FIELD_PASSWORD);
    assert_int_equal(field_set(&f, "àéîõ"), 0);
    assert_string_equal(f.value, "àéî");
    assert_int_equal(field_set(&f, "\xC3("), -1);
    field_free(&f);
}

/* --- forms -------------------------------------------------------------- */
static void form_moves_submits_and_shows_errors(void **state)
{
    ui_field fields[3];
    field_init(&fields[0], "login", "Identifiant", 32, 0);
    field_init(&fields[1], "display_name", "Nom affiché", 80, 0);
    field_init(&fields[2], "password", "Mot de passe", 256, FIELD_PASSWORD);
    ui_form form;
    form_init(&form, fields, 3);
    ui_key tab = ch('\t'), btab = fn(KEY_BTAB), enter = ch('\n'), q = ch('q');
    assert_int_equal(form_key(&form, &q), FORM_HANDLED); /* 'q' is text here */
    assert_string_equal(form_value(&form, "login"), "q");
    assert_int_equal(form_key(&form, &enter), FORM_HANDLED); /* next field */
    assert_int_equal(form.focus, 1);
    assert_int_equal(form_key(&form, &btab), FORM_HANDLED);
    assert_int_equal(form.focus, 0);
    form_key(&form, &tab);
    form_key(&form, &tab);
    assert_int_equal(form_key(&form, &enter), FORM_SUBMIT);
    ui_key f1 = fn(KEY_F(1));
    assert_int_equal(form_key(&form, &f1), FORM_IGNORED);

    g_error err = {0};
    g_err_field(&err, G_ERR_INVALID, "display_name", "Le nom est trop court.");
    form_apply_error(&form, &err);
    assert_int_equal(form.focus, 1);
    assert_string_equal(fields[1].error, "Le nom est trop court.");
    assert_string_equal(form_value(&form, "login"), "q");

    form_row rows[3];
    form_geometry geo;
    form_layout(&form, 60, rows, &geo);
    assert_int_equal(rows[0].y, 0);
    assert_int_equal(rows[1].y, 1);
    assert_int_equal(rows[1].error_y, 2); /* the error takes the next row */
    assert_int_equal(rows[2].y, 3);
    assert_int_equal(geo.label_w, (int)strlen("Mot de passe"));
    assert_true(geo.box_x + geo.box_w <= 60);

    g_err(&err, G_ERR_BUSY, "Base occupée, réessayez.");
    form_apply_error(&form, &err);
    assert_string_equal(form.message, "Base occupée, réessayez.");
    form_clear_errors(&form);
    assert_string_equal(fields[1].error, "");
    assert_string_equal(form.message, "");
    for (int i = 0; i < 3; i++)
        field_free(&fields[i]);
}

/* A long error is wrapped on as many rows as it needs, word by word, and
 * nothing of it is lost (the tester saw « tapez JJ/MM/AAAA… » cut off). */
static void form_wraps_long_errors_instead_of_cutting_them(void **state)
{
    (void)state;
    ui_field fields[3];
    field_init(&fields[0], "birth_date", "Date de naissance", 10, 0);
    field_init(&fields[1], "phone", "Téléphone", 20, 0);
    field_init(&fields[2], "email", "Courriel", 80, 0);
    ui_form form;
    form_init(&form, fields, 3);
    const char *msg = "Date de naissance : date incomplète ou mal écrite, tapez JJ/MM/AAAA, "
                      "par exemple 12/03/1961.";
    g_error err = {0};
    g_err_field(&err, G_ERR_INVALID, "birth_date", "%s", msg);
    form_apply_error(&form, &err);

    form_row rows[3];
    form_geometry geo;
    form_layout(&form, 78, rows, &geo);
    assert_true(text_width(msg) > geo.error_w); /* it would have been cut */
    assert_true(rows[0].error_lines >= 2);      /* wrapped instead */
    assert_int_equal(rows[0].error_y, 1);
    assert_int_equal(rows[1].y, 1 + rows[0].error_lines); /* next field below it */
    assert_true(geo.error_x + geo.error_w <= 78);

    /* the wrapped lines, joined back with spaces, are the whole message and
     * each fits the width without breaking a word */
    char joined[512] = "";
    const char *s = msg;
    int lines = 0;
    while (*s) {
        size_t next = 0, len = text_wrap(s, geo.error_w, &next);
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)len, s);
        assert_true(text_width(line) <= geo.error_w);
        assert_true(len == strlen(s) || s[len] == ' ');
        if (*joined)
            strcat(joined, " ");
        strcat(joined, line);
        lines++;
        if (!next)
            break;
        s += next;
    }
    assert_int_equal(lines, rows[0].error_lines);
    assert_string_equal(joined, msg);

    /* a narrow form wraps errors from the label column, still whole */
    form_layout(&form, 50, rows, &geo);
    assert_int_equal(geo.error_x, 0);
    assert_int_equal(geo.error_w, 50);
    assert_int_equal(rows[2].y, 2 + rows[0].error_lines);

    /* the form-level message counts all its wrapped rows in the height */
    form_clear_errors(&form);
    form_set_message(&form, 1, msg);
    form_layout(&form, 40, rows, &geo);
    assert_int_equal(geo.height, 3 + 1 + text_wrap_count(msg, 40));
    assert_true(text_wrap_count(msg, 40) >= 3);
    for (int i = 0; i < 3; i++)
        field_free(&fields[i]);
}

/* --- help --------------------------------------------------------------- */
#define HELP_ROWS 600

/* Index of the heading row whose text starts with title, or n. */
static size_t help_heading(const help_row *rows, size_t n, const char *title)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].kind == HELP_HEADING && strncmp(rows[i].text, title, strlen(title)) == 0)
            return i;
    return n;
}

/* The row of action a between rows from and to, or to. */
static size_t help_find(const help_row *rows, size_t from, size_t to, ui_action a)
{
    for (size_t i = from; i < to; i++)
        if (rows[i].kind == HELP_KEY && rows[i].action == (int)a)
            return i;
    return to;
}

/* F1 from the home screen lists the home letters first, then the keys that
 * act everywhere; descriptions are wrapped whole, never cut with « … ». */
static void help_lists_the_screen_keys_first_and_wraps(void **state)
{
    (void)state;
    keys_reset();
    static help_row rows[HELP_ROWS];
    size_t n = help_build(&screen_home, 76, rows, HELP_ROWS);
    assert_true(n > 0 && n < HELP_ROWS);
    assert_int_equal(rows[0].kind, HELP_HEADING);
    assert_non_null(strstr(rows[0].text, "Sur cet écran"));
    size_t everywhere = help_heading(rows, n, "Partout");
    size_t others = help_heading(rows, n, "Sur les autres écrans");
    assert_true(everywhere < others && others < n);
    static const struct {
        ui_action a;
        const char *keys;
    } home[] = {{ACT_HOME_QUICK, "i"},   {ACT_HOME_SEARCH, "r, /"}, {ACT_HOME_LEFT, "x"},
                {ACT_HOME_CORRECT, "c"}, {ACT_HOME_FILE, "v"},      {ACT_HOME_ARRIVAL, "a"}};
    for (size_t i = 0; i < sizeof home / sizeof *home; i++) {
        size_t r = help_find(rows, 0, everywhere, home[i].a);
        assert_true(r < everywhere); /* in the screen's own section */
        assert_string_equal(rows[r].keys, home[i].keys);
    }
    /* global keys after the screen's, each action listed once */
    size_t redraw = help_find(rows, 0, n, ACT_REDRAW);
    assert_true(redraw > everywhere && redraw < others);
    for (int a = 1; a < ACT__COUNT; a++) {
        size_t first = help_find(rows, 0, n, (ui_action)a);
        if (first < n)
            assert_int_equal(help_find(rows, first + 1, n, (ui_action)a), n);
    }
    /* another screen's letters come last, not among the home ones */
    assert_true(help_find(rows, others, n, ACT_AG_DAYSHEET) < n);
    assert_int_equal(help_find(rows, 0, others, ACT_AG_DAYSHEET), others);

    /* each description: its wrapped rows fit and join back into it whole */
    int kw, lw, tw;
    help_widths(76, &kw, &lw, &tw);
    int wrapped = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].kind != HELP_KEY || !rows[i].action)
            continue;
        char joined[512];
        snprintf(joined, sizeof joined, "%s", rows[i].text);
        size_t j = i + 1;
        for (; j < n && rows[j].kind == HELP_MORE && rows[j].action == rows[i].action; j++) {
            strcat(joined, " ");
            strcat(joined, rows[j].text);
            wrapped = 1;
        }
        for (size_t r = i; r < j; r++)
            assert_true(text_width(rows[r].text) <= tw);
        assert_string_equal(joined, keys_help((ui_action)rows[i].action));
        assert_true(text_width(rows[i].label) <= lw);
    }
    assert_true(wrapped); /* some do need more than one row at 80 columns */
}

/* The administration menu: help says what the menu letters do (x exports,
 * e is the team key), and the export screen runs with the letter that opened
 * it. */
static void help_matches_the_admin_menu(void **state)
{
    (void)state;
    keys_reset();
    static help_row rows[HELP_ROWS];
    size_t n = help_build(&screen_admin, 76, rows, HELP_ROWS);
    size_t everywhere = help_heading(rows, n, "Partout");
    size_t r = help_find(rows, 0, everywhere, ACT_ADM_MENU_EXPORT);
    assert_true(r < everywhere);
    assert_string_equal(rows[r].keys, "x");
    assert_string_equal(rows[r].label, "Exporter maintenant");
    r = help_find(rows, 0, everywhere, ACT_ADM_MENU_TEAM);
    assert_true(r < everywhere);
    assert_string_equal(rows[r].keys, "e");
    r = help_find(rows, 0, everywhere, ACT_ADM_MENU_USERS);
    assert_string_equal(rows[r].keys, "c");
    /* the keys used inside those screens are not listed as the menu's */
    assert_int_equal(help_find(rows, 0, everywhere, ACT_ADM_GRANT), everywhere);
    char a[32], b[32];
    assert_string_equal(keys_action_keys(ACT_ADM_EXPORT, a, sizeof a),
                        keys_action_keys(ACT_ADM_MENU_EXPORT, b, sizeof b));
    /* from the export screen, its own key comes first */
    n = help_build(&screen_admin_export, 76, rows, HELP_ROWS);
    everywhere = help_heading(rows, n, "Partout");
    r = help_find(rows, 0, everywhere, ACT_ADM_EXPORT);
    assert_true(r < everywhere);
    assert_string_equal(rows[r].keys, "x");
}

/* --- lists -------------------------------------------------------------- */
static void list_widths_share_the_rest(void **state)
{
    ui_column cols[] = {{"Heure", 5, 1}, {"Nom", 0, 0}, {"Motif", 0, 0}};
    int w[3];
    list_widths(cols, 3, 40, w);
    assert_int_equal(w[0], 5);
    assert_int_equal(w[0] + w[1] + w[2] + 2, 40);
    list_widths(cols, 3, 6, w); /* too narrow: never wider than asked */
    assert_true(w[0] + w[1] + w[2] + 2 <= 6 || w[1] + w[2] == 0);
}

static const char *no_cell(void *ctx, size_t r, size_t c, char *buf, size_t size)
{
    return "";
}

static void list_pages_and_scrolls(void **state)
{
    ui_list l;
    ui_column cols[] = {{NULL, 0, 0}};
    list_init(&l, cols, 1, no_cell, NULL);
    list_set_count(&l, 100);
    ui_key pgdn = fn(KEY_NPAGE), end = fn(KEY_END), up = fn(KEY_UP), home = fn(KEY_HOME);
    list_key(&l, &pgdn, 10);
    assert_int_equal(l.selected, 10);
    assert_int_equal(l.top, 1);
    list_key(&l, &end, 10);
    assert_int_equal(l.selected, 99);
    assert_int_equal(l.top, 90);
    list_key(&l, &up, 10);
    assert_int_equal(l.top, 90);
    list_key(&l, &home, 10);
    assert_int_equal(l.top, 0);
    list_set_count(&l, 0);
    assert_int_equal(l.selected, 0);
}

/* --- text --------------------------------------------------------------- */
static void text_wraps_on_spaces_by_columns(void **state)
{
    const char *s = "Terminal trop petit : 80x24 minimum (actuellement 60x20).";
    size_t next, len = text_wrap(s, 20, &next);
    assert_int_equal(len, strlen("Terminal trop petit"));
    assert_string_equal(s + next, ": 80x24 minimum (actuellement 60x20).");
    assert_int_equal(text_wrap_count(s, 80), 1);
    assert_int_equal(text_wrap_count("王芳王芳", 4), 2);
    assert_int_equal(text_wrap_count("a\nb", 80), 2);
}

static void text_transliterates_outside_utf8(void **state)
{
    char out[128];
    assert_string_equal(text_translit(0xE9), "e");
    assert_string_equal(text_translit(0x153), "oe");
    assert_string_equal(text_translit(0x169), "u"); /* ũ */
    setlocale(LC_ALL, "C");
    text_prepare("« Démonstration » — Œuvre…", out, sizeof out);
    assert_string_equal(out, "\" Demonstration \" - OEuvre...");
    assert_int_equal(text_width("Échap"), 5);
    setlocale(LC_ALL, "C.UTF-8");
    text_prepare("Échap", out, sizeof out);
    assert_string_equal(out, "Échap");
}

/* --- bars, keys, sizes -------------------------------------------------- */
static void status_shortens_the_site_first(void **state)
{
    char buf[256];
    status_who(buf, sizeof buf, 80, "Agathe Martin", "Accueil", "France Services de Saint-Amand");
    assert_string_equal(buf, "Agathe Martin · Accueil · France Services de Saint-Amand");
    status_who(buf, sizeof buf, 40, "Agathe Martin", "Accueil", "France Services de Saint-Amand");
    assert_int_equal(utf8_width(buf), 40);
    assert_non_null(strstr(buf, "Agathe Martin · Accueil · France"));
    assert_non_null(strstr(buf, "…"));
    status_who(buf, sizeof buf, 30, "Agathe Martin", "Accueil", "France Services de Saint-Amand");
    assert_string_equal(buf, "Agathe Martin · Accueil"); /* no room: no site */
}

static void status_hints_fit_the_width(void **state)
{
    const ui_action acts[] = {ACT_HELP, ACT_LOCK, ACT_QUIT, ACT_NONE};
    status_hint h[8];
    assert_int_equal(status_hints(acts, 80, h, 8), 3);
    assert_string_equal(h[0].key, "F1");
    assert_string_equal(h[0].label, "Aide");
    assert_string_equal(h[2].key, "F10");
    /* "F1 Aide  F9 Verrouiller" is 23 columns */
    assert_int_equal(status_hints(acts, 23, h, 8), 2);
    assert_int_equal(status_hints(acts, 22, h, 8), 1);
}

static void keys_table_lookup_and_rebind(void **state)
{
    keys_reset();
    assert_int_equal(keys_lookup(1, KEY_F(1)), ACT_HELP);
    assert_int_equal(keys_lookup(0, '?'), ACT_HELP);
    assert_int_equal(keys_lookup(0, '\r'), ACT_SELECT);
    assert_int_equal(keys_lookup(1, KEY_ENTER), ACT_SELECT);
    assert_int_equal(keys_lookup(0, 'z'), ACT_NONE);
    ui_key enter = ch('\r'), f10 = fn(KEY_F(10));
    assert_true(keys_is(&enter, ACT_SELECT));
    assert_true(keys_is(&f10, ACT_QUIT));
    assert_false(keys_is(&f10, ACT_HELP));
    char buf[64];
    assert_string_equal(keys_action_keys(ACT_QUIT, buf, sizeof buf), "F10, q");
    assert_string_equal(keys_action_keys(ACT_SELECT, buf, sizeof buf), "Entrée");
    assert_string_equal(keys_ini_name(ACT_LOCK), "lock");
    g_error err = {0};
    assert_int_equal(keys_bind("lock", "F4, ^X", &err), G_OK);
    assert_int_equal(keys_lookup(1, KEY_F(4)), ACT_LOCK);
    assert_int_equal(keys_lookup(0, CTRL('x')), ACT_LOCK);
    assert_int_equal(keys_lookup(1, KEY_F(9)), ACT_NONE);
    assert_int_equal(keys_bind("voler", "F2", &err), G_ERR_INVALID);
    assert_string_equal(err.field, "voler");
    assert_int_equal(keys_bind("quit", "F99", &err), G_ERR_INVALID);
    assert_int_equal(keys_lookup(1, KEY_F(10)), ACT_QUIT); /* unchanged on error */
    keys_reset();
    assert_int_equal(keys_lookup(1, KEY_F(9)), ACT_LOCK);
}

static void app_sizes(void **state)
{
    assert_true(app_size_ok(24, 80));
    assert_false(app_size_ok(23, 80));
    assert_false(app_size_ok(24, 79));
    char buf[256];
    assert_string_equal(app_too_small_text(20, 60, buf, sizeof buf),
                        "Terminal trop petit : 80x24 minimum (actuellement 60x20). "
                        "Agrandissez la fenêtre.");
    ui_rect b = app_body_rect(24, 80);
    assert_int_equal(b.y, 1);
    assert_int_equal(b.h, 21);
}

static void text_scroll_stays_in_range(void **state)
{
    (void)state;
    int top = 0;
    /* 50 lines in a 10-row view: the last page starts at line 40 */
    assert_int_equal(text_scroll_key(&(ui_key){1, KEY_UP, ACT_UP}, 50, 10, &top), 1);
    assert_int_equal(top, 0);
    assert_int_equal(text_scroll_key(&(ui_key){1, KEY_NPAGE, ACT_PAGE_DOWN}, 50, 10, &top), 1);
    assert_int_equal(top, 9); /* a page keeps one line of context */
    assert_int_equal(text_scroll_key(&(ui_key){1, KEY_END, ACT_LAST}, 50, 10, &top), 1);
    assert_int_equal(top, 40);
    assert_int_equal(text_scroll_key(&(ui_key){1, KEY_DOWN, ACT_DOWN}, 50, 10, &top), 1);
    assert_int_equal(top, 40);
    /* a text shorter than the view never scrolls; other keys are not its */
    assert_int_equal(text_scroll_key(&(ui_key){1, KEY_NPAGE, ACT_PAGE_DOWN}, 5, 10, &top), 1);
    assert_int_equal(top, 0);
    assert_int_equal(text_scroll_key(&(ui_key){0, 'x', ACT_NONE}, 50, 10, &top), 0);
}

int main(void)
{
    setenv("LANGUAGE", "fr", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(field_edits_utf8_by_character),
        cmocka_unit_test(field_refuses_past_max_and_keeps_text),
        cmocka_unit_test(password_field_in_locked_memory),
        cmocka_unit_test(field_leaves_navigation_keys_to_the_form),
        cmocka_unit_test(field_scroll_keeps_cursor_visible_with_wide_chars),
        cmocka_unit_test(field_set_cuts_at_max_and_refuses_bad_utf8),
        cmocka_unit_test(form_moves_submits_and_shows_errors),
        cmocka_unit_test(form_wraps_long_errors_instead_of_cutting_them),
        cmocka_unit_test(list_widths_share_the_rest),
        cmocka_unit_test(list_pages_and_scrolls),
        cmocka_unit_test(text_wraps_on_spaces_by_columns),
        cmocka_unit_test(text_transliterates_outside_utf8),
        cmocka_unit_test(status_shortens_the_site_first),
        cmocka_unit_test(status_hints_fit_the_width),
        cmocka_unit_test(keys_table_lookup_and_rebind),
        cmocka_unit_test(help_lists_the_screen_keys_first_and_wraps),
        cmocka_unit_test(help_matches_the_admin_menu),
        cmocka_unit_test(app_sizes),
        cmocka_unit_test(text_scroll_stays_in_range),
    };
    return cmocka_run_group_tests(tests, utf8, NULL);
}
