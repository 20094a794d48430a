/* ref.c — look-ups in the official vocabularies (see ref.h). */
#include <stdio.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"

const char *const ref_channels[] = {"accueil-spontane", "accueil-sur-rdv", "telephone", "courriel",
                                    "itinerance",       "visio",           "domicile",  NULL};
const char *const ref_channel_labels[] = {N_("Accueil spontané"), N_("Accueil sur rendez-vous"),
                                          N_("Téléphone"),        N_("Courriel"),
                                          N_("Itinérance"),       N_("Visio"),
                                          N_("À domicile"),       NULL};
const char *const ref_help_types[] = {"information", "accompagnement", "orientation", NULL};
const char *const ref_help_type_labels[] = {N_("Information"), N_("Accompagnement"),
                                            N_("Orientation"), NULL};
const char *const ref_autonomies[] = {"entierement-accompagne", "partiellement-autonome",
                                      "autonome", NULL};
const char *const ref_autonomy_labels[] = {N_("Entièrement accompagné"),
                                           N_("Partiellement autonome"), N_("Autonome"), NULL};
const char *const ref_sexes[] = {"F", "M", "non-communique", NULL};
const char *const ref_sex_labels[] = {N_("Femme"), N_("Homme"), N_("Non communiqué"), NULL};
const char *const ref_age_bands[] = {"<18",   "18-24", "25-39",          "40-59",
                                     "60-69", "70+",   "non-communique", NULL};
const char *const ref_age_band_labels[] = {
    N_("Moins de 18 ans"), N_("18 à 24 ans"),    N_("25 à 39 ans"),    N_("40 à 59 ans"),
    N_("60 à 69 ans"),     N_("70 ans et plus"), N_("Non communiqué"), NULL};

const ref_operator *ref_operator_find(const char *code)
{
    for (const ref_operator *o = ref_operators; code && o->code; o++)
        if (strcmp(o->code, code) == 0)
            return o;
    return NULL;
}

static const ref_code *find_code(const ref_code *table, const char *code)
{
    for (const ref_code *c = table; code && c->code; c++)
        if (strcmp(c->code, code) == 0)
            return c;
    return NULL;
}

const ref_code *ref_family_find(const char *code)
{
    return find_code(ref_families, code);
}

const ref_code *ref_theme_find(const char *code)
{
    return find_code(ref_themes, code);
}

int ref_operator_count(void)
{
    int n = 0;
    while (ref_operators[n].code)
        n++;
    return n;
}

int ref_index(const char *const *codes, const char *code)
{
    for (int i = 0; code && codes[i]; i++)
        if (strcmp(codes[i], code) == 0)
            return i;
    return -1;
}

const char *ref_age_band(const char *birth, const char *day)
{
    int64_t bn, dn;
    if (clock_date_parse(birth, &bn) != 0 || clock_date_parse(day, &dn) != 0)
        return "non-communique";
    int by, bm, bd, y, m, d;
    clock_civil_from_days(bn, &by, &bm, &bd);
    clock_civil_from_days(dn, &y, &m, &d);
    int age = y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
    if (age < 0)
        return "non-communique";
    if (age < 18)
        return "<18";
    if (age < 25)
        return "18-24";
    if (age < 40)
        return "25-39";
    if (age < 60)
        return "40-59";
    if (age < 70)
        return "60-69";
    return "70+";
}

const char *ref_public_code(const char *code)
{
    if (code && strcmp(code, "70+") == 0)
        return "70-et-plus";
    if (code && strcmp(code, "60+") == 0) /* guichet stats: waits of an hour or more */
        return "60-et-plus";
    return code;
}
