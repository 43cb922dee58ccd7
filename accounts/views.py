from allauth.account import views as allauth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View

from accounts.roles import Role
from accounts.rules import primary_role
from accounts.sealing import SealBroken, seal, unseal

LANDING_PAGES = {
    Role.AWARD_STAFF: "nominations:staff_home",
    Role.SELECTING_OFFICIAL: "selection:selection_home",
    Role.PANELIST: "reviews:panelist_home",
    Role.NOMINATOR: "nominations:my_nominations",
}

# Where allauth keeps a password reset key between opening the link and setting the
# password (allauth.account.views._password_reset.INTERNAL_RESET_SESSION_KEY).
RESET_SESSION_KEY = "_password_reset_key"
RESET_SEAL_PURPOSE = "session.password_reset_key"


class LandingView(LoginRequiredMixin, View):
    """Where everyone lands after signing in: the page of their main role."""

    def get(self, request):
        return redirect(LANDING_PAGES.get(primary_role(request.user), "nominations:my_nominations"))


class PasswordResetFromKeyView(allauth_views.PasswordResetFromKeyView):
    """allauth's page behind a password reset link, with the key sealed in the session.

    allauth moves the key from the link into the session and the browser on to a URL
    without it. Sessions are rows of the database, readable without SECRET_KEY, so the
    key is kept there sealed (`accounts.sealing`) and unsealed only while a request runs.
    """

    def dispatch(self, request, uidb36, key, **kwargs):
        session = request.session
        sealed = session.get(RESET_SESSION_KEY)
        if sealed:
            try:
                session[RESET_SESSION_KEY] = unseal(sealed, purpose=RESET_SEAL_PURPOSE)
            except SealBroken:
                del session[RESET_SESSION_KEY]
        try:
            return super().dispatch(request, uidb36, key, **kwargs)
        finally:
            plain = session.get(RESET_SESSION_KEY)
            if plain:
                session[RESET_SESSION_KEY] = seal(plain, purpose=RESET_SEAL_PURPOSE)
