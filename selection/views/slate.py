"""The slate and the decision memo (staff; the memo also for the selecting official).

The slate's rows carry the panel's figures, which `selection.selectors.slate` assembles
from the panel's results (`reviews`, the floor below).
"""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.rules import primary_role
from core.access import RoleRequiredMixin, StaffOnly
from core.downloads import PDF, download
from core.exceptions import InvalidInput, WorkflowError
from core.paging import page_context
from core.pdf.signing import SigningUnavailable, sign_pdf
from core.services.audit import audit_record
from core.snapshot import consistent_reads
from nominations import rules
from nominations.models import Cycle, Nomination, SelectionDecision
from nominations.states import CycleState, NominationState
from nominations.views.parties import refuse_a_party
from reviews.selectors.results import results_hidden_from
from selection.forms.slate import BriefingNoteForm
from selection.pdf.decision_memo import MARKING, render_decision_memo
from selection.selectors.slate import SLATE_FILTERS, decision_memo_for, slate_for_cycle
from selection.services.slate import (
    NOTE_CYCLE_STATES,
    slate_advance,
    slate_not_advance,
    slate_note_update,
)

# The memo exists once the slate is sent for selection, and stays for the record.
logger = logging.getLogger(__name__)

MEMO_CYCLE_STATES = frozenset({CycleState.SELECTION, CycleState.ANNOUNCED, CycleState.ARCHIVED})


def _slate_url(cycle_pk: int) -> str:
    return reverse("selection:slate", args=[cycle_pk])


SLATE_PAGE_SIZE = 100
FILTER_LABELS = {
    "all": "All reviewed",
    "undecided": "Still to decide",
    "advanced": "Advanced",
    "not_advanced": "Not advanced",
}
EMPTY_MESSAGES = {
    "all": "No nomination has been reviewed by the panel in this cycle.",
    "undecided": "Every reviewed nomination is decided.",
    "advanced": "No nomination is advanced to the slate.",
    "not_advanced": "No reviewed nomination is set aside.",
}


class CycleMixin:
    @cached_property
    def cycle(self) -> Cycle:
        return get_object_or_404(Cycle.objects.select_related("program"), pk=self.kwargs["pk"])


class SlateView(StaffOnly, CycleMixin, TemplateView):
    """Every reviewed nomination in the panel's rank order, with its figures and what
    staff have decided, and a way to advance or set aside each one still in review; a
    hundred a page, all of them or those of one staff decision."""

    template_name = "selection/slate.html"

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        show = self.request.GET.get("show")
        if show not in SLATE_FILTERS:
            show = "all"
        hidden = results_hidden_from(user=self.request.user, cycle=cycle)
        # A page number out of range shows the last page, anything else the first.
        with consistent_reads():
            slate = slate_for_cycle(cycle, hidden=hidden, show=show)
            paged = page_context(
                slate.rows,
                size=SLATE_PAGE_SIZE,
                number=self.request.GET.get("page"),
                query=urlencode({"show": show}),
            )
            undecided = slate.undecided
        decided = SelectionDecision.objects.filter(cycle=cycle).exists()
        return {
            **super().get_context_data(**kwargs),
            **paged,
            "cycle": cycle,
            "slate": slate,
            "filters": [(key, label, key == show) for key, label in FILTER_LABELS.items()],
            "filter_label": FILTER_LABELS[show],
            "empty_message": EMPTY_MESSAGES[show],
            "undecided": undecided,
            "can_advance": cycle.state == CycleState.REVIEW,
            "notes_editable": cycle.state in NOTE_CYCLE_STATES and not decided,
            "memo_ready": cycle.state in MEMO_CYCLE_STATES,
        }


class SlateEntryView(StaffOnly, CycleMixin, FormView):
    """One reviewed nomination: advance it with a briefing note, or change its note."""

    template_name = "selection/slate_entry.html"
    form_class = BriefingNoteForm

    @cached_property
    def row(self):
        cycle = self.cycle
        hidden = results_hidden_from(user=self.request.user, cycle=cycle)
        with consistent_reads():
            row = slate_for_cycle(cycle, hidden=hidden).row_of(self.kwargs["nomination_pk"])
        if row is None:
            raise Http404
        refuse_a_party(
            self.request,
            nominations=Nomination.objects.filter(pk=row.nomination.pk),
            obj=row.nomination,
            what="briefing note",
        )
        return row

    @cached_property
    def decided(self) -> bool:
        return SelectionDecision.objects.filter(cycle=self.cycle).exists()

    def mode(self) -> str:
        """ "advance", "edit", or "" when the note can no longer change."""
        state = self.row.nomination.state
        if state == NominationState.IN_REVIEW and self.cycle.state == CycleState.REVIEW:
            return "advance"
        if (
            state == NominationState.SHORTLISTED
            and self.cycle.state in NOTE_CYCLE_STATES
            and not self.decided
        ):
            return "edit"
        return ""

    def get_initial(self):
        return {"briefing_note": self.row.briefing_note}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "row": self.row,
            "mode": self.mode(),
        }

    def form_valid(self, form):
        nomination = self.row.nomination
        mode = self.mode()
        service = {"advance": slate_advance, "edit": slate_note_update}.get(mode)
        if service is None:
            form.add_error(None, "This nomination's briefing note can no longer change.")
            return self.form_invalid(form)
        try:
            service(
                nomination=nomination,
                actor=self.request.user,
                briefing_note=form.cleaned_data["briefing_note"],
            )
        except InvalidInput as error:
            form.add_error("briefing_note", error.message)
            return self.form_invalid(form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        done = "advanced to the slate" if mode == "advance" else "has a new briefing note"
        messages.success(self.request, f"{nomination.reference} {done}.")
        return HttpResponseRedirect(_slate_url(self.cycle.pk))


class SlateNotAdvanceView(StaffOnly, View):
    """POST: leave a reviewed nomination off the slate."""

    def post(self, request, pk: int, nomination_pk: int):
        nomination = get_object_or_404(
            Nomination.objects.select_related("cycle__program", "nominee"),
            pk=nomination_pk,
            cycle_id=pk,
        )
        try:
            slate_not_advance(nomination=nomination, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{nomination.reference} is not advanced to the slate.")
        return HttpResponseRedirect(_slate_url(pk))


# -- the decision memo ---------------------------------------------------------------------


def can_read_memo(user) -> bool:
    return rules.is_award_staff(user) or rules.is_selecting_official(user)


class MemoMixin(CycleMixin):
    allowed = staticmethod(can_read_memo)

    def memo(self):

        cycle = self.cycle
        if cycle.state not in MEMO_CYCLE_STATES:
            raise Http404("The decision memo is ready once the slate is sent for selection.")
        # A reader who is a party to a nomination on it reads the memo without its figures
        # and briefing note.
        hidden = results_hidden_from(user=self.request.user, cycle=cycle)
        office = f"{cycle.program.short_name} award staff"
        user = self.request.user
        # FROM: the member of staff who made it, for the award office; the selecting
        # official's own copy comes from the office.
        sender = (
            f"{user.full_name}, {office}"
            if rules.is_award_staff(user) and user.full_name
            else office
        )
        return decision_memo_for(cycle, author=office, sender=sender, hidden=hidden)


class DecisionMemoView(MemoMixin, RoleRequiredMixin, TemplateView):
    template_name = "selection/decision_memo.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "memo": self.memo(),
            "marking": MARKING,
            "is_staff": rules.is_award_staff(self.request.user),
        }


class DecisionMemoPdfView(MemoMixin, RoleRequiredMixin, View):
    """The memo as a PDF attachment, signed by the office; every download is audited."""

    def get(self, request, pk: int):
        memo = self.memo()
        cycle = self.cycle
        try:
            content = sign_pdf(
                render_decision_memo(memo),
                reason=f"Decision memorandum: the {cycle.award_year} {cycle.program.name}",
            )
        except SigningUnavailable as error:
            logger.error("Decision memo of %s not signed: %s", cycle, error)
            messages.error(
                request,
                "The memo cannot be downloaded: the office's signing key is not configured. "
                "Ask the operators to configure it.",
            )
            return HttpResponseRedirect(reverse("selection:decision_memo", args=[cycle.pk]))
        role = primary_role(request.user)
        audit_record(
            action="decision_memo.download",
            actor=request.user,
            obj=cycle,
            role=role.value if role else "",
            data={"slate": [row.reference for row in memo.rows]},
        )
        filename = f"decision-memo-{cycle.program.reference_prefix}-{cycle.award_year}"
        return download(content, filename=f"{filename}.pdf", content_type=PDF)


urlpatterns = [
    path("staff/cycles/<int:pk>/slate/", SlateView.as_view(), name="slate"),
    path(
        "staff/cycles/<int:pk>/slate/<int:nomination_pk>/",
        SlateEntryView.as_view(),
        name="slate_entry",
    ),
    path(
        "staff/cycles/<int:pk>/slate/<int:nomination_pk>/not-advance/",
        SlateNotAdvanceView.as_view(),
        name="slate_not_advance",
    ),
    path(
        "staff/cycles/<int:pk>/decision-memo/",
        DecisionMemoView.as_view(),
        name="decision_memo",
    ),
    path(
        "staff/cycles/<int:pk>/decision-memo.pdf",
        DecisionMemoPdfView.as_view(),
        name="decision_memo_pdf",
    ),
]
