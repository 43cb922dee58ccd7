"""The attestation a panelist signs before seeing any nomination.

Only the seat's own panelist reaches it; anyone else with the Panelist role (no seat on
that panel, or a removed seat) is refused with 403, and the refusal is audited. An
unsigned seat shows the statement and the signing form (once panel review has ended,
the statement and why it can no longer be signed); a signed one shows what was signed,
by which typed name and when, read-only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views import View

from core.access import RoleRequiredMixin, audit_refusal
from core.exceptions import InvalidInput, WorkflowError
from reviews import rules
from reviews.forms.panel import AttestationForm
from reviews.models import PanelMember
from reviews.selectors.panel import panel_is_open_for_changes
from reviews.services.attestation import SIGNING_CLOSED_MESSAGE, attestation_sign

ATTESTATION_DENIED_ACTION = "panel.attest"


class AttestationView(RoleRequiredMixin, View):
    template_name = "reviews/attestation_sign.html"
    allowed = rules.can_view_panel_home

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and rules.can_view_panel_home(request.user):
            self.member = self.own_seat(kwargs["panel_pk"])
        return super().dispatch(request, *args, **kwargs)

    def own_seat(self, panel_pk: int) -> PanelMember:
        member = (
            PanelMember.objects.select_related("panel__cycle__program")
            .filter(panel_id=panel_pk, user=self.request.user)
            .first()
        )
        if member is None or not rules.can_sign_attestation(self.request.user, member):
            audit_refusal(self.request, action=ATTESTATION_DENIED_ACTION, obj=member)
            raise PermissionDenied("This is not your seat on the panel.")
        return member

    def get(self, request, panel_pk: int):
        return self.page(self.form())

    def post(self, request, panel_pk: int):
        if self.member.attested_at:
            return self.page(None)
        form = self.form(request.POST)
        if form.is_valid():
            try:
                attestation_sign(
                    member=self.member,
                    actor=request.user,
                    typed_name=form.cleaned_data["full_name"],
                    agreed=form.cleaned_data["agree"],
                )
            except InvalidInput as error:
                for problem in error.problems:
                    form.add_error(None, problem)
            except WorkflowError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    "Thank you. You have signed the attestation and can now see the panel's work.",
                )
                return HttpResponseRedirect(reverse("reviews:panelist_home"))
        return self.page(form)

    def form(self, data=None) -> AttestationForm:
        return AttestationForm(data, account_name=self.request.user.full_name)

    def page(self, form):
        member = self.member
        context = {
            "member": member,
            "panel": member.panel,
            "cycle": member.panel.cycle,
            "form": None if member.attested_at else form,
            "closed_message": ""
            if panel_is_open_for_changes(member.panel.cycle)
            else SIGNING_CLOSED_MESSAGE,
        }
        return render(self.request, self.template_name, context)


urlpatterns = [
    path("panels/<int:panel_pk>/attestation/", AttestationView.as_view(), name="attestation_sign"),
]
