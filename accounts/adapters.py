from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage

from accounts.roles import Role, roles_changed_by

# The context entries of allauth's emails that are single-use links.
ACCOUNT_LINKS = ("activate_url", "password_reset_url")


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up is a Nominator; the other roles are granted by staff.

    Account emails greet and sign off with the site's name and address, not the host name
    the request happened to use. `deliver` sends the rendered email; the deployed adapter
    (`nominations.account_mail.OutboxAccountAdapter`) hands it to the outbox instead.
    """

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The new account grants itself the role by signing up.
            with roles_changed_by(user):
                user.groups.add(Group.objects.get(name=Role.NOMINATOR))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "awards_site_name": settings.AWARDS_SITE_NAME,
            "awards_site_url": settings.AWARDS_SITE_URL,
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        link = next((context[key] for key in ACCOUNT_LINKS if context.get(key)), "")
        self.deliver(message, template=template_prefix.rsplit("/", 1)[-1], link=link)

    def deliver(self, message: EmailMessage, *, template: str, link: str) -> None:
        """Send `message` now; `link` is the single-use link in its body, if any."""
        message.send()
