from urllib.parse import quote

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

    def is_open_for_signup(self, request) -> bool:
        """Sign-up with a password, unless AWARDS_LOCAL_SIGNUP is off (an agency that signs
        the public in through Login.gov only); sign-up through an identity provider has
        its own answer (core.federated_sign_in)."""
        return settings.AWARDS_LOCAL_SIGNUP

    def save_user(self, request, user, form, commit=True):
        # The name the sign-up form asks (accounts.forms.NominatorSignupForm).
        user.full_name = form.cleaned_data.get("full_name", "") or user.full_name
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The new account grants itself the role by signing up.
            with roles_changed_by(user):
                user.groups.add(Group.objects.get(name=Role.NOMINATOR))
        return user

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link, carrying on the page the person was going to (`next`,
        e.g. the nomination they were starting) when the sign-up or sign-in named one.

        In the browser that signed up, allauth signs the person in on confirmation and
        returns them there itself; the `next` in the link does the same when the email
        is opened elsewhere (another browser, or after the session ended): confirming
        leads there, through the sign-in page.
        """
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = request.POST.get("next", "") if request is not None else ""
        if next_url and self.is_safe_url(next_url):
            url += "?next=" + quote(next_url, safe="")
        return url

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
