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
    """A role to give (`held`: those the person has, not offered) or to remove."""

    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        error_messages={"required": "Choose a role."},
    )

    def __init__(self, *args, held=frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label) for value, label in ROLE_CHOICES if value not in held
        ]


class MfaResetForm(forms.Form):
    reason = forms.CharField(
        label="How you confirmed who is asking",
        help_text="In person, or a call to a number you already hold for them.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how you confirmed who is asking, for the record."},
    )


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label="Why the account is deactivated",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the account is deactivated, for the record."},
    )
