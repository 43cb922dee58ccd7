from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group

from accounts.roles import Role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is a Nominator; the other roles are granted by staff."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=Role.NOMINATOR))
        return user
