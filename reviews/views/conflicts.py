"""Declaring conflicts (panelists) and deciding them (staff).

A panelist with a signed, active seat lists the panel's nominations and declares a
conflict with any of them; anyone else is refused with 403 and the attempt is audited.
Staff see a cycle's conflicts by status, ask the system for likely ones, and confirm,
dismiss or waive each with a reason. Conflicts change only while the cycle is closed or
in review (`rules.conflicts_may_change`); afterwards every page says so where its action
would be, and offers none.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views import View

from core.access import RoleRequiredMixin, audit_refusal
from core.exceptions import WorkflowError
from core.paging import page_context
from nominations.models import Cycle, Nomination
from nominations.selectors.parties import party_nomination_ids
from reviews import rules
from reviews.access import PANEL_ACCESS_DENIED_ACTION, refuse_panel_access
from reviews.forms.conflicts import ConflictDecideForm, ConflictDeclareForm
from reviews.models import Conflict, Panel
from reviews.selectors.blind import sees_blind
from reviews.selectors.conflicts import (
    conflict_status_counts,
    cycle_conflicts,
    panel_nominations_for,
)
from reviews.services.conflicts import (
    DECISION_PAST,
    DECISIONS,
    conflict_decide,
    conflict_declare,
    conflicts_suggest,
)
from reviews.states import BLOCKING_STATUSES, ConflictStatus


def conflict_list_url(cycle_id: int) -> str:
    return reverse("reviews:conflict_list", args=[cycle_id])


PANEL_NOMINATIONS_PAGE_SIZE = 100


class PanelNominationsView(RoleRequiredMixin, View):
    """The panel's nominations for a signed panelist, to declare conflicts from, a
    hundred a page."""

    allowed = rules.is_panelist
    template_name = "reviews/panel_nominations.html"

    def get(self, request, panel_pk):
        panel = get_object_or_404(Panel.objects.select_related("cycle__program"), pk=panel_pk)
        seat = rules.signed_seat_on(request.user, panel)
        if seat is None or panel.cycle.state not in rules.PANEL_CYCLE_STATES:
            audit_refusal(
                request,
                action=PANEL_ACCESS_DENIED_ACTION,
                obj=panel,
                note=f"panel nominations: {request.method} {request.path}",
            )
            raise PermissionDenied("Only signed members of this panel see its nominations.")
        paged = page_context(
            panel_nominations_for(seat),
            size=PANEL_NOMINATIONS_PAGE_SIZE,
            number=request.GET.get("page"),
        )
        context = {
            **paged,
            "panel": panel,
            "seat": seat,
            "nominations": paged["rows"],
            "blind": sees_blind(request.user, panel),
            "may_declare": rules.conflicts_may_change(panel.cycle),
            "closed_message": rules.CONFLICTS_CLOSED_MESSAGE,
        }
        return render(request, self.template_name, context)


class ConflictDeclareView(RoleRequiredMixin, View):
    """GET: the declaration form. POST: declare, then back to the panel's nominations."""

    allowed = rules.is_panelist
    template_name = "reviews/conflict_declare.html"

    def get(self, request, pk):
        nomination, seat = self.load()
        return self.page(nomination, seat, ConflictDeclareForm())

    def post(self, request, pk):
        nomination, seat = self.load()
        form = ConflictDeclareForm(request.POST)
        if not form.is_valid():
            return self.page(nomination, seat, form)
        try:
            conflict_declare(
                nomination=nomination,
                member=seat,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, seat, form)
        messages.success(
            request,
            f"Your conflict with {nomination.reference} is recorded. You will not see or "
            "score this nomination, and award staff will fill your place if you were assigned.",
        )
        return HttpResponseRedirect(reverse("reviews:panel_nominations", args=[seat.panel_id]))

    def load(self):
        nomination = get_object_or_404(
            Nomination.objects.select_related("cycle__program", "nominee"), pk=self.kwargs["pk"]
        )
        user = self.request.user
        seat = rules.seat_for(user, nomination.cycle)
        # A panelist who may still open the nomination after conflicts closed is told why
        # they cannot declare; everyone else is refused.
        if seat is None or not (
            rules.can_declare_conflict(user, nomination, seat=seat)
            or rules.can_open_nomination(user, nomination, seat=seat)
        ):
            refuse_panel_access(self.request, nomination=nomination, what="conflict declaration")
        return nomination, seat

    def page(self, nomination, seat, form):
        existing = (
            Conflict.objects.filter(nomination=nomination, member=seat)
            .values_list("status", flat=True)
            .first()
        )
        context = {
            "nomination": nomination,
            "seat": seat,
            "form": form,
            "already": existing in BLOCKING_STATUSES,
            "closed_message": ""
            if rules.conflicts_may_change(nomination.cycle)
            else rules.CONFLICTS_CLOSED_MESSAGE,
        }
        return render(self.request, self.template_name, context)


# -- staff ------------------------------------------------------------------------------


class StaffPanelMixin(RoleRequiredMixin):
    allowed = rules.can_manage_panel


class ConflictListView(StaffPanelMixin, View):
    """GET: the cycle's conflicts, all or one status. POST: check for likely conflicts."""

    template_name = "reviews/conflict_list.html"

    def get(self, request, cycle_pk):
        cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=cycle_pk)
        status = request.GET.get("status", "")
        if status not in ConflictStatus.values:
            status = ""
        # A nomination the viewer is a party to is not theirs to see conflicts of.
        withheld = party_nomination_ids(request.user, Nomination.objects.filter(cycle=cycle))
        conflicts = [
            conflict
            for conflict in cycle_conflicts(cycle, status=status)
            if conflict.nomination_id not in withheld
        ]
        may_change = rules.conflicts_may_change(cycle)
        for conflict in conflicts:
            conflict.decisions = [
                (decision, DECISION_PAST[decision])
                for decision, (allowed_from, _) in DECISIONS.items()
                if may_change and conflict.status in allowed_from
            ]
        context = {
            "cycle": cycle,
            "may_change": may_change,
            "closed_message": rules.CONFLICTS_CLOSED_MESSAGE,
            "has_panel": Panel.objects.filter(cycle=cycle).exists(),
            "conflicts": conflicts,
            "status": status,
            "counts": conflict_status_counts(cycle, leaving_out=withheld),
            "withheld": len(withheld),
        }
        return render(request, self.template_name, context)

    def post(self, request, cycle_pk):
        cycle = get_object_or_404(Cycle, pk=cycle_pk)
        try:
            created = conflicts_suggest(cycle=cycle, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            count = len(created)
            messages.success(
                request,
                f"{count} new possible conflict{'' if count == 1 else 's'} found."
                if count
                else "No new possible conflicts found.",
            )
        return HttpResponseRedirect(conflict_list_url(cycle.pk))


class ConflictDecideView(StaffPanelMixin, View):
    """GET: the reason form for one decision (?decision=confirm|dismiss|waive).
    POST: record the decision, then back to the cycle's conflicts."""

    template_name = "reviews/conflict_decide.html"

    def get(self, request, pk):
        conflict = self.load_for_decision()
        decision = request.GET.get("decision", "")
        if decision not in DECISIONS:
            raise Http404
        form = ConflictDecideForm(initial={"decision": decision})
        return self.page(conflict, form, decision, seen_status=conflict.status)

    def post(self, request, pk):
        conflict = self.load_for_decision()
        form = ConflictDecideForm(request.POST)
        decision = request.POST.get("decision", "")
        if decision not in DECISIONS:
            raise Http404
        if not form.is_valid():
            # The status the person saw stays what they saw, not what is stored now.
            seen = request.POST.get("seen_status", "")
            return self.page(conflict, form, decision, seen_status=seen or conflict.status)
        try:
            conflict_decide(
                conflict=conflict,
                actor=request.user,
                decision=decision,
                reason=form.cleaned_data["reason"],
                seen_status=form.cleaned_data["seen_status"],
            )
        except WorkflowError as error:
            conflict = self.load()  # the page shows the status that refused the decision
            form.add_error(None, error.message)
            # Shown the decision that refused theirs, they may now deliberately decide.
            return self.page(conflict, form, decision, seen_status=conflict.status)
        messages.success(
            request,
            f"The conflict of {conflict.member.user} with {conflict.nomination.reference} "
            f"is {DECISION_PAST[decision]}.",
        )
        return HttpResponseRedirect(conflict_list_url(conflict.nomination.cycle_id))

    def load(self) -> Conflict:
        return get_object_or_404(
            Conflict.objects.select_related(
                "nomination__cycle__program", "nomination__nominee", "member__user", "decided_by"
            ),
            pk=self.kwargs["pk"],
        )

    def load_for_decision(self) -> Conflict:
        """The conflict, refused (403, audited) to staff who are a party to its nomination."""
        conflict = self.load()
        if not rules.can_handle_panel_nomination(self.request.user, conflict.nomination):
            refuse_panel_access(
                self.request, nomination=conflict.nomination, what="conflict decision"
            )
        return conflict

    def page(self, conflict, form, decision, *, seen_status: str):
        context = {
            "seen_status": seen_status,
            "conflict": conflict,
            "form": form,
            "decision": decision,
            "decision_past": DECISION_PAST[decision],
            "allowed": conflict.status in DECISIONS[decision][0],
            "closed_message": ""
            if rules.conflicts_may_change(conflict.nomination.cycle)
            else rules.CONFLICTS_CLOSED_MESSAGE,
        }
        return render(self.request, self.template_name, context)


urlpatterns = [
    path(
        "panels/<int:panel_pk>/nominations/",
        PanelNominationsView.as_view(),
        name="panel_nominations",
    ),
    path("nominations/<int:pk>/conflict/", ConflictDeclareView.as_view(), name="conflict_declare"),
    path(
        "staff/cycles/<int:cycle_pk>/conflicts/",
        ConflictListView.as_view(),
        name="conflict_list",
    ),
    path("staff/conflicts/<int:pk>/decide/", ConflictDecideView.as_view(), name="conflict_decide"),
]
