"""The invitation link: an invitee accepts and sets up their panelist account.

Public: the link itself is the credential. A link that cannot be used answers with a
page that says only why (404 for a link that never existed or was replaced by a resend,
410 Gone for one used, revoked or expired), naming neither the panel nor the address.

A usable link, depending on who opens it:
- an account exists for the invited address: its owner, signed in, confirms and joins;
  anyone not signed in is asked to sign in and comes back to the link through
  `invitations/resume/`: the token waits in the session sealed under a key derived from
  SECRET_KEY (`accounts.sealing`), never in the sign-in's `next`, which allauth keeps in
  the session in clear while a second factor is pending;
- no account exists: the visitor sets one up there (name and password; the address is
  the invited one, verified by the link) and is signed in through allauth's login flow;
- signed in as someone else: asked to sign out first.
Then on to multi-factor enrolment when the panelist still needs it (the MFA middleware
would send them there anyway), else straight to the panel's attestation.
"""

from allauth.account.utils import perform_login
from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views import View

from accounts.forms import AccountSetupForm
from accounts.middleware import has_strong_authenticator
from accounts.rules import needs_mfa
from accounts.sealing import SealBroken, seal, unseal
from core.downloads import private
from core.exceptions import InvalidInput, WorkflowError
from reviews.models import PanelInvitation, PanelMember
from reviews.selectors.panel import InvitationLinkError, invitation_for_token
from reviews.services.invitations import invitation_accept, invitation_account_exists

# The session key and sealing purpose of a link waiting for its invitee to sign in.
PENDING_INVITATION = "panel_invitation_pending"


def onward_url(user, member: PanelMember) -> str:
    """Where a new panelist goes: MFA enrolment if they still need it, else the attestation."""
    if settings.AWARDS_REQUIRE_MFA and needs_mfa(user) and not has_strong_authenticator(user):
        return reverse("mfa_activate_totp")
    return reverse("reviews:attestation_sign", args=[member.panel_id])


class InvitationAcceptView(View):
    template_name = "reviews/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitation_for_token(kwargs["token"])
        except InvitationLinkError as error:
            return link_error_response(request, error)
        self.account_exists = invitation_account_exists(self.invitation)
        return private(super().dispatch(request, *args, **kwargs))

    def get(self, request, token: str):
        return self.page(self.blank_form())

    def post(self, request, token: str):
        user = request.user
        if self.mode() == "confirm":
            return self.accept(user=user)
        if self.mode() != "setup":
            return self.page(None)
        form = AccountSetupForm(request.POST, email=self.invitation.email)
        if not form.is_valid():
            return self.page(form)
        return self.accept(
            form=form,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )

    def accept(self, *, user=None, form=None, **fields):
        try:
            member = invitation_accept(invitation=self.invitation, user=user, **fields)
        except InvitationLinkError as error:
            return link_error_response(self.request, error)
        except InvalidInput as error:
            if form is None:
                return self.page(None, error=error.message)
            form.add_problems(error.problems)
            return self.page(form)
        except WorkflowError as error:
            return self.page(form, error=error.message)
        if user is None:
            return perform_login(
                self.request,
                member.user,
                redirect_url=onward_url(member.user, member),
                email=member.user.email,
            )
        return HttpResponseRedirect(onward_url(user, member))

    def mode(self) -> str:
        """setup (new account), confirm (the invited account is signed in), sign_in, or
        other_account (someone else is signed in)."""
        user = self.request.user
        if not user.is_authenticated:
            return "sign_in" if self.account_exists else "setup"
        if self.account_exists and user.email.lower() == self.invitation.email.lower():
            return "confirm"
        return "other_account"

    def blank_form(self):
        if self.mode() != "setup":
            return None
        return AccountSetupForm(
            initial={"full_name": self.invitation.full_name}, email=self.invitation.email
        )

    def page(self, form, *, error: str | None = None):
        invitation: PanelInvitation = self.invitation
        context = {
            "invitation": invitation,
            "cycle": invitation.panel.cycle,
            "program": invitation.panel.cycle.program,
            "mode": self.mode(),
            "form": form,
            "error": error,
            "sign_in_url": self.sign_in_url(),
        }
        return render(self.request, self.template_name, context)

    def sign_in_url(self) -> str:
        """Sign in, then back to this link by way of `InvitationResumeView`; the token
        waits sealed in the session, not in the URL allauth remembers."""
        if self.mode() != "sign_in":
            return ""
        self.request.session[PENDING_INVITATION] = seal(
            self.kwargs["token"], purpose=PENDING_INVITATION
        )
        next_url = reverse("reviews:invitation_resume")
        return reverse("account_login") + "?" + urlencode({"next": next_url})


class InvitationResumeView(View):
    """After signing in: back to the invitation link the session holds, sealed."""

    def get(self, request):
        sealed = request.session.pop(PENDING_INVITATION, "")
        try:
            token = unseal(sealed, purpose=PENDING_INVITATION) if sealed else ""
        except SealBroken:
            token = ""
        if not token:
            return link_error_response(
                request,
                InvitationLinkError(
                    "This page only brings you back to a panel invitation after you sign "
                    "in. Open the link in your invitation email again.",
                    reason="unknown",
                ),
            )
        return private(HttpResponseRedirect(reverse("reviews:invitation_accept", args=[token])))


def link_error_response(request, error: InvitationLinkError):
    response = render(
        request,
        "reviews/invitation_invalid.html",
        {"message": error.message, "reason": error.reason},
        status=error.status,
    )
    return private(response)


urlpatterns = [
    path("invitations/resume/", InvitationResumeView.as_view(), name="invitation_resume"),
    path("invitations/<str:token>/", InvitationAcceptView.as_view(), name="invitation_accept"),
]
