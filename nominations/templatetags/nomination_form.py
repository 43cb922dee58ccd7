"""Widgets of the nomination form: USWDS classes, and descriptions that autosave updates;
and, for any form's date and time the clocks repeat, the choice of its moment.

Each field's error message element is always in the page (empty and hidden when there is
no error), so that autosave can swap in a new message and `aria-describedby` always
points at an element that exists.
"""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from core.templatetags.uswds import WIDGET_CLASSES
from nominations.domain.citations import word_count

register = template.Library()


@register.simple_tag
def nomination_widget(field: BoundField) -> SafeString:
    css_class = WIDGET_CLASSES.get(field.widget_type, "usa-input")
    if field.errors and css_class in {"usa-input", "usa-select", "usa-textarea"}:
        css_class += f" {css_class}--error"
    if field.widget_type in {"checkbox", "radio"}:
        return field.as_widget(attrs={"class": css_class})
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if "data-word-limit" in field.field.widget.attrs:
        described.append(f"{field.auto_id}-count")
    described.append(f"{field.auto_id}-error")
    attrs: dict[str, str] = {"class": css_class, "aria-describedby": " ".join(described)}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def word_total(field: BoundField) -> int:
    return word_count(str(field.value() or ""))


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return field.widget_type == "checkbox"


@register.filter
def reading_choice(field: BoundField) -> BoundField | None:
    """The radio group asking which moment a wall-clock time the clocks repeat means
    (nominations/forms/moments.py), when the field's form offers one."""
    offer = getattr(field.form, "reading_choice", None)
    return offer(field.name) if offer else None


@register.filter
def word_limit(field: BoundField) -> int | None:
    value = field.field.widget.attrs.get("data-word-limit")
    return int(value) if value else None
