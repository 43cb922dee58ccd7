"""Staff pages that run a cycle's panel: settings, invitations, chair, removal.

Award staff only (RoleRequiredMixin: others get 403 and the refusal is audited). Each
POST validates a form and calls one service from reviews/services/panel.py or
invitations.py; a WorkflowError becomes a message, never a stack trace. Objects in the
address are looked up within the cycle of the address, so a seat or invitation of
another cycle's panel is 404.

The panel is not made by visiting the page: a GET never writes. A cycle without a panel
shows a "Set up the panel" button, whose POST makes it (audited).
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views import View

from core.access import RoleRequiredMixin
from core.exceptions import WorkflowError
from nominations.models import Cycle
from reviews import rules
from reviews.forms.panel import InvitationForm, MemberRemoveForm, PanelSettingsForm
from reviews.models import PanelInvitation, PanelMember
from reviews.selectors.panel import (
    invitation_of_cycle,
    panel_is_open_for_changes,
    panel_member_of_cycle,
    panel_page,
)
from reviews.services.invitations import (
    INVITATION_DAYS,
    invitation_resend,
    invitation_revoke,
    panel_invite,
)
from reviews.services.panel import (
    editable_panel_fields,
    panel_member_remove,
    panel_member_set_chair,
    panel_setup,
    panel_update,
)

PAGE_TEMPLATE = "reviews/panel_manage.html"


class PanelStaffOnly(RoleRequiredMixin):
    allowed = rules.can_manage_panel


def panel_url(cycle_pk: int) -> str:
    return reverse("reviews:panel_manage", args=[cycle_pk])


def _page_or_404(cycle_pk: int):
    try:
        return panel_page(cycle_pk)
    except Cycle.DoesNotExist as error:
        raise Http404 from error


def render_panel_page(request, cycle_pk: int, *, settings_form=None, invite_form=None):
    page = _page_or_404(cycle_pk)
    open_for_changes = panel_is_open_for_changes(page.cycle)
    editable = (
        editable_panel_fields(page.panel, anyone_signed=page.anyone_signed)
        if page.panel
        else frozenset()
    )
    if page.panel and settings_form is None:
        settings_form = PanelSettingsForm(instance=page.panel, editable=editable)
    context = {
        "page": page,
        "cycle": page.cycle,
        "panel": page.panel,
        "open_for_changes": open_for_changes,
        "settings_editable": bool(editable),
        "statement_editable": "attestation_text" in editable,
        "settings_form": settings_form,
        "invite_form": invite_form or InvitationForm(),
    }
    return render(request, PAGE_TEMPLATE, context)


def _error_messages(request, error: WorkflowError) -> None:
    for problem in getattr(error, "problems", None) or [error.message]:
        messages.error(request, problem)


class PanelManageView(PanelStaffOnly, View):
    """GET: the panel page. POST: set the panel up, or save its settings."""

    def get(self, request, cycle_pk: int):
        return render_panel_page(request, cycle_pk)

    def post(self, request, cycle_pk: int):
        page = _page_or_404(cycle_pk)
        if page.panel is None:
            try:
                panel_setup(cycle=page.cycle, actor=request.user)
            except WorkflowError as error:
                _error_messages(request, error)
            else:
                messages.success(
                    request, "The panel is set up. Check its settings, then invite panelists."
                )
            return HttpResponseRedirect(panel_url(cycle_pk))
        editable = editable_panel_fields(page.panel, anyone_signed=page.anyone_signed)
        if not editable:
            messages.error(request, "Panel review has ended, so the panel can no longer change.")
            return HttpResponseRedirect(panel_url(cycle_pk))
        form = PanelSettingsForm(request.POST, instance=page.panel, editable=editable)
        if form.is_valid():
            try:
                panel_update(panel=page.panel, actor=request.user, fields=form.changed_settings())
            except WorkflowError as error:
                for problem in getattr(error, "problems", None) or [error.message]:
                    form.add_error(None, problem)
            else:
                messages.success(request, "The panel's settings are saved.")
                return HttpResponseRedirect(panel_url(cycle_pk))
        # A ModelForm's validation writes the posted values onto its instance; the page
        # shows the posted values in the form and nothing else reads the instance.
        return render_panel_page(request, cycle_pk, settings_form=form)


class PanelInviteView(PanelStaffOnly, View):
    def post(self, request, cycle_pk: int):
        page = _page_or_404(cycle_pk)
        form = InvitationForm(request.POST)
        if page.panel is None:
            raise Http404
        if form.is_valid():
            try:
                invitation = panel_invite(panel=page.panel, actor=request.user, **form.cleaned_data)
            except WorkflowError as error:
                for problem in getattr(error, "problems", None) or [error.message]:
                    form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    f"We emailed an invitation to {invitation.email}. The link works for "
                    f"{INVITATION_DAYS} days.",
                )
                return HttpResponseRedirect(panel_url(cycle_pk))
        return render_panel_page(request, cycle_pk, invite_form=form)


class _InvitationChangeView(PanelStaffOnly, View):
    def post(self, request, cycle_pk: int, invitation_pk: int):
        try:
            invitation = invitation_of_cycle(cycle_pk=cycle_pk, invitation_pk=invitation_pk)
        except PanelInvitation.DoesNotExist as error:
            raise Http404 from error
        try:
            message = self.change(invitation)
        except WorkflowError as error:
            _error_messages(request, error)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(panel_url(cycle_pk))


class InvitationResendView(_InvitationChangeView):
    def change(self, invitation: PanelInvitation) -> str:
        invitation_resend(invitation=invitation, actor=self.request.user)
        return f"We sent {invitation.email} a new link. The earlier link no longer works."


class InvitationRevokeView(_InvitationChangeView):
    def change(self, invitation: PanelInvitation) -> str:
        invitation_revoke(invitation=invitation, actor=self.request.user)
        return f"The invitation to {invitation.email} is revoked. Its link no longer works."


def _member_or_404(cycle_pk: int, member_pk: int) -> PanelMember:
    try:
        return panel_member_of_cycle(cycle_pk=cycle_pk, member_pk=member_pk)
    except PanelMember.DoesNotExist as error:
        raise Http404 from error


class MemberChairView(PanelStaffOnly, View):
    """POST chair=1 to make the panelist the chair (unsetting the old one), chair=0 to unset."""

    def post(self, request, cycle_pk: int, member_pk: int):
        member = _member_or_404(cycle_pk, member_pk)
        chair = request.POST.get("chair") == "1"
        try:
            panel_member_set_chair(member=member, actor=request.user, chair=chair)
        except WorkflowError as error:
            _error_messages(request, error)
        else:
            name = member.user.get_full_name()
            messages.success(
                request, f"{name} is now the chair." if chair else f"{name} is no longer the chair."
            )
        return HttpResponseRedirect(panel_url(cycle_pk))


class MemberRemoveView(PanelStaffOnly, View):
    """GET: confirm with a reason. POST: remove the panelist."""

    template_name = "reviews/panel_member_remove.html"

    def get(self, request, cycle_pk: int, member_pk: int):
        member = _member_or_404(cycle_pk, member_pk)
        return self.page(member, MemberRemoveForm())

    def post(self, request, cycle_pk: int, member_pk: int):
        member = _member_or_404(cycle_pk, member_pk)
        form = MemberRemoveForm(request.POST)
        if form.is_valid():
            try:
                panel_member_remove(
                    member=member, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except WorkflowError as error:
                for problem in getattr(error, "problems", None) or [error.message]:
                    form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    f"{member.user.get_full_name()} is removed from the panel. Their "
                    "submitted scores stay, marked as removed.",
                )
                return HttpResponseRedirect(panel_url(cycle_pk))
        return self.page(member, form)

    def page(self, member: PanelMember, form: MemberRemoveForm):
        context = {"member": member, "cycle": member.panel.cycle, "form": form}
        return render(self.request, self.template_name, context)


PREFIX = "staff/cycles/<int:cycle_pk>/panel/"
urlpatterns = [
    path(PREFIX, PanelManageView.as_view(), name="panel_manage"),
    path(f"{PREFIX}invite/", PanelInviteView.as_view(), name="panel_invite"),
    path(
        f"{PREFIX}invitations/<int:invitation_pk>/revoke/",
        InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(
        f"{PREFIX}invitations/<int:invitation_pk>/resend/",
        InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    path(f"{PREFIX}members/<int:member_pk>/chair/", MemberChairView.as_view(), name="member_chair"),
    path(
        f"{PREFIX}members/<int:member_pk>/remove/",
        MemberRemoveView.as_view(),
        name="member_remove",
    ),
]
