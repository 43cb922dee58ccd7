"""The page title of a form sent back with errors starts with "Error:" (docs/accessibility.md),
so that a screen reader's first words on the new page say it was refused."""

from django import template
from django.forms import BaseForm, CheckboxSelectMultiple, MultiWidget, RadioSelect

register = template.Library()


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " when a bound form of the page has errors, else "". The forms are the
    context's values, and those in its lists and tuples (the citations page's sections
    are (section, form) pairs)."""
    return "Error: " if any(_refused(value) for value in context.flatten().values()) else ""


def _refused(value, depth: int = 0) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, list | tuple) and depth < 2:
        return any(_refused(item, depth + 1) for item in value)
    return False


@register.filter
def first_control_id(field) -> str:
    """The id of the field's first control, where an error summary's link goes: a radio
    group's or a multi-part widget's first part ("id_kind_0"), else the field's own."""
    widget = field.field.widget
    if isinstance(widget, RadioSelect | CheckboxSelectMultiple | MultiWidget):
        return f"{field.auto_id}_0"
    return field.auto_id
