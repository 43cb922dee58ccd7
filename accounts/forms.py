"""Admin forms for the email-login User: no usernames, addresses stored lower-case."""

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
