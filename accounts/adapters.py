from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group

from accounts.roles import Role, roles_changed_by


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is a Nominator; the other roles are granted by staff."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The new account grants itself the role by signing up.
            with roles_changed_by(user):
                user.groups.add(Group.objects.get(name=Role.NOMINATOR))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails greet and sign off with the site's name and address, not the
        host name the request happened to use."""
        context = {
            "awards_site_name": settings.AWARDS_SITE_NAME,
            "awards_site_url": settings.AWARDS_SITE_URL,
            **context,
        }
        super().send_mail(template_prefix, email, context)
