"""Forms for the email-login User: the admin's (no usernames, addresses stored
lower-case), the public sign-up's (allauth's, with the person's name) and an invited
person's new account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)

from accounts.invitations import NAME_PROBLEM
from accounts.models import User


class EmailUniqueMixin:
    """Stores the address lower-case and refuses one that differs only in case."""

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("A user with this email address already exists.")
        return email


class UserAdminCreationForm(EmailUniqueMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserAdminChangeForm(EmailUniqueMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class NominatorSignupForm(AllauthSignupForm):
    """allauth's sign-up, asking the person's name first: it greets them in our emails
    and fills in "Your full name" on each nomination they start, so they type it once.
    `AccountAdapter.save_user` stores it on the new account."""

    field_order = ["full_name", "email", "password1", "password2"]

    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="As you would like us to address you, for example Nadia Okafor.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def add_problems(self, problems: list[str]) -> None:
        """Show the problems `create_invited_account` found next to their fields: the
        name's beside the name, the password validators' beside the password."""
        for problem in problems:
            self.add_error("full_name" if problem == NAME_PROBLEM else "password1", problem)


class AccountSetupForm(forms.Form):
    """An invited person's new account (a panelist's, a member of staff's): their name and
    a password; the address is the invited one."""

    full_name = forms.CharField(label="Full name", max_length=200)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password (again)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def add_problems(self, problems: list[str]) -> None:
        """Show the problems `create_invited_account` found next to their fields: the
        name's beside the name, the password validators' beside the password."""
        for problem in problems:
            self.add_error("full_name" if problem == NAME_PROBLEM else "password1", problem)

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match.")
        elif first:
            candidate = get_user_model()(email=self.email, full_name=data.get("full_name", ""))
            try:
                validate_password(first, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
