"""Award staff's page for one nomination, and the one-click transitions it offers."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from core.exceptions import WorkflowError
from nominations import rules
from nominations.domain.fields import AREA_FIELDS, CRITERION_FIELDS
from nominations.selectors.attachments import nomination_files_context
from nominations.selectors.award import ISSUABLE_STATES, certificate_panel
from nominations.selectors.duplicates import duplicates_of
from nominations.selectors.outbox import outbox_for_nomination
from nominations.selectors.staff_detail import (
    chosen_labels,
    flag_endorser_addresses,
    info_request_status,
    moves_of_others,
    nomination_for_staff,
    nomination_timeline,
    transition_buttons,
    version_history,
)
from nominations.selectors.vetting import checklist_for_nomination
from nominations.services import nomination as nomination_services
from nominations.states import FINAL_STATES, PANEL_REVIEWED_STATES

# The transitions a click can make, each with its service. Anything else in the URL is
# a 404: the name is looked up here, never on the model.
SIMPLE_TRANSITIONS = {
    "start_vetting": nomination_services.nomination_start_vetting,
    "clear": nomination_services.nomination_clear,
    "send_to_panel": nomination_services.nomination_send_to_panel,
    "not_advance": nomination_services.nomination_not_advance,
    "award": nomination_services.nomination_award,
}


class StaffNominationView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/staff_nomination_detail.html"
    allowed = rules.is_award_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination = nomination_for_staff(self.kwargs["pk"])
        files = nomination_files_context(nomination)
        flag_endorser_addresses(nomination, files["endorsement_requests"])
        party = rules.is_party_to(self.request.user, nomination)
        # A party does not read the panel's data on it (reviewers, conflicts, scores).
        timeline = nomination_timeline(nomination, panel_data=not party)
        buttons = transition_buttons(nomination, self.request.user)
        context |= {
            "nomination": nomination,
            "cycle": nomination.cycle,
            "nominee": nomination.nominee,
            "files": files,
            "versions": version_history(nomination),
            "timeline": timeline,
            "info_request": info_request_status(nomination, timeline),
            "buttons": buttons,
            "enabled_buttons": [button for button in buttons if button.enabled],
            "blocked_buttons": [button for button in buttons if not button.enabled],
            "moves_of_others": moves_of_others(nomination),
            "final_state": nomination.state in FINAL_STATES,
            "own_nomination": party,
            "criteria": chosen_labels(nomination, CRITERION_FIELDS),
            "areas": chosen_labels(nomination, AREA_FIELDS),
            **staff_panels(nomination),
            "panel_reviewed": nomination.state in PANEL_REVIEWED_STATES,
            # Only a selected or awarded nomination has, or can get, a certificate.
            "certificate_panel": certificate_panel(nomination)
            if nomination.state in ISSUABLE_STATES
            else None,
        }
        return context


class NominationTransitionView(RoleRequiredMixin, View):
    """POST only: make one of SIMPLE_TRANSITIONS, then go back to the detail page."""

    allowed = rules.is_award_staff

    def post(self, request, pk, name):
        service = SIMPLE_TRANSITIONS.get(name)
        if service is None:
            raise Http404
        nomination = nomination_for_staff(pk)
        try:
            service(nomination=nomination, actor=request.user)
        except WorkflowError as error:
            # The service recorded the refusal ("nomination.<name>", denied).
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{nomination.reference} is now {nomination.get_state_display().lower()}.",
            )
        return HttpResponseRedirect(reverse("nominations:staff_nomination", args=[pk]))


def staff_panels(nomination) -> dict:
    """The checklist, duplicates and outbox panels' context (their own selectors)."""
    return {
        "checklist": checklist_for_nomination(nomination),
        "duplicates": duplicates_of(nomination),
        "outbox_messages": outbox_for_nomination(nomination),
    }


urlpatterns = [
    path(
        "staff/nominations/<int:pk>/",
        StaffNominationView.as_view(),
        name="staff_nomination",
    ),
    path(
        "staff/nominations/<int:pk>/transitions/<slug:name>/",
        NominationTransitionView.as_view(),
        name="staff_transition",
    ),
]
