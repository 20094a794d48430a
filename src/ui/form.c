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
    /* errors under the box, unless that column leaves too little room */
    geo->error_x = width - geo->box_x >= 40 ? geo->box_x : 0;
    geo->error_w = width - geo->error_x;
    if (geo->error_w < 1)
        geo->error_w = 1;
    int y = 0;
    for (size_t i = 0; i < form->count; i++) {
        rows[i].field = (int)i;
        rows[i].y = y++;
        rows[i].error_y = -1;
        rows[i].error_lines = 0;
        if (form->fields[i].error[0]) {
            rows[i].error_y = y;
            rows[i].error_lines = text_wrap_count(form->fields[i].error, geo->error_w);
            y += rows[i].error_lines;
        }
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
    /* When the whole form does not fit, the message is pinned at the bottom
     * of the rectangle and the fields scroll above it. */
    int msg_lines = form->message[0] ? text_wrap_count(form->message, w) : 0;
    int fields_h = h;
    int pinned = 0;
    if (msg_lines && geo.height > h) {
        if (msg_lines > h / 2)
            msg_lines = h / 2 > 0 ? h / 2 : 1;
        fields_h = h - msg_lines - 1;
        if (fields_h < 1)
            fields_h = 1;
        pinned = 1;
    }
    /* scroll so that the focused field and its error are visible */
    if (n) {
        const form_row *fr = &rows[form->focus < n ? form->focus : 0];
        int bottom = fr->error_y >= 0 ? fr->error_y + fr->error_lines - 1 : fr->y;
        if (fr->y < form->top_row)
            form->top_row = fr->y;
        if (bottom >= form->top_row + fields_h)
            form->top_row = bottom - fields_h + 1;
        if (fr->y < form->top_row)
            form->top_row = fr->y; /* an error taller than the area: its start */
        if (geo.height <= h)
            form->top_row = 0;
    }
    int top = form->top_row;
    for (size_t i = 0; i < n; i++) {
        ui_field *f = &form->fields[i];
        int ry = rows[i].y - top;
        int focused = i == form->focus;
        if (ry >= 0 && ry < fields_h) {
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
        if (rows[i].error_y < 0)
            continue;
        /* the error, one wrapped line at a time (each clipped to the area) */
        const char *s = f->error;
        for (int l = 0; l < rows[i].error_lines && *s; l++) {
            size_t next = 0, len = text_wrap(s, geo.error_w, &next);
            int ey = rows[i].error_y + l - top;
            if (ey >= 0 && ey < fields_h) {
                char line[sizeof f->error];
                snprintf(line, sizeof line, "%.*s", (int)len, s);
                text_put(win, y + ey, x + geo.error_x, geo.error_w, line, theme_attr(TH_ERROR));
            }
            if (!next)
                break;
            s += next;
        }
    }
    if (form->message[0]) {
        int my = pinned ? h - msg_lines : geo.height - msg_lines - top;
        if (my >= 0 && my < h)
            text_put_wrapped(win, y + my, x, w, h - my, form->message,
                             theme_attr(form->message_error ? TH_ERROR : TH_OK));
    }
}
