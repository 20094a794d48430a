/* normalize.c — see normalize.h. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/utf8.h"

/* Latin letters → lower-case ASCII, generated with Python's unicodedata
 * (NFKD, ASCII letters kept) plus the letters that do not decompose (ß æ œ ø
 * ł đ ð þ ı ħ ŧ…). "" = not a letter we fold: copied unchanged. */
/* clang-format off */
static const char fold_latin[0x190][3] = {
    /* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    /* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    /* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
    /* U+0180 */ "b", "", "", "", "", "", "o", "", "", "d", "d", "", "", "", "", "e",
    /* U+0190 */ "e", "f", "f", "", "", "", "", "i", "", "", "", "", "", "", "", "",
    /* U+01A0 */ "o", "o", "", "", "", "", "", "", "", "", "", "", "", "", "", "u",
    /* U+01B0 */ "u", "", "", "", "", "", "", "z", "", "", "", "", "", "", "", "",
    /* U+01C0 */ "", "", "", "", "dz", "dz", "dz", "lj", "lj", "lj", "nj", "nj", "nj", "a", "a", "i",
    /* U+01D0 */ "i", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "", "a", "a",
    /* U+01E0 */ "a", "a", "ae", "ae", "", "", "g", "g", "k", "k", "o", "o", "o", "o", "z", "z",
    /* U+01F0 */ "j", "dz", "dz", "dz", "g", "g", "", "", "n", "n", "a", "a", "ae", "ae", "o", "o",
    /* U+0200 */ "a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o",
    /* U+0210 */ "r", "r", "r", "r", "u", "u", "u", "u", "s", "s", "t", "t", "", "", "h", "h",
    /* U+0220 */ "", "", "", "", "", "", "a", "a", "e", "e", "o", "o", "o", "o", "o", "o",
    /* U+0230 */ "o", "o", "y", "y", "", "", "", "", "", "", "", "", "", "", "", "",
    /* U+0240 */ "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
};
static const char fold_latin_add[0x100][3] = {
    /* U+1E00 */ "a", "a", "b", "b", "b", "b", "b", "b", "c", "c", "d", "d", "d", "d", "d", "d",
    /* U+1E10 */ "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "f", "f",
    /* U+1E20 */ "g", "g", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "i", "i", "i", "i",
    /* U+1E30 */ "k", "k", "k", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "m", "m",
    /* U+1E40 */ "m", "m", "m", "m", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+1E50 */ "o", "o", "o", "o", "p", "p", "p", "p", "r", "r", "r", "r", "r", "r", "r", "r",
    /* U+1E60 */ "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",
    /* U+1E70 */ "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "v", "v", "v", "v",
    /* U+1E80 */ "w", "w", "w", "w", "w", "w", "w", "w", "w", "w", "x", "x", "x", "x", "y", "y",
    /* U+1E90 */ "z", "z", "z", "z", "z", "z", "h", "t", "w", "y", "a", "s", "s", "s", "ss", "d",
    /* U+1EA0 */ "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
    /* U+1EB0 */ "a", "a", "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "e", "e", "e", "e",
    /* U+1EC0 */ "e", "e", "e", "e", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o",
    /* U+1ED0 */ "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o",
    /* U+1EE0 */ "o", "o", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+1EF0 */ "u", "u", "y", "y", "y", "y", "y", "y", "y", "y", "", "", "", "", "", "",
};
static const char fold_greek[0x49][3] = {
    "α", "", "ε", "η", "ι", "", "ο", "",
    "υ", "ω", "ι", "α", "β", "γ", "δ", "ε",
    "ζ", "η", "θ", "ι", "κ", "λ", "μ", "ν",
    "ξ", "ο", "π", "ρ", "", "σ", "τ", "υ",
    "φ", "χ", "ψ", "ω", "ι", "υ", "α", "ε",
    "η", "ι", "υ", "α", "β", "γ", "δ", "ε",
    "ζ", "η", "θ", "ι", "κ", "λ", "μ", "ν",
    "ξ", "ο", "π", "ρ", "σ", "σ", "τ", "υ",
    "φ", "χ", "ψ", "ω", "ι", "υ", "ο", "υ",
    "ω",
};
/* clang-format on */

/* What one code point folds to: a short ASCII string, "" to drop it, or NULL
 * to copy it unchanged. */
static const char *fold_cp(uint32_t cp)
{
    if (cp == 0xA0 || cp == 0x202F || cp == 0x2009) /* no-break and thin spaces */
        return " ";
    if (cp == 0xB4 || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x02B9)
        return "'";
    if (cp >= 0x2010 && cp <= 0x2014)
        return "-";
    if (cp == 0x2212)
        return "-";
    if (cp >= 0x300 && cp <= 0x36F) /* combining accents of decomposed text */
        return "";
    if (cp >= 0xC0 && cp <= 0x24F)
        return fold_latin[cp - 0xC0][0] ? fold_latin[cp - 0xC0] : NULL;
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return fold_latin_add[cp - 0x1E00][0] ? fold_latin_add[cp - 0x1E00] : NULL;
    if (cp >= 0x386 && cp <= 0x3CE) /* Greek: lower case, no tonos, σ for ς */
        return fold_greek[cp - 0x386][0] ? fold_greek[cp - 0x386] : NULL;
    if (cp == 0xFFFD)
        return ""; /* an invalid byte: dropped */
    return NULL;
}

size_t normalize_fold(const char *s, char *out, size_t size)
{
    size_t o = 0;
    if (!size)
        return 0;
    while (s && *s) {
        uint32_t cp;
        int n = utf8_decode(s, &cp);
        if (cp < 0x80) { /* ASCII: lower case; ` is an apostrophe typed wrong */
            if (o + 1 >= size)
                break;
            out[o++] = cp == '`' ? '\'' : (char)tolower((int)cp);
            s++;
            continue;
        }
        const char *f = fold_cp(cp);
        size_t len = f ? strlen(f) : (size_t)n;
        if (o + len >= size)
            break;
        memcpy(out + o, f ? f : s, len);
        o += len;
        s += n;
    }
    out[o] = 0;
    return o;
}

/* A folded byte that belongs to a word: ASCII letters and digits, ' and -
 * (joiners), and any non-ASCII byte (other scripts; the FTS5 tokenizer splits
 * their punctuation). */
static int word_byte(unsigned char c)
{
    return c >= 0x80 || isalnum(c) || c == '\'' || c == '-';
}

static int joiner(char c)
{
    return c == '\'' || c == '-';
}

/* Appends word (len bytes) and a separating space to out when it fits. */
static void emit(char *out, size_t size, size_t *o, const char *w, size_t len)
{
    if (!len || *o + len + 2 > size)
        return;
    if (*o)
        out[(*o)++] = ' ';
    memcpy(out + *o, w, len);
    *o += len;
    out[*o] = 0;
}

size_t normalize_search_words(const char *s, char *out, size_t size)
{
    if (!size)
        return 0;
    out[0] = 0;
    size_t n = s ? strlen(s) : 0;
    char *f = malloc(n + 1);
    char *joined = malloc(n + 1);
    if (!f || !joined) {
        free(f);
        free(joined);
        return 0;
    }
    normalize_fold(s ? s : "", f, n + 1);
    size_t o = 0;
    const char *p = f;
    while (*p) {
        while (*p && !word_byte((unsigned char)*p))
            p++;
        const char *w = p;
        while (*p && word_byte((unsigned char)*p))
            p++;
        /* the word [w, p): its parts, then the parts joined */
        size_t jl = 0;
        int parts = 0;
        const char *q = w;
        while (q < p) {
            while (q < p && joiner(*q))
                q++;
            const char *part = q;
            while (q < p && !joiner(*q))
                q++;
            if (q > part) {
                emit(out, size, &o, part, (size_t)(q - part));
                memcpy(joined + jl, part, (size_t)(q - part));
                jl += (size_t)(q - part);
                parts++;
            }
        }
        if (parts > 1)
            emit(out, size, &o, joined, jl);
    }
    free(f);
    free(joined);
    return o;
}

size_t normalize_name_key(const char *s, char *out, size_t size)
{
    if (!size)
        return 0;
    size_t n = s ? strlen(s) : 0;
    char *f = malloc(n + 1);
    if (!f) {
        out[0] = 0;
        return 0;
    }
    normalize_fold(s ? s : "", f, n + 1);
    size_t o = 0;
    for (const char *p = f; *p && o + 1 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) || c >= 0x80)
            out[o++] = (char)c;
    }
    /* never leave half a character at the end */
    while (o > 0 && ((unsigned char)out[o - 1] & 0x80)) {
        size_t start = o - 1;
        while (start > 0 && ((unsigned char)out[start] & 0xC0) == 0x80)
            start--;
        uint32_t cp;
        char tmp[5] = {0};
        memcpy(tmp, out + start, o - start < 4 ? o - start : 4);
        if (utf8_decode(tmp, &cp) == (int)(o - start) && cp != 0xFFFD)
            break;
        o = start;
    }
    out[o] = 0;
    free(f);
    return o;
}

size_t normalize_digits(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (*s >= '0' && *s <= '9') {
            if (n + 1 < size)
                out[n] = *s;
            n++;
        }
    if (size)
        out[n < size ? n : size - 1] = 0;
    return n;
}

/* ---- phones ------------------------------------------------------------ */

/* French overseas plans that have their own country code, as dialled from
 * France (first four digits of the 10-digit national number). */
static const struct {
    const char *national; /* "0690" */
    const char *cc;       /* "590" */
} overseas[] = {
    {"0262", "262"}, {"0263", "262"}, {"0269", "262"}, {"0639", "262"}, {"0692", "262"},
    {"0693", "262"}, {"0590", "590"}, {"0690", "590"}, {"0691", "590"}, {"0594", "594"},
    {"0694", "594"}, {"0596", "596"}, {"0696", "596"}, {"0697", "596"},
};

static const char *french_cc[] = {"33", "262", "590", "594", "596"};

static g_status phone_invalid(g_error *err)
{
    return g_err_field(err, G_ERR_INVALID, "phone",
                       _("Téléphone : tapez 10 chiffres (06 12 34 56 78) ou le numéro "
                         "international avec son indicatif (+33 6 12 34 56 78)."));
}

g_status normalize_phone(const char *in, char e164[NORMALIZE_PHONE_SIZE], g_error *err)
{
    e164[0] = 0;
    char d[40];
    size_t n = 0;
    int plus = 0, seen_digit = 0;
    for (const char *p = in ? in : ""; *p; p++) {
        char c = *p;
        if (c >= '0' && c <= '9') {
            if (n + 1 >= sizeof d)
                return phone_invalid(err);
            d[n++] = c;
            seen_digit = 1;
        } else if (c == '+' && !seen_digit && !plus) {
            plus = 1;
        } else if (c != ' ' && c != '.' && c != '-' && c != '/' && c != '(' && c != ')' &&
                   c != '\t') {
            return g_err_field(err, G_ERR_INVALID, "phone",
                               _("Téléphone : seuls les chiffres, les espaces, les points et le "
                                 "signe + sont acceptés."));
        }
    }
    d[n] = 0;
    const char *digits = d;
    if (!plus && n >= 2 && d[0] == '0' && d[1] == '0') { /* 0033…, 0032… */
        plus = 1;
        digits += 2;
        n -= 2;
    }
    if (!plus) {
        if (n != 10 || d[0] != '0' || d[1] == '0')
            return phone_invalid(err);
        /* d is ten digits here: the nine after the leading 0 follow the code */
        for (size_t i = 0; i < sizeof overseas / sizeof overseas[0]; i++)
            if (strncmp(d, overseas[i].national, 4) == 0) {
                snprintf(e164, NORMALIZE_PHONE_SIZE, "+%s%.9s", overseas[i].cc, d + 1);
                return G_OK;
            }
        snprintf(e164, NORMALIZE_PHONE_SIZE, "+33%.9s", d + 1);
        return G_OK;
    }
    if (n == 0 || digits[0] == '0')
        return phone_invalid(err);
    for (size_t i = 0; i < sizeof french_cc / sizeof french_cc[0]; i++) {
        size_t cl = strlen(french_cc[i]);
        if (strncmp(digits, french_cc[i], cl) != 0)
            continue;
        const char *rest = digits + cl;
        size_t rl = n - cl;
        if (rl == 10 && rest[0] == '0') { /* +33 (0)6 12 … */
            rest++;
            rl--;
        }
        if (rl != 9 || rest[0] == '0')
            return phone_invalid(err);
        snprintf(e164, NORMALIZE_PHONE_SIZE, "+%s%s", french_cc[i], rest);
        return G_OK;
    }
    if (n < 8 || n > 15)
        return phone_invalid(err);
    snprintf(e164, NORMALIZE_PHONE_SIZE, "+%.15s", digits);
    return G_OK;
}

/* The length of the French country code e164 starts with, when it is one of
 * ours and the number has 9 national digits; 0 otherwise. */
static size_t french_plan(const char *e164)
{
    if (!e164 || e164[0] != '+')
        return 0;
    size_t n = strlen(e164 + 1);
    for (size_t i = 0; i < sizeof french_cc / sizeof french_cc[0]; i++) {
        size_t cl = strlen(french_cc[i]);
        if (strncmp(e164 + 1, french_cc[i], cl) == 0 && n == cl + 9)
            return cl;
    }
    return 0;
}

void normalize_phone_national(const char *e164, char out[NORMALIZE_PHONE_SIZE])
{
    out[0] = 0;
    if (!e164 || !*e164)
        return;
    size_t cl = french_plan(e164);
    if (cl)
        snprintf(out, NORMALIZE_PHONE_SIZE, "0%s", e164 + 1 + cl);
    else
        normalize_digits(e164, out, NORMALIZE_PHONE_SIZE);
}

void normalize_phone_display(const char *e164, char *out, size_t size)
{
    if (!size)
        return;
    size_t cl = french_plan(e164);
    if (!cl) {
        snprintf(out, size, "%s", e164 ? e164 : "");
        return;
    }
    char nat[NORMALIZE_PHONE_SIZE];
    normalize_phone_national(e164, nat);
    snprintf(out, size, "%.2s %.2s %.2s %.2s %.2s", nat, nat + 2, nat + 4, nat + 6, nat + 8);
}

/* ---- codes ------------------------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int normalize_insee_valid(const char *c)
{
    if (!c || strlen(c) != 5)
        return 0;
    if (c[0] == '2' && (c[1] == 'A' || c[1] == 'B' || c[1] == 'a' || c[1] == 'b'))
        return all_digits(c + 2, 3) && strcmp(c + 2, "000") != 0;
    if (!all_digits(c, 5))
        return 0;
    int dep = (c[0] - '0') * 10 + (c[1] - '0');
    if (dep >= 1 && dep <= 95 && dep != 20)
        return strcmp(c + 2, "000") != 0;
    if (dep == 97 || dep == 98) {
        int d3 = c[2] - '0';
        int ok = dep == 97 ? (d3 >= 1 && d3 <= 8) : (d3 >= 4 && d3 <= 9);
        return ok && strcmp(c + 3, "00") != 0;
    }
    return 0;
}

int normalize_insee(const char *code, char out[6])
{
    out[0] = 0;
    if (!normalize_insee_valid(code))
        return -1;
    for (int i = 0; i < 5; i++)
        out[i] = (char)toupper((unsigned char)code[i]);
    out[5] = 0;
    return 0;
}

int normalize_postal_valid(const char *c)
{
    return c && strlen(c) == 5 && all_digits(c, 5) && !(c[0] == '0' && c[1] == '0');
}

static int label_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c >= 0x80;
}

int normalize_email_valid(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n > 254 || !at || strchr(at + 1, '@') || strstr(s, ".."))
        return 0;
    size_t local = (size_t)(at - s);
    if (local < 1 || local > 64 || s[0] == '.' || at[-1] == '.')
        return 0;
    for (const char *p = s; p < at; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == 127 || strchr("\"(),:;<>[\\]", c))
            return 0;
    }
    const char *dom = at + 1;
    int dots = 0;
    size_t lab = 0;
    for (const char *p = dom;; p++) {
        if (*p == '.' || *p == 0) {
            if (lab == 0 || p[-1] == '-' || p[-(long)lab] == '-')
                return 0;
            if (*p == 0)
                break;
            dots++;
            lab = 0;
        } else if (label_char((unsigned char)*p)) {
            lab++;
        } else {
            return 0;
        }
    }
    return dots >= 1;
}

/* ---- dates ------------------------------------------------------------- */

/* What a person may type for a date. Each form reads the whole text
 * (surrounding spaces already removed) into year, month and day, or says it
 * is not that form; the first form that reads it wins, then the century rule
 * gives a two-digit year its century and the calendar rule
 * (clock_valid_date) decides whether that day exists. Accepting a new way of
 * typing a date is one more function in date_forms[], and every date field
 * of the screens and every date of the commands follows.
 * A form returns 0 (not this form), 2 (a two-digit year, century to come)
 * or 4 (a full year). */
typedef int (*date_form)(const char *s, int *y, int *m, int *d);

/* Reads 1..max digits at *p into *v; returns the count read. */
static int read_num(const char **p, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (k < max && **p >= '0' && **p <= '9') {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k;
}

/* Three numbers with one separator (/, - or .) used twice: their values
 * and digit counts. 0 when s is not that shape. */
static int three_numbers(const char *s, int v[3], int k[3])
{
    const char *p = s;
    k[0] = read_num(&p, 4, &v[0]);
    char sep = *p;
    if (!k[0] || (sep != '/' && sep != '-' && sep != '.'))
        return 0;
    p++;
    k[1] = read_num(&p, 2, &v[1]);
    if (!k[1] || *p != sep)
        return 0;
    p++;
    k[2] = read_num(&p, 4, &v[2]);
    return k[2] && !*p;
}

/* AAAA-MM-JJ (also AAAA/M/J, AAAA.MM.JJ) */
static int form_year_first(const char *s, int *y, int *m, int *d)
{
    int v[3], k[3];
    if (!three_numbers(s, v, k) || k[0] != 4 || k[2] > 2)
        return 0;
    *y = v[0], *m = v[1], *d = v[2];
    return 4;
}

/* JJ/MM/AAAA (also J/M/AAAA, JJ.MM.AAAA, JJ-MM-AAAA) and JJ/MM/AA (1/3/61) */
static int form_day_first(const char *s, int *y, int *m, int *d)
{
    int v[3], k[3];
    if (!three_numbers(s, v, k) || k[0] > 2 || (k[2] != 4 && k[2] != 2))
        return 0;
    *d = v[0], *m = v[1], *y = v[2];
    return k[2];
}

/* JJMMAAAA (01021980) and JJMMAA (010280): digits only, as typed on a
 * numeric keypad */
static int form_compact(const char *s, int *y, int *m, int *d)
{
    size_t n = strspn(s, "0123456789");
    if (s[n] || (n != 8 && n != 6))
        return 0;
    *d = (s[0] - '0') * 10 + (s[1] - '0');
    *m = (s[2] - '0') * 10 + (s[3] - '0');
    const char *p = s + 4;
    read_num(&p, 4, y);
    return n == 8 ? 4 : 2;
}

static const date_form date_forms[] = {form_year_first, form_day_first, form_compact};

static g_status date_malformed(g_error *err)
{
    return g_err(err, G_ERR_INVALID,
                 _("date incomplète ou mal écrite : tapez JJ/MM/AAAA, par exemple 12/03/1961"));
}

/* The century of a two-digit year yy under rule. */
static int full_year(int yy, normalize_century rule, int this_year)
{
    if (rule == NORMALIZE_CENTURY_PAST) {
        int century = this_year / 100 * 100;
        return century + yy <= this_year ? century + yy : century - 100 + yy;
    }
    return 2000 + yy;
}

g_status normalize_date_rule(const char *in, normalize_century rule, int this_year, char iso[11],
                             g_error *err)
{
    iso[0] = 0;
    const char *p = in ? in : "";
    while (*p == ' ')
        p++;
    char text[32];
    size_t n = strlen(p);
    while (n && p[n - 1] == ' ')
        n--;
    if (n >= sizeof text)
        return date_malformed(err);
    memcpy(text, p, n);
    text[n] = 0;
    int y = 0, m = 0, d = 0, read = 0;
    for (size_t i = 0; i < sizeof date_forms / sizeof *date_forms && !read; i++)
        read = date_forms[i](text, &y, &m, &d);
    if (read == 2)
        y = full_year(y, rule, this_year > 0 ? this_year : 2000);
    if (!read || y < 1000)
        return date_malformed(err);
    if (!clock_valid_date(y, m, d))
        return g_err(err, G_ERR_INVALID, _("le %02d/%02d/%04d n'existe pas"), d, m, y);
    clock_date_format(clock_days_from_civil(y, m, d), iso);
    return G_OK;
}

g_status normalize_date(const char *in, char iso[11], g_error *err)
{
    return normalize_date_rule(in, NORMALIZE_CENTURY_NEXT, 0, iso, err);
}

int normalize_date_like(const char *q)
{
    if (!q)
        return 0;
    if (strchr(q, '/'))
        return 1;
    while (*q == ' ')
        q++;
    const char *p = q;
    int v;
    return read_num(&p, 4, &v) == 4 && *p == '-';
}

void normalize_century_hint(normalize_century rule, int this_year, char *out, size_t size)
{
    if (rule == NORMALIZE_CENTURY_PAST) {
        /* this year's two digits, and the next ones: the pivot, both sides */
        int yy = this_year % 100, next = (yy + 1) % 100;
        snprintf(out, size, _("%02d = %d ; %02d = %d"), yy, full_year(yy, rule, this_year), next,
                 full_year(next, rule, this_year));
    } else {
        int yy = this_year % 100;
        snprintf(out, size, _("%02d = %d"), yy, full_year(yy, rule, this_year));
    }
}

void normalize_date_display(const char *iso, char out[11])
{
    int64_t day;
    out[0] = 0;
    if (clock_date_parse(iso, &day) != 0)
        return;
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    char buf[40];
    snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
    snprintf(out, 11, "%.10s", buf);
}

static int fts_word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int normalize_fts_query(const char *text, char *out, size_t size)
{
    size_t len = 0;
    int words = 0;
    const unsigned char *p = (const unsigned char *)text;
    out[0] = 0;
    while (*p && words < 8) {
        while (*p && !fts_word_byte(*p))
            p++;
        const unsigned char *start = p;
        while (*p && fts_word_byte(*p))
            p++;
        size_t n = (size_t)(p - start);
        if (!n)
            continue;
        if (len + n + 6 >= size)
            break;
        /* A word the user closed with an apostrophe is an elided particle,
         * whole as typed (the N of N'Diaye, the D of D'Angelo): the exact
         * word, not every word it begins. "n'di" then finds N'Diaye and not
         * Nadia Dilou, and FTS5 walks the short list of the particle rather
         * than that of every name in N (docs/ecrans-accueil.md). A space or a
         * hyphen leaves the word a prefix: "je pe", "j-p" for Jean-Pierre. */
        int whole = *p == '\'';
        len += (size_t)snprintf(out + len, size - len, "%s\"%.*s\"%s", words ? " " : "", (int)n,
                                (const char *)start, whole ? "" : "*");
        words++;
    }
    return words;
}
