/* normalize.h — comparing names, checking and normalising what is typed at
 * the desk: phone numbers, INSEE commune codes, postal codes, e-mail
 * addresses, dates.
 *
 * Name folding is a table of the Latin letters (Latin-1, Latin Extended-A/B,
 * Latin Extended Additional: French, Vietnamese, Polish, Kikuyu…), not a
 * library: "Élodie" → "elodie", "Œuvre" → "oeuvre", "Straße" → "strasse",
 * "Ngũgĩ" → "ngugi", "Łukasz" → "lukasz". Greek is lowered and loses its
 * accents too ("Αθανασία" → "αθανασια", final ς → σ). Other scripts
 * (Chinese, Cyrillic…) are copied unchanged; the FTS5 tokenizer folds their
 * case.
 *
 * Every function here is pure (no database, no clock except normalize_date's
 * caller) and safe on any input, including invalid UTF-8. */
#ifndef GUICHET_NORMALIZE_H
#define GUICHET_NORMALIZE_H

#include <stddef.h>
#include "guichet/error.h"

/* Longest E.164 number, "+" and 15 digits, plus the NUL. */
#define NORMALIZE_PHONE_SIZE 17

/* Folds s for comparison: Latin letters lose accents and case (table above),
 * ASCII upper case is lowered, combining accents (U+0300–U+036F) are dropped,
 * typographic apostrophes (’ ‘ ʼ ´ `) become ' and dashes (‐ ‑ – —) become -;
 * everything else is copied. Writes at most size-1 bytes into out (never
 * cutting a character) and returns the length written. */
size_t normalize_fold(const char *s, char *out, size_t size);

/* The FTS5 query for search as you type: each word of text (runs of ASCII
 * letters and digits, or of any non-ASCII bytes) as a quoted prefix
 * "word"*, or as the exact "word" when an apostrophe follows it (an elided
 * particle: n', d', l'), all required, at most 8 words, into out (size bytes). Returns
 * the number of words (0: nothing to search). Text is taken as it is: fold
 * it first when the index holds folded words. */
int normalize_fts_query(const char *text, char *out, size_t size);

/* The text indexed for name search: the folded words of s separated by
 * spaces, where a word with apostrophes or hyphens gives its parts and then
 * the parts joined: "Jean-Pierre N'Diaye" → "jean pierre jeanpierre n diaye
 * ndiaye". Punctuation other than ' and - separates words. Returns the
 * length written into out (size bytes, NUL-terminated). */
size_t normalize_search_words(const char *s, char *out, size_t size);

/* A compact key for duplicate detection: folded letters and digits only,
 * everything else removed: "Le Fèvre-d'Arc" → "lefevredarc". */
size_t normalize_name_key(const char *s, char *out, size_t size);

/* Copies the decimal digits of s into out (size bytes); returns their count
 * (which may exceed what fitted). */
size_t normalize_digits(const char *s, char *out, size_t size);

/* A French or international phone number as typed ("06 12 34 56 78",
 * "06.12.34.56.78", "+33 6 12 34 56 78", "+33 (0)6 12…", "0033612345678",
 * "0690 12 34 56", "+32 2 123 45 67") → E.164 into e164 ("+33612345678").
 * Separators allowed: spaces, dots, hyphens, slashes, parentheses.
 * Overseas ranges dialled from France get their own country code:
 *   0262 0263 0269 0639 0692 0693 → +262 (La Réunion, Mayotte)
 *   0590 0690 0691               → +590 (Guadeloupe, Saint-Martin, Saint-Barthélemy)
 *   0594 0694                    → +594 (Guyane)
 *   0596 0696 0697               → +596 (Martinique)
 * and every other 0X XX XX XX XX → +33. A French number must have 10 digits
 * (9 after +33); an international one 8 to 15 digits in all.
 * G_ERR_INVALID with a French message (field "phone") otherwise. */
g_status normalize_phone(const char *in, char e164[NORMALIZE_PHONE_SIZE], g_error *err);

/* The national form of an E.164 number for the French plans above
 * ("+33612345678" → "0612345678", "+590690123456" → "0690123456"); for any
 * other country, the digits without "+" ("+3221234567" → "3221234567").
 * "" for "". */
void normalize_phone_national(const char *e164, char out[NORMALIZE_PHONE_SIZE]);

/* Shows an E.164 number the French way: "06 12 34 56 78" for the plans
 * above, the number unchanged otherwise. */
void normalize_phone_display(const char *e164, char *out, size_t size);

/* 1 when code is a well-formed INSEE commune code: 5 characters, a
 * département 01–95 (not 20) or 2A/2B (Corsica, upper or lower case)
 * followed by 3 digits, or an overseas code 971–978 or 984–989 followed by
 * 2 digits; the commune number may not be 000 / 00. */
int normalize_insee_valid(const char *code);

/* Copies code into out upper-cased ("2a004" → "2A004") when valid; returns
 * 0, or -1 (out = "") when not. */
int normalize_insee(const char *code, char out[6]);

/* 1 when code is 5 digits not starting with "00" (Corsica 20xxx, overseas
 * 97xxx, Monaco 98000 are fine). */
int normalize_postal_valid(const char *code);

/* 1 for a plausible e-mail address: one @, a local part of 1–64 printable
 * characters without spaces, a domain of dot-separated labels (letters,
 * digits, hyphens, not at a label's ends) with at least one dot, 254 bytes at
 * most, no ".." anywhere. Non-ASCII letters are allowed (internationalised
 * addresses). */
int normalize_email_valid(const char *s);

/* How a two-digit year is read (1/3/61, 010361): the century rule, stated
 * on screen next to the date fields (normalize_century_hint). */
typedef enum normalize_century {
    NORMALIZE_CENTURY_NEXT = 0, /* 2000 + AA: an appointment, a follow-up, a period
                                   (26 = 2026) */
    NORMALIZE_CENTURY_PAST,     /* a birth date, a consent: 20AA up to this year, else
                                   19AA (in 2026: 26 = 2026 ; 27 = 1927 ; 61 = 1961) */
} normalize_century;

/* A typed date → "YYYY-MM-DD" in iso. The forms (date_forms[] in
 * normalize.c): JJ/MM/AAAA (also J/M/AAAA, and . or - as separators),
 * JJ/MM/AA (the century from rule, this_year being the current year for
 * NORMALIZE_CENTURY_PAST), JJMMAAAA and JJMMAA (digits only: 01021980), and
 * AAAA-MM-JJ. Years 1000–9999. Surrounding spaces are ignored. An
 * impossible date (31/02/2000, 29/02/2023, 00/01/2000) is refused.
 * G_ERR_INVALID with a French message (no field set: the caller names it)
 * otherwise. */
g_status normalize_date_rule(const char *in, normalize_century rule, int this_year, char iso[11],
                             g_error *err);

/* normalize_date_rule with NORMALIZE_CENTURY_NEXT: every date that is not
 * a birth date (commands, agenda, follow-ups, periods). */
g_status normalize_date(const char *in, char iso[11], g_error *err);

/* 1 when q reads as a date being typed in a search box: it has a slash
 * (12/03…) or starts with a year and a hyphen (1961-…). Digits alone or
 * with dots (06.12.34…, 01021980) are a phone number there. */
int normalize_date_like(const char *q);

/* The century rule as shown next to a date field: « 26 = 2026 ; 27 =
 * 1927 » for a birth date (this_year 2026), « 26 = 2026 » otherwise.
 * Translated; out is size bytes. */
void normalize_century_hint(normalize_century rule, int this_year, char *out, size_t size);

/* "YYYY-MM-DD" → "JJ/MM/AAAA" (out at least 11 bytes); "" for "". */
void normalize_date_display(const char *iso, char out[11]);

#endif
