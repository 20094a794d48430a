/* form.c — see form.h. */
#include <stdio.h>
#include <string.h>

#include "ui/form.h"
#include "ui/text.h"
#include "ui/theme.h"

void form_init(ui_form *form, ui_field *fields, size_t count)
{
    memset(form, 0, sizeof *form);
    form->fields = fields;
    form->count = count;
}

ui_field *form_field(ui_form *form, const char *name)
{
    for (size_t i = 0; i < form->count; i++)
        if (form->fields[i].name && name && strcmp(form->fields[i].name, name) == 0)
            return &form->fields[i];
    return NULL;
}

const char *form_value(ui_form *form, const char *name)
{
    ui_field *f = form_field(form, name);
    return f && f->value ? f->value : "";
}

void form_focus(ui_form *form, const char *name)
{
    for (size_t i = 0; i < form->count; i++)
        if (form->fields[i].name && strcmp(form->fields[i].name, name) == 0)
            form->focus = i;
}

void form_clear_errors(ui_form *form)
{
    for (size_t i = 0; i < form->count; i++)
        form->fields[i].error[0] = 0;
    form->message[0] = 0;
}

void form_set_message(ui_form *form, int error, const char *msg)
{
    snprintf(form->message, sizeof form->message, "%s", msg ? msg : "");
    form->message_error = error;
}

void form_apply_error(ui_form *form, const g_error *err)
{
    ui_field *f = err->field[0] ? form_field(form, err->field) : NULL;
    if (f) {
        field_set_error(f, err->msg);
        form->focus = (size_t)(f - form->fields);
    } else {
        form_set_message(form, 1, err->msg);
    }
}

form_result form_key(ui_form *form, const ui_key *k)
{
    if (!form->count)
        return FORM_IGNORED;
    ui_field *f = &form->fields[form->focus];
    switch (k->action) {
    case ACT_NEXT_FIELD:
    case ACT_DOWN:
        form->focus = (form->focus + 1) % form->count;
        return FORM_HANDLED;
    case ACT_PREV_FIELD:
    case ACT_UP:
        form->focus = (form->focus + form->count - 1) % form->count;
        return FORM_HANDLED;
    case ACT_SELECT:
        if (form->submit_any || form->focus + 1 == form->count)
            return FORM_SUBMIT;
        form->focus++;
        return FORM_HANDLED;
    default:
        break;
    }
    /* Function keys bound to actions (F1, F10…) stay the app's; printable
     * characters always go to the field, even '?' or 'q'. */
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return FORM_IGNORED;
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return FORM_IGNORED; /* Esc, ^L */
    return field_key(f, k) ? FORM_HANDLED : FORM_IGNORED;
}

void form_layout(const ui_form *form, int width, form_row *rows, form_geometry *geo)
{
    int label_w = form->label_width;
    if (!label_w)
        for (size_t i = 0; i < form->count; i++) {
            int lw = text_width(form->fields[i].label);
            if (lw > label_w)
                label_w = lw;
        }
    if (label_w > width / 3)
        label_w = width / 3;
    int hint_w = 0;
    for (size_t i = 0; i < form->count; i++) {
        if (form->fields[i].flags & (FIELD_HIDE_MAX | FIELD_PASSWORD))
            continue;
        char buf[32];
        int hw = text_width(field_max_text(&form->fields[i], buf, sizeof buf));
        if (hw > hint_w)
            hint_w = hw;
    }
    geo->label_w = label_w;
    geo->box_x = label_w + 2;
    geo->box_w = width - geo->box_x - (hint_w ? hint_w + 1 : 0);
    if (geo->box_w < 4)
        geo->box_w = 4;
    geo->hint_x = geo->box_x + geo->box_w + 1;
    int y = 0;
    for (size_t i = 0; i < form->count; i++) {
        rows[i].field = (int)i;
        rows[i].y = y++;
        rows[i].error_y = form->fields[i].error[0] ? y++ : -1;
    }
    if (form->message[0])
        y += 1 + text_wrap_count(form->message, width);
    geo->height = y;
}

int form_box_width(const ui_form *form, size_t i, const form_geometry *geo)
{
    size_t want = form->fields[i].max_chars + 1;
    return want < (size_t)geo->box_w ? (int)want : geo->box_w;
}

void form_draw(ui_form *form, WINDOW *win, int y, int x, int h, int w, int *cur_y, int *cur_x)
{
    form_row rows[64];
    form_geometry geo;
    size_t n = form->count < 64 ? form->count : 64;
    ui_form view = *form;
    view.count = n;
    form_layout(&view, w, rows, &geo);
    *cur_y = *cur_x = -1;
    /* scroll so that the focused field and its error are visible */
    if (n) {
        const form_row *fr = &rows[form->focus < n ? form->focus : 0];
        int bottom = fr->error_y >= 0 ? fr->error_y : fr->y;
        if (fr->y < form->top_row)
            form->top_row = fr->y;
        if (bottom >= form->top_row + h)
            form->top_row = bottom - h + 1;
        if (geo.height <= h)
            form->top_row = 0;
    }
    int top = form->top_row;
    for (size_t i = 0; i < n; i++) {
        ui_field *f = &form->fields[i];
        int ry = rows[i].y - top;
        int focused = i == form->focus;
        if (ry >= 0 && ry < h) {
            text_put(win, y + ry, x, geo.label_w, f->label,
                     theme_attr(focused ? TH_LABEL : TH_NORMAL));
            int bw = form_box_width(form, i, &geo), cx;
            field_draw_box(f, win, y + ry, x + geo.box_x, bw, focused, &cx);
            if (!(f->flags & (FIELD_HIDE_MAX | FIELD_PASSWORD))) {
                char buf[32];
                text_put(win, y + ry, x + geo.box_x + bw + 1, w - geo.box_x - bw - 1,
                         field_max_text(f, buf, sizeof buf), theme_attr(TH_MUTED));
            }
            if (focused)
                *cur_y = y + ry, *cur_x = cx;
        }
        int ey = rows[i].error_y - top;
        if (rows[i].error_y >= 0 && ey >= 0 && ey < h)
            text_put(win, y + ey, x + geo.box_x, w - geo.box_x, f->error, theme_attr(TH_ERROR));
    }
    if (form->message[0]) {
        int my = geo.height - text_wrap_count(form->message, w) - top;
        if (my >= 0 && my < h)
            text_put_wrapped(win, y + my, x, w, h - my, form->message,
                             theme_attr(form->message_error ? TH_ERROR : TH_OK));
    }
}
