"""Panel results and calibration for staff and the panel chair, with CSV export.

The figures come from the stored tallies (`reviews.selectors.results`), without the
nominations `results_hidden_from` withholds from the reader (a chair's conflicts and
unreviewed assignments): the results page reads one page of ranked rows, the CSV export
streams every row into a spool, and calibration reads the panelists' tallies.
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.access import PAGE_DENIED_ACTION, audit_refusal
from core.downloads import CSV, Spool
from core.paging import page_context
from core.snapshot import consistent_reads
from nominations.models import Cycle
from reviews import rules
from reviews.domain.scale import SCALE
from reviews.forms.results import SORT_LABELS, ResultsSortForm
from reviews.selectors.results import (
    ResultsPage,
    calibration_for_cycle,
    ranked_results,
    results_hidden_from,
)
from reviews.services.results_export import results_export_csv

RESULTS_PAGE_SIZE = 100


class CycleAccessMixin(LoginRequiredMixin):
    """Loads the cycle of the URL and lets in users `allowed(user, cycle)` accepts.

    Anyone else signed in gets the 403 page, and the refusal is audited against the
    cycle (`denied_action`, outcome "denied"); anonymous visitors are sent to sign in.
    """

    allowed = staticmethod(rules.can_view_results)
    denied_action = PAGE_DENIED_ACTION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not rules.may_view_some_results(request.user):
            # Refused alike for a cycle that exists and one that does not (no 404 to tell
            # them apart).
            cycle = Cycle.objects.filter(pk=kwargs["cycle_pk"]).first()
            audit_refusal(request, action=self.denied_action, obj=cycle)
            raise PermissionDenied
        self.cycle = get_object_or_404(
            Cycle.objects.select_related("program"), pk=kwargs["cycle_pk"]
        )
        if not type(self).allowed(request.user, self.cycle):
            audit_refusal(request, action=self.denied_action, obj=self.cycle)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ResultsView(CycleAccessMixin, TemplateView):
    """Every panel nomination with its score, spread, z, rank and percentile; sortable, a
    hundred rows a page (ranks stay the cycle's; the CSV and calibration are whole)."""

    template_name = "reviews/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ResultsSortForm(self.request.GET)
        sort, direction = form.choice()
        hidden = results_hidden_from(user=self.request.user, cycle=self.cycle)
        # The whole cycle is ranked; only the page shown is read, in the same snapshot
        # as the figures it is ranked by. A page number out of range shows the last page,
        # anything else that is not one the first.
        with consistent_reads():
            results = ranked_results(
                self.cycle, hidden=hidden, sort=sort, descending=direction == "desc"
            )
            # Page links keep the sort; the sort links (form.columns) start again at page 1.
            context |= page_context(
                results.rows,
                size=RESULTS_PAGE_SIZE,
                number=self.request.GET.get("page"),
                query=urlencode({"sort": sort, "dir": direction}),
            )
        context |= {
            "cycle": self.cycle,
            "results": results,
            "tally": _tally(results),
            "columns": form.columns(sort, direction),
            # Reviews, score, criteria, SD, disagreement, mean z, percentile, panelists.
            "withheld_colspan": 7 + len(results.criteria),
            "sort_label": SORT_LABELS[sort].lower(),
            "direction_label": "ascending" if direction == "asc" else "descending",
            "scale": SCALE,
        }
        return context


def _tally(results: ResultsPage) -> str:
    """ "3 nominations reached the panel: 2 scored, 1 withheld from you" (empty for none).

    The total is every row, withheld ones included, so it is the total the pager counts
    ("Showing 1–3 of 3 nominations"); the parts add up to it.
    """
    total = len(results.rows)
    if not total:
        return ""
    parts = [
        f"{count:,} {label}"
        for count, label in (
            (results.scored, "scored"),
            (results.counted - results.scored, "not scored yet"),
            (len(results.withheld), "withheld from you"),
        )
        if count
    ]
    noun = "nomination" if total == 1 else "nominations"
    return f"{total:,} {noun} reached the panel: {', '.join(parts)}"


class ResultsExportView(CycleAccessMixin, View):
    """The results as CSV, one line per nomination in rank order. Audited."""

    denied_action = "results.export"

    def get(self, request, cycle_pk):
        spool = Spool()
        results_export_csv(
            actor=request.user,
            cycle=self.cycle,
            hidden=results_hidden_from(user=request.user, cycle=self.cycle),
            out=spool.text,
        )
        stamp = timezone.localdate(timezone=self.cycle.zone).isoformat()
        name = f"panel-results-{self.cycle.program.short_name}-{self.cycle.award_year}-{stamp}"
        safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in name)
        return spool.download(filename=f"{safe}.csv", content_type=CSV)


class CalibrationView(CycleAccessMixin, TemplateView):
    """Each panelist's mean and spread against the panel's: who scores harsher or kinder."""

    template_name = "reviews/calibration.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hidden = results_hidden_from(user=self.request.user, cycle=self.cycle)
        context |= {
            "cycle": self.cycle,
            "results": calibration_for_cycle(self.cycle, hidden=hidden),
            "scale": SCALE,
        }
        return context


urlpatterns = [
    path("staff/cycles/<int:cycle_pk>/results/", ResultsView.as_view(), name="results"),
    path(
        "staff/cycles/<int:cycle_pk>/results.csv",
        ResultsExportView.as_view(),
        name="results_csv",
    ),
    path(
        "staff/cycles/<int:cycle_pk>/calibration/",
        CalibrationView.as_view(),
        name="calibration",
    ),
]
