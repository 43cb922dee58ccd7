"""Assigning panelists to nominations: balanced preview and commit, manual changes, declines.

The staff overview (GET) shows who reviews what, each panelist's load and each
nomination's gap, with a "Fill the gap" control per short nomination. Submitting the
k and cap form with "Preview" is a GET that plans without writing; "Commit" POSTs the
same values with the preview's digest, and the service plans again under a lock and
refuses if anything changed, in which case the page shows the fresh preview.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views import View

from core.access import RoleRequiredMixin
from core.exceptions import ConflictError, WorkflowError
from core.paging import page_context
from nominations.models import Cycle, Nomination
from reviews import rules
from reviews.access import refuse_panel_access
from reviews.forms.assignments import (
    AssignmentAddForm,
    AssignmentDeclineForm,
    BalancedAssignmentForm,
)
from reviews.models import Assignment, Panel, PanelMember
from reviews.selectors.assignments import assignment_overview, plan_preview
from reviews.services.assignments import (
    assignment_add,
    assignment_decline,
    assignment_remove,
    panel_assign_balanced,
)

OVERVIEW_PAGE_SIZE = 100


def overview_url(cycle_id: int, nomination_pk: int | None = None, *, show: str = "") -> str:
    """The overview; at one nomination (on the page that lists it) when given, and with
    the "short of reviewers" filter when `show` is "short"."""
    url = reverse("reviews:assignment_overview", args=[cycle_id])
    query = {}
    if show == "short":
        query["show"] = "short"
    if nomination_pk is not None:
        query["at"] = nomination_pk
    url = f"{url}?{urlencode(query)}" if query else url
    return f"{url}#nomination-{nomination_pk}" if nomination_pk is not None else url


class StaffAssignmentMixin(RoleRequiredMixin):
    allowed = rules.can_manage_panel


class AssignmentOverviewView(StaffAssignmentMixin, View):
    template_name = "reviews/assignment_overview.html"

    def get(self, request, cycle_pk):
        cycle, panel = self.load()
        if "k" in request.GET and cycle.state in rules.ASSIGNMENT_CYCLE_STATES:
            form = BalancedAssignmentForm(request.GET)
            preview = plan_preview(cycle, **self.settings(form)) if form.is_valid() else None
        else:
            form = BalancedAssignmentForm(
                initial={"k": panel.reviewers_per_nomination, "cap": panel.max_per_panelist}
            )
            preview = None
        return self.page(cycle, panel, form, preview)

    def post(self, request, cycle_pk):
        cycle, panel = self.load()
        form = BalancedAssignmentForm(request.POST)
        if not form.is_valid():
            return self.page(cycle, panel, form, None)
        settings = self.settings(form)
        try:
            plan = panel_assign_balanced(
                cycle=cycle,
                actor=request.user,
                expected_plan_digest=form.cleaned_data["digest"],
                **settings,
            )
        except ConflictError as error:
            return self.page(cycle, panel, form, plan_preview(cycle, **settings), error.message)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(cycle, panel, form, None)
        count = len(plan.new_pairs)
        messages.success(
            request,
            f"{count} new assignment{'' if count == 1 else 's'} made. {plan.explanation}".strip(),
        )
        return HttpResponseRedirect(overview_url(cycle.pk))

    def load(self) -> tuple[Cycle, Panel]:
        cycle = get_object_or_404(
            Cycle.objects.select_related("program"), pk=self.kwargs["cycle_pk"]
        )
        panel = Panel.objects.filter(cycle=cycle).first()
        if panel is None:
            raise Http404("This cycle has no review panel yet.")
        panel.cycle = cycle
        return cycle, panel

    @staticmethod
    def settings(form) -> dict:
        return {"k": form.cleaned_data["k"], "cap": form.cleaned_data["cap"]}

    def page(self, cycle, panel, form, preview, stale_message=""):
        show = "short" if self.request.GET.get("show") == "short" else "all"
        overview = assignment_overview(panel, viewer=self.request.user, short_only=show == "short")
        # "at": the page that lists one nomination (where a change to it sends staff back).
        number = self.request.GET.get("page")
        at = self.request.GET.get("at", "")
        position = overview.position_of(int(at)) if at.isdigit() else None
        if position is not None:
            number = position // OVERVIEW_PAGE_SIZE + 1
        context = {
            **page_context(
                overview.rows,
                size=OVERVIEW_PAGE_SIZE,
                number=number,
                query=urlencode({"show": show}),
            ),
            "cycle": cycle,
            "panel": panel,
            "form": form,
            "preview": preview,
            "stale_message": stale_message,
            "overview": overview,
            "show": show,
            "can_assign": cycle.state in rules.ASSIGNMENT_CYCLE_STATES,
        }
        return render(self.request, self.template_name, context)


class AssignmentAddView(StaffAssignmentMixin, View):
    """POST: assign one panelist to one nomination of the cycle (fills a gap)."""

    def post(self, request, cycle_pk):
        cycle = get_object_or_404(Cycle, pk=cycle_pk)
        form = AssignmentAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a panelist to assign.")
            return HttpResponseRedirect(overview_url(cycle.pk))
        nomination = get_object_or_404(
            Nomination.objects.select_related("cycle"),
            pk=form.cleaned_data["nomination"],
            cycle=cycle,
        )
        member = get_object_or_404(PanelMember, pk=form.cleaned_data["member"])
        try:
            assignment = assignment_add(nomination=nomination, member=member, actor=request.user)
        except WorkflowError as error:
            messages.error(request, f"{nomination.reference}: {error.message}")
        else:
            messages.success(
                request, f"{assignment.member.user} is assigned to {nomination.reference}."
            )
        return HttpResponseRedirect(
            overview_url(cycle.pk, nomination.pk, show=request.POST.get("show", ""))
        )


class AssignmentRemoveView(StaffAssignmentMixin, View):
    """GET: confirm. POST: remove the assignment, then back to the overview."""

    template_name = "reviews/assignment_confirm_remove.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"assignment": self.load()})

    def post(self, request, pk):
        assignment = self.load()
        nomination = assignment.nomination
        try:
            assignment_remove(assignment=assignment, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{assignment.member.user} is no longer assigned to {nomination.reference}.",
            )
        return HttpResponseRedirect(overview_url(nomination.cycle_id, nomination.pk))

    def load(self) -> Assignment:
        """The assignment, refused (403, audited) to staff who are a party to its
        nomination."""
        assignment = get_object_or_404(
            Assignment.objects.select_related(
                "nomination__cycle", "nomination__nominee", "member__user"
            ),
            pk=self.kwargs["pk"],
        )
        if not rules.can_handle_panel_nomination(self.request.user, assignment.nomination):
            refuse_panel_access(
                self.request, nomination=assignment.nomination, what="assignment removal"
            )
        return assignment


class AssignmentDeclineView(RoleRequiredMixin, View):
    """A panelist declines their own assignment to the nomination, with a reason."""

    allowed = rules.is_panelist
    template_name = "reviews/assignment_decline.html"

    def get(self, request, pk):
        return self.page(self.load(), AssignmentDeclineForm())

    def post(self, request, pk):
        assignment = self.load()
        form = AssignmentDeclineForm(request.POST)
        if not form.is_valid():
            return self.page(assignment, form)
        try:
            assignment_decline(
                assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(assignment, form)
        messages.success(
            request,
            f"You declined {assignment.nomination.reference}. Award staff will ask another "
            "panelist.",
        )
        return HttpResponseRedirect(
            reverse("reviews:panel_nominations", args=[assignment.member.panel_id])
        )

    def load(self) -> Assignment:
        nomination = get_object_or_404(
            Nomination.objects.select_related("cycle__program", "nominee"), pk=self.kwargs["pk"]
        )
        seat = rules.seat_for(self.request.user, nomination.cycle)
        assignment = (
            Assignment.objects.filter(nomination=nomination, member=seat).first() if seat else None
        )
        if assignment is not None:
            assignment.nomination = nomination
            assignment.member = seat
        if assignment is None or not rules.can_decline_assignment(self.request.user, assignment):
            refuse_panel_access(self.request, nomination=nomination, what="assignment decline")
        return assignment

    def page(self, assignment, form):
        return render(self.request, self.template_name, {"assignment": assignment, "form": form})


urlpatterns = [
    path(
        "staff/cycles/<int:cycle_pk>/assignments/",
        AssignmentOverviewView.as_view(),
        name="assignment_overview",
    ),
    path(
        "staff/cycles/<int:cycle_pk>/assignments/add/",
        AssignmentAddView.as_view(),
        name="assignment_add",
    ),
    path(
        "staff/assignments/<int:pk>/remove/",
        AssignmentRemoveView.as_view(),
        name="assignment_remove",
    ),
    path(
        "nominations/<int:pk>/decline/",
        AssignmentDeclineView.as_view(),
        name="assignment_decline",
    ),
]
