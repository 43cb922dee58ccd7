"""The selecting official's page: the slate with its figures and briefing notes, and the
signed decision (`selection.services.selection.selection_decide`).

The figures come from `selection.selectors.slate`.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from accounts.roles import Role
from core.access import RoleRequiredMixin, audit_refusal
from core.exceptions import WorkflowError
from nominations import rules
from nominations.models import SelectionDecision
from reviews.selectors.results import results_hidden_from
from selection.domain.decision import choice_problems, signatory_relation
from selection.forms.slate import SelectionChoiceForm, SelectionForm
from selection.selectors.slate import (
    cycles_in_selection,
    nomination_on_slate,
    slate_advanced,
    slate_nomination,
)
from selection.selectors.your_turn import official_turn_items
from selection.services.selection import (
    SelectionInvalid,
    departs_from_rank_order,
    selection_decide,
)


class SelectionHomeView(RoleRequiredMixin, TemplateView):
    """Two steps: tick the recipients (and justify a choice out of rank order), then read
    the summary of the decision and sign it. A POST's "stage" says which: "review" checks
    the choice and shows the summary, "change" goes back to the ticks with the choice
    kept, anything else ("sign") records the decision."""

    template_name = "selection/selection_home.html"
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
        return slate_advanced(self.cycle, hidden=hidden)

    @cached_property
    def decision(self) -> SelectionDecision | None:
        if self.cycle is None:
            return None
        return SelectionDecision.objects.filter(cycle=self.cycle).first()

    def choices(self) -> list[tuple[int, str]]:
        return [(row.nomination.pk, row.nomination.reference) for row in self.rows]

    def choice_form(self, **kwargs) -> SelectionChoiceForm:
        return SelectionChoiceForm(choices=self.choices(), **kwargs)

    def sign_form(self, **kwargs) -> SelectionForm:
        return SelectionForm(
            choices=self.choices(), expected_name=self.request.user.full_name.strip(), **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.choice_form())
        context |= {
            "turn": official_turn_items(self.request.user),
            "other_cycles": [cycle for cycle in self.cycles if cycle != self.cycle],
            "cycle": self.cycle,
            "rows": self.rows,
            "decision": self.decision,
            "cap": self.cycle.effective_award_cap if self.cycle else 0,
            "ticked": form.selected_ids(),
        }
        if context.get("reviewing"):
            context["summary"] = self.summary(form)
        return context

    def summary(self, form: SelectionChoiceForm) -> dict:
        """What the official is about to sign: who is selected and who is not, in rank
        order, whether that departs from the rank order, and whose name to type."""
        ticked = form.selected_ids()
        selected = [row for row in self.rows if row.nomination.pk in ticked]
        not_selected = [row for row in self.rows if row.nomination.pk not in ticked]
        signatory_name, signatory_title = self.cycle.effective_signatory()
        account_name = self.request.user.full_name.strip()
        return {
            "selected": selected,
            "not_selected": not_selected,
            "out_of_order": departs_from_rank_order(self.ranked(), sorted(ticked)),
            "justification": form.data.get("justification", "").strip()
            if form.is_bound
            else form.initial.get("justification", ""),
            "account_name": account_name,
            "signatory_name": signatory_name,
            "signatory_title": signatory_title,
            "signatory": signatory_relation(
                signatory_name=signatory_name, account_name=account_name
            ),
        }

    def ranked(self) -> list[tuple[int, int | None]]:
        return [(row.nomination.pk, row.result.rank) for row in self.rows]

    def choose(self, form) -> HttpResponse:
        """The first step: the ticks and the justification."""
        return self.render_to_response(self.get_context_data(form=form))

    def review(self, form) -> HttpResponse:
        """The second step: the summary, the typed name and the tick box."""
        return self.render_to_response(self.get_context_data(form=form, reviewing=True))

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
        stage = request.POST.get("stage", "sign")
        if stage == "change":
            carried = self.choice_form(data=request.POST)
            initial = {
                "selected": sorted(carried.selected_ids()),
                "justification": request.POST.get("justification", ""),
            }
            return self.choose(self.choice_form(initial=initial))
        if stage == "review":
            form = self.choice_form(data=request.POST)
            if form.is_valid() and self.choice_is_sound(form):
                initial = {
                    "selected": form.cleaned_data["selected"],
                    "justification": form.cleaned_data["justification"].strip(),
                }
                return self.review(self.sign_form(initial=initial))
            return self.choose(form)
        return self.sign(self.sign_form(data=request.POST))

    def choice_is_sound(self, form: SelectionChoiceForm) -> bool:
        """Check the cap, the slate and the justification before the summary; the
        problems go next to their fields."""
        chosen = form.cleaned_data["selected"]
        problems = choice_problems(
            cap=self.cycle.effective_award_cap,
            slate_ids={row.nomination.pk for row in self.rows},
            chosen_ids=chosen,
            out_of_order=departs_from_rank_order(self.ranked(), chosen),
            justification=form.cleaned_data["justification"],
        )
        for field, field_problems in problems.items():
            for problem in field_problems:
                form.add_error(field, problem)
        return not problems

    def sign(self, form: SelectionForm) -> HttpResponse:
        if not form.is_valid():
            return self.refused(form)
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
            return self.refused(form)
        except WorkflowError as error:
            # Refused in the service (recorded there as a denied "selection.decide").
            form.add_error(None, error.message)
            return self.refused(form)
        messages.success(
            self.request,
            "Your decision is recorded. It stays private until the recipients are announced.",
        )
        return HttpResponseRedirect(self.page_url())

    def refused(self, form: SelectionForm) -> HttpResponse:
        """Back to the ticks when the choice itself is wrong; else the summary again, with
        the problem next to the name or the tick box."""
        if form.has_error("selected") or form.has_error("justification"):
            return self.choose(form)
        return self.review(form)


class SlateNominationView(RoleRequiredMixin, TemplateView):
    """One slate nomination as the selecting official reads it before deciding: the
    nomination as entered (as a blind panel sees it), its panel figures and the
    briefing note. Any other nomination, or one the official is a party to, is a 404,
    recorded as a refusal, so the page says nothing about which nominations exist."""

    template_name = "selection/slate_nomination.html"
    allowed = rules.is_selecting_official

    def get_context_data(self, **kwargs):
        nomination = nomination_on_slate(self.kwargs["pk"])
        if nomination is None or not rules.can_read_for_selection(self.request.user, nomination):
            audit_refusal(
                self.request,
                action="selection.read_denied",
                obj=nomination,
                role=Role.SELECTING_OFFICIAL,
            )
            raise Http404("No such nomination on a slate.")
        page = slate_nomination(nomination, reader=self.request.user)
        return {**super().get_context_data(**kwargs), "page": page, "cycle": nomination.cycle}


urlpatterns = [
    path("selection/", SelectionHomeView.as_view(), name="selection_home"),
    path(
        "selection/nominations/<int:pk>/",
        SlateNominationView.as_view(),
        name="slate_nomination",
    ),
    path("selection/<int:cycle_pk>/", SelectionHomeView.as_view(), name="selection_cycle"),
]
