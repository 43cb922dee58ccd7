"""Inviting award staff and selecting officials (staff), and the invitation link (the
invitee).

The link is public: it is the credential. A link that cannot be used answers with a
page that says only why (404 for one that never existed, 410 Gone for one used,
withdrawn or expired), naming neither the role nor the address. A usable link, by who
opens it:
- no account exists for the invited address: the visitor sets one up there (name and
  password; the address is the invited one, verified by the link) and is signed in
  through allauth's login flow, which then asks for their second factor's enrolment;
- the invited account, signed in: confirms and gets the role;
- nobody signed in, and an account exists: asked to sign in, then open the link again;
- someone else signed in: asked to sign out first.
"""

from allauth.account.utils import perform_login
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView

from accounts.forms import AccountSetupForm
from core.access import StaffOnly
from core.downloads import private
from core.exceptions import InvalidInput, WorkflowError
from people.forms import RoleInviteForm
from people.models import RoleInvitation
from people.selectors.invitations import (
    RoleInvitationLinkError,
    invitation_for_token,
    waiting_invitations,
)
from people.services.invitations import (
    INVITATION_DAYS,
    invitation_account_exists,
    role_invitation_accept,
    role_invitation_revoke,
    role_invite,
)


class RoleInviteView(StaffOnly, FormView):
    """Invite someone new as award staff or selecting official; the invitations still
    waiting, each with a button to withdraw it."""

    template_name = "people/invite.html"
    form_class = RoleInviteForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "invitations": waiting_invitations(),
            "days": INVITATION_DAYS,
        }

    def form_valid(self, form):
        try:
            invitation = role_invite(actor=self.request.user, **form.cleaned_data)
        except InvalidInput as error:
            form.add_error("email", error.message)
            return self.form_invalid(form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Invitation sent to {invitation.email} as {invitation.role.lower()}. The link "
            f"works for {INVITATION_DAYS} days.",
        )
        return HttpResponseRedirect(reverse("people:invite"))


class RoleInvitationRevokeView(StaffOnly, View):
    def post(self, request, pk: int):
        invitation = RoleInvitation.objects.filter(pk=pk).first()
        if invitation is None:
            raise Http404("No such invitation.")
        try:
            role_invitation_revoke(actor=request.user, invitation=invitation)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
        return HttpResponseRedirect(reverse("people:invite"))


class RoleInvitationAcceptView(View):
    template_name = "people/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitation_for_token(kwargs["token"])
        except RoleInvitationLinkError as error:
            return link_error_response(request, error)
        self.account_exists = invitation_account_exists(self.invitation)
        return private(super().dispatch(request, *args, **kwargs))

    def get(self, request, token: str):
        form = None
        if self.mode() == "setup":
            form = AccountSetupForm(
                initial={"full_name": self.invitation.full_name}, email=self.invitation.email
            )
        return self.page(form)

    def post(self, request, token: str):
        mode = self.mode()
        if mode in ("confirm", "other_account"):
            # Someone else signed in is refused by the service, which records the attempt.
            return self.accept(user=request.user)
        if mode != "setup":
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
            account = role_invitation_accept(invitation=self.invitation, user=user, **fields)
        except RoleInvitationLinkError as error:
            return link_error_response(self.request, error)
        except InvalidInput as error:
            if form is None:
                return self.page(None, error=error.message)
            form.add_problems(error.problems)
            return self.page(form)
        except WorkflowError as error:
            return self.page(form, error=error.message)
        landing = reverse("accounts:landing")
        if user is None:
            return perform_login(self.request, account, redirect_url=landing, email=account.email)
        messages.success(self.request, f"You now have the role {self.invitation.role}.")
        return HttpResponseRedirect(landing)

    def mode(self) -> str:
        """setup (new account), confirm (the invited account is signed in), sign_in, or
        other_account (someone else is signed in)."""
        user = self.request.user
        if not user.is_authenticated:
            return "sign_in" if self.account_exists else "setup"
        if self.account_exists and user.email.lower() == self.invitation.email.lower():
            return "confirm"
        return "other_account"

    def page(self, form, *, error: str | None = None):
        context = {
            "invitation": self.invitation,
            "mode": self.mode(),
            "form": form,
            "error": error,
        }
        return render(self.request, self.template_name, context)


def link_error_response(request, error: RoleInvitationLinkError):
    response = render(
        request,
        "people/invitation_invalid.html",
        {"message": error.message},
        status=error.status,
    )
    return private(response)


urlpatterns = [
    path("staff/people/invite/", RoleInviteView.as_view(), name="invite"),
    path(
        "staff/people/invitations/<int:pk>/withdraw/",
        RoleInvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("join/<str:token>/", RoleInvitationAcceptView.as_view(), name="invitation_accept"),
]
