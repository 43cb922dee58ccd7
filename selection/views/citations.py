"""Citations (staff): writing new versions, approving the current one, and the state of
every citation of a cycle (DESIGN.md §2.6).

Award staff only (RoleRequiredMixin audits the others' attempts); a nomination's page
also needs `rules.can_vet`, so nobody works on the citations of their own nomination.
Each POST calls one service from `selection.services.citations`, which records a refusal
as denied; the view shows its message.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from core.exceptions import ConflictError, InvalidInput, WorkflowError
from nominations import rules
from nominations.models import Citation, CitationKind, Cycle
from nominations.views.staff_vetting import VettingMixin
from selection.forms.citations import CitationForm
from selection.selectors.citations import citation_page, cycle_citations
from selection.services.citations import citation_add, citation_approve, citation_writing_check


def citations_url(nomination_pk: int, kind: str = "") -> str:
    url = reverse("selection:citations", args=[nomination_pk])
    return f"{url}#{kind}-citation" if kind else url


class CitationsView(VettingMixin, View):
    """GET: both citations of a nomination with their versions, and a form for a new
    version of each. POST (field "kind"): save a new version of that kind."""

    denied_action = "citation.add"
    template_name = "selection/citations.html"

    def get(self, request, pk):
        nomination = self.vetted_nomination()
        return self.page(nomination)

    def post(self, request, pk):
        nomination = self.vetted_nomination()
        try:
            citation_writing_check(nomination=nomination, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(citations_url(nomination.pk))
        kind = request.POST.get("kind", "")
        if kind not in CitationKind.values:
            raise Http404("No such kind of citation.")
        form = CitationForm(request.POST, nomination=nomination, kind=kind)
        if not form.is_valid():
            return self.page(nomination, bound=form)
        current = nomination.citations.filter(kind=kind).order_by("-version").first()
        if current is not None and current.text == form.cleaned_data["text"]:
            form.add_error(
                "text",
                f"This is the text of version {current.version} already: change it, "
                "or approve that version.",
            )
            return self.page(nomination, bound=form)
        try:
            citation = citation_add(
                nomination=nomination,
                kind=kind,
                text=form.cleaned_data["text"],
                actor=request.user,
                expected_version=form.cleaned_data["expected_version"],
            )
        except InvalidInput as error:
            for problem in error.problems:
                form.add_error("text", problem)
            return self.page(nomination, bound=form)
        except ConflictError as error:
            form.add_error(None, error.message)
            return self.page(nomination, bound=form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, bound=form)
        messages.success(
            request, f"Version {citation.version} of the {kind} citation was saved for approval."
        )
        return HttpResponseRedirect(citations_url(nomination.pk, kind))

    def page(self, nomination, *, bound: CitationForm | None = None):
        page = citation_page(nomination)
        forms = {}
        for section in page.sections:
            if bound is not None and bound.kind == section.kind:
                forms[section.kind] = bound
            else:
                forms[section.kind] = CitationForm(
                    nomination=nomination,
                    kind=section.kind,
                    initial={"text": section.prefill, "expected_version": section.current_version},
                )
        sections = [(section, forms[section.kind]) for section in page.sections]
        return render(
            self.request,
            self.template_name,
            {"nomination": nomination, "page": page, "sections": sections},
        )


class CitationApproveView(VettingMixin, View):
    """POST: approve one version, which must be the current one of its kind."""

    denied_action = "citation.approve"

    def post(self, request, pk, citation_pk):
        nomination = self.vetted_nomination()
        citation = get_object_or_404(
            Citation.objects.select_related("nomination"), pk=citation_pk, nomination=nomination
        )
        citation.nomination = nomination  # with its nominee and cycle already loaded
        try:
            citation_approve(citation=citation, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"Version {citation.version} of the {citation.kind} citation is approved."
            )
        return HttpResponseRedirect(citations_url(nomination.pk, citation.kind))


class CycleCitationsView(RoleRequiredMixin, TemplateView):
    """Every nomination of the cycle on the slate, selected or awarded, with the state
    of its short and full citations."""

    allowed = rules.is_award_staff
    template_name = "selection/citations_cycle.html"

    def get_context_data(self, **kwargs):
        cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=self.kwargs["pk"])
        rows = cycle_citations(cycle)
        return {
            **super().get_context_data(**kwargs),
            "cycle": cycle,
            "rows": rows,
            "ready": sum(1 for row in rows if row.ready),
        }


urlpatterns = [
    path("staff/nominations/<int:pk>/citations/", CitationsView.as_view(), name="citations"),
    path(
        "staff/nominations/<int:pk>/citations/<int:citation_pk>/approve/",
        CitationApproveView.as_view(),
        name="citation_approve",
    ),
    path("staff/cycles/<int:pk>/citations/", CycleCitationsView.as_view(), name="cycle_citations"),
]
