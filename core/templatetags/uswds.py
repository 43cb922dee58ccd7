"""Render Django form fields with USWDS classes and accessible descriptions."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

# The USWDS class each kind of widget takes; anything else is a text-like input.
WIDGET_CLASSES = {
    "checkbox": "usa-checkbox__input",
    "radio": "usa-radio__input",
    "select": "usa-select",
    "selectmultiple": "usa-select",
    "textarea": "usa-textarea",
    "clearablefile": "usa-file-input",
    "file": "usa-file-input",
}


def described_by(field: BoundField) -> str:
    """The ids of the hint and error message that explain this field."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def uswds_widget(field: BoundField) -> SafeString:
    """The field's widget with its USWDS class, aria-describedby and aria-invalid."""
    css_class = WIDGET_CLASSES.get(field.widget_type, "usa-input")
    if field.errors and css_class in {"usa-input", "usa-select", "usa-textarea"}:
        css_class += f" {css_class}--error"
    # Labels are always shown, so allauth's placeholders would only repeat them.
    attrs: dict[str, str | bool] = {"class": css_class, "placeholder": False}
    if described := described_by(field):
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return field.widget_type == "checkbox"
