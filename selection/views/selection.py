"""The selecting official's page: the slate with its figures and briefing notes, and the
signed decision (`selection.services.selection.selection_decide`).

The figures come from `selection.selectors.slate`.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from accounts.roles import Role
from core.access import RoleRequiredMixin, audit_refusal
from core.exceptions import WorkflowError
from nominations import rules
from nominations.models import SelectionDecision
from reviews.selectors.results import results_hidden_from
from selection.forms.slate import SelectionForm
from selection.selectors.slate import cycles_in_selection, slate_for_cycle
from selection.selectors.your_turn import official_turn_items
from selection.services.selection import SelectionInvalid, selection_decide


class SelectionHomeView(RoleRequiredMixin, FormView):
    template_name = "selection/selection_home.html"
    form_class = SelectionForm
    allowed = rules.is_selecting_official

    @cached_property
    def cycles(self) -> list:
        """Every cycle in selection: the page shows one, and links the others."""
        return cycles_in_selection()

    @cached_property
    def cycle(self):
        """The cycle asked for by the address, or the newest one in selection."""
        pk = self.kwargs.get("cycle_pk")
        if pk is None:
            return self.cycles[0] if self.cycles else None
        chosen = next((cycle for cycle in self.cycles if cycle.pk == pk), None)
        if chosen is None:
            raise Http404("No slate of that cycle is waiting for a decision.")
        return chosen

    def page_url(self) -> str:
        if self.cycle is None or self.cycle == (self.cycles[0] if self.cycles else None):
            return reverse("selection:selection_home")
        return reverse("selection:selection_cycle", args=[self.cycle.pk])

    @cached_property
    def rows(self) -> tuple:
        """The slate in rank order; empty when no cycle is in selection."""
        if self.cycle is None:
            return ()

        hidden = results_hidden_from(user=self.request.user, cycle=self.cycle)
        return slate_for_cycle(self.cycle, hidden=hidden).advanced

    @cached_property
    def decision(self) -> SelectionDecision | None:
        if self.cycle is None:
            return None
        return SelectionDecision.objects.filter(cycle=self.cycle).first()

    def get_form_kwargs(self):
        choices = [(row.nomination.pk, row.nomination.reference) for row in self.rows]
        return {**super().get_form_kwargs(), "choices": choices}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context |= {
            "turn": official_turn_items(self.request.user),
            "other_cycles": [cycle for cycle in self.cycles if cycle != self.cycle],
            "cycle": self.cycle,
            "rows": self.rows,
            "decision": self.decision,
            "cap": self.cycle.effective_award_cap if self.cycle else 0,
            "ticked": form.selected_ids(),
        }
        return context

    def post(self, request, *args, **kwargs):
        if self.cycle is None:
            messages.error(request, "There is no slate to decide.")
            return HttpResponseRedirect(self.page_url())
        if self.decision is not None:
            # A second signature (another tab, another official) is a refused attempt to
            # change a final decision: on record, like every other refusal.
            message = "The selection has already been decided. The decision is final."
            audit_refusal(
                request,
                action="selection.decide",
                obj=self.cycle,
                note=message,
                role=Role.SELECTING_OFFICIAL,
            )
            messages.error(request, message)
            return HttpResponseRedirect(self.page_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        chosen = set(form.cleaned_data["selected"])
        try:
            selection_decide(
                cycle=self.cycle,
                actor=self.request.user,
                selected=[row.nomination for row in self.rows if row.nomination.pk in chosen],
                justification=form.cleaned_data["justification"],
                signed_name=form.cleaned_data["signed_name"],
            )
        except SelectionInvalid as error:
            for field, problems in error.by_field.items():
                for problem in problems:
                    form.add_error(field, problem)
            return self.form_invalid(form)
        except WorkflowError as error:
            # Refused in the service (recorded there as a denied "selection.decide").
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your decision is recorded. It stays private until the recipients are announced.",
        )
        return HttpResponseRedirect(self.page_url())


urlpatterns = [
    path("selection/", SelectionHomeView.as_view(), name="selection_home"),
    path("selection/<int:cycle_pk>/", SelectionHomeView.as_view(), name="selection_cycle"),
]
