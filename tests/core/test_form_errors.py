"""The "Error:" title prefix (core/templatetags/form_errors.py)."""

import pytest
from django import forms
from django.template import Context, Template


class NameForm(forms.Form):
    name = forms.CharField()


def prefix(**context) -> str:
    return Template("{% load form_errors %}{% error_title_prefix %}").render(Context(context))


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"form": NameForm(data={"name": ""})}, "Error: "),
        ({"form": NameForm(data={"name": "Ana"})}, ""),
        ({"form": NameForm()}, ""),  # not sent yet
        ({"invite_form": NameForm(data={})}, "Error: "),  # any name
        ({"sections": [("short", NameForm()), ("full", NameForm(data={}))]}, "Error: "),
        ({"sections": [("short", NameForm()), ("full", NameForm())]}, ""),
        ({"nested": [[[NameForm(data={})]]]}, ""),  # deeper than a page keeps its forms
        ({}, ""),
    ],
)
def test_error_title_prefix_only_for_a_bound_form_with_errors(context, expected):
    assert prefix(**context) == expected


class ChoicesForm(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    when = forms.SplitDateTimeField()
    note = forms.CharField()


@pytest.mark.parametrize(
    ("name", "control"),
    [("kind", "id_kind_0"), ("topics", "id_topics_0"), ("when", "id_when_0"), ("note", "id_note")],
)
def test_first_control_id_names_a_group_s_first_control(name, control):
    rendered = Template("{% load form_errors %}{{ field|first_control_id }}").render(
        Context({"field": ChoicesForm()[name]})
    )

    assert rendered == control
    assert f'id="{control}"' in str(ChoicesForm()[name])
