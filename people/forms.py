"""The people pages' forms. They only say what was sent; the services judge it."""

from django import forms

from accounts.roles import Role
from people.rules import INVITED_ROLES
from people.services.accounts import REASON_MAX

ROLE_CHOICES = [(role.value, role.value) for role in Role]


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Name or email address", required=False, max_length=200)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *ROLE_CHOICES]
    )


class RoleInviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their work address: the invitation goes there, and it becomes their sign-in.",
        error_messages={
            "required": "Enter the person's email address.",
            "invalid": "Enter the person's email address, like name@agency.gov.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(role.value, role.value) for role in INVITED_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose award staff or selecting official."},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        error_messages={"required": "Choose a role."},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason, for the record."},
    )
