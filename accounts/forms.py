"""Forms for the email-login User: the admin's (no usernames, addresses stored
lower-case) and the public sign-up's (allauth's, with the person's name)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

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
