"""Award staff's cycle pages: list, create, settings, transitions (the rubric and the
checklist have their own pages: staff_cycle_parts.py).

Each view lets in award staff only (RoleRequiredMixin), validates a form and calls one
service from nominations/services/cycle_setup.py or cycle.py ("announce" calls the
service selection registers in nominations/cycle_moves.py, which also awards, issues
certificates and queues the notices). A WorkflowError becomes a message on the page,
never a stack trace; the service has already recorded a refused transition, the
announcement included, as one "cycle.<name>" audit event with the outcome "denied".
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.access import StaffOnly
from core.exceptions import InvalidInput, TransitionBlocked, WorkflowError
from core.services.audit import guard_reasons
from nominations.cycle_moves import announcing
from nominations.forms.cycles import CycleForm
from nominations.forms.moves import MoveConfirmationForm, ReopenForm
from nominations.models import Cycle
from nominations.selectors.cycles import (
    CYCLE_ACTIONS,
    cycle_actions,
    cycle_for_setup,
    cycles_for_staff,
)
from nominations.selectors.moves import CONFIRM_LABELS, CONFIRMED_MOVES, move_confirmation
from nominations.selectors.parties import is_party_to_a_slate_nomination
from nominations.services.cycle import (
    cycle_archive,
    cycle_close,
    cycle_open,
    cycle_reopen,
    cycle_start_review,
    cycle_start_selection,
)
from nominations.services.cycle_setup import (
    CHECKLIST_STATES,
    RUBRIC_STATES,
    cycle_create,
    cycle_update,
    editable_cycle_fields,
)
from nominations.states import ON_SLATE_STATES, CycleState
from nominations.views.parties import refuse_a_party


def _cycle_url(cycle: Cycle) -> str:
    return reverse("nominations:staff_cycle", args=[cycle.pk])


def _form_errors_from(form, error: WorkflowError) -> None:
    problems = getattr(error, "problems", None) or [error.message]
    for problem in problems:
        form.add_error(None, problem)


class CycleListView(StaffOnly, ListView):
    template_name = "nominations/cycle_list.html"
    context_object_name = "cycles"

    def get_queryset(self):
        return cycles_for_staff()


class CycleCreateView(StaffOnly, FormView):
    template_name = "nominations/cycle_form.html"
    form_class = CycleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program_choice": True}

    def form_valid(self, form):
        try:
            cycle = cycle_create(
                program=form.cleaned_data["program"],
                actor=self.request.user,
                fields=form.changed_settings(),
            )
        except WorkflowError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{cycle} is set up. Add its rubric and checklist.")
        return HttpResponseRedirect(_cycle_url(cycle))


class CycleDetailView(StaffOnly, TemplateView):
    template_name = "nominations/cycle_detail.html"

    def get_context_data(self, **kwargs):
        try:
            cycle = cycle_for_setup(self.kwargs["pk"])
        except Cycle.DoesNotExist as error:
            raise Http404 from error
        slate_party = cycle.state == CycleState.SELECTION and is_party_to_a_slate_nomination(
            self.request.user, cycle
        )
        return {
            **super().get_context_data(**kwargs),
            "cycle": cycle,
            "actions": cycle_actions(cycle, self.request.user),
            "editable_fields": editable_cycle_fields(cycle),
            "rubric_editable": cycle.state in RUBRIC_STATES,
            "checklist_editable": cycle.state in CHECKLIST_STATES,
            "slate_party": slate_party,
            "announce_preview": (
                announcing().preview(cycle=cycle, actor=self.request.user)
                if cycle.state == CycleState.SELECTION and not slate_party
                else None
            ),
        }


class CycleEditView(StaffOnly, FormView):
    template_name = "nominations/cycle_form.html"
    form_class = CycleForm

    def dispatch(self, request, *args, **kwargs):
        # The role check comes first, so that strangers learn nothing about cycles.
        if not self.test_func():
            return self.handle_no_permission()
        self.cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.cycle,
            "editable": editable_cycle_fields(self.cycle),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cycle": self.cycle}

    def form_valid(self, form):
        try:
            cycle_update(cycle=self.cycle, actor=self.request.user, fields=form.changed_settings())
        except WorkflowError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The cycle's settings are saved.")
        return HttpResponseRedirect(_cycle_url(self.cycle))


# The service of each cycle move the page offers; "announce" has its own handling
# (selection's, through nominations/cycle_moves.py), since it also issues certificates
# and awards.
CYCLE_SERVICES = {
    "open": cycle_open,
    "close": cycle_close,
    "reopen": cycle_reopen,
    "start_review": cycle_start_review,
    "start_selection": cycle_start_selection,
    "archive": cycle_archive,
}

# The moves whose page asks for more than the box.
MOVE_FORMS = {"reopen": ReopenForm}


class CycleTransitionView(StaffOnly, View):
    """One cycle move. GET: its confirmation page, which states the consequences in plain
    words (nominations/selectors/moves.py). POST: make the move by its service and
    explain a refusal. An irreversible move (CONFIRMED_MOVES) needs the "I understand …"
    box ticked, checked by `MoveConfirmationForm`: without it nothing changes (no state,
    no audit event, no email) and the page says why next to the box."""

    template_name = "nominations/cycle_move.html"

    def setup_move(self, pk: int, name: str) -> Cycle:
        if name not in CYCLE_ACTIONS:
            raise Http404
        cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=pk)
        if name == "announce":
            # Its page names the recipients: a party to any nomination on the slate would
            # learn whether theirs was selected.
            refuse_a_party(
                self.request,
                nominations=cycle.nominations.filter(state__in=ON_SLATE_STATES),
                obj=cycle,
                what="announcement",
            )
        return cycle

    def get(self, request, pk: int, name: str):
        cycle = self.setup_move(pk, name)
        return self.page(cycle, name, form=None)

    def page(self, cycle: Cycle, name: str, form):
        confirmation = move_confirmation(cycle, name, self.request.user)
        if form is None and confirmation.needs_confirmation:
            form = MOVE_FORMS.get(name, MoveConfirmationForm)(
                confirm_label=confirmation.confirm_label, cycle=cycle
            )
        action = next(
            (action for action in cycle_actions(cycle, self.request.user) if action.name == name),
            None,
        )
        return render(
            self.request,
            self.template_name,
            {
                "cycle": cycle,
                "move": confirmation,
                "action": action,
                "form": form,
            },
        )

    def post(self, request, pk: int, name: str):
        cycle = self.setup_move(pk, name)
        if name in CONFIRMED_MOVES:
            form = MOVE_FORMS.get(name, MoveConfirmationForm)(
                request.POST, confirm_label=CONFIRM_LABELS[name], cycle=cycle
            )
            if not form.is_valid():
                return self.page(cycle, name, form)
            extra = form.service_kwargs()
        else:
            form, extra = None, {}
        if name == "announce":
            return self.announce(request, cycle)
        service = CYCLE_SERVICES[name]
        try:
            service(cycle=cycle, actor=request.user, **extra)
        except InvalidInput as error:
            if form is None:
                raise
            form.add_error("deadline" if "deadline" in form.fields else None, error.message)
            return self.page(cycle, name, form)
        except TransitionBlocked as error:
            messages.error(request, f"Cannot {name.replace('_', ' ')}: {guard_reasons(error)}")
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{cycle} is now {cycle.get_state_display().lower()}.")
        return HttpResponseRedirect(_cycle_url(cycle))

    def announce(self, request, cycle: Cycle):
        """The one "Announce" action: announce, issue certificates, award, notify."""
        try:
            outcome = announcing().announce(cycle=cycle, actor=request.user)
        except TransitionBlocked as error:
            reasons = guard_reasons(error)
            messages.error(request, f"Cannot announce; nothing was changed: {reasons}")
        except WorkflowError as error:
            messages.error(request, f"Cannot announce; nothing was changed: {error.message}")
        else:
            issued, notices = len(outcome.certificates_issued), outcome.notices
            messages.success(
                request,
                f"{cycle} is now announced: {len(outcome.awarded)} awarded, "
                f"{issued} certificate{pluralize(issued)} issued, "
                f"{notices} notice{pluralize(notices)} queued.",
            )
        return HttpResponseRedirect(_cycle_url(cycle))


urlpatterns = [
    path("staff/cycles/", CycleListView.as_view(), name="staff_cycles"),
    path("staff/cycles/new/", CycleCreateView.as_view(), name="staff_cycle_create"),
    path("staff/cycles/<int:pk>/", CycleDetailView.as_view(), name="staff_cycle"),
    path("staff/cycles/<int:pk>/edit/", CycleEditView.as_view(), name="staff_cycle_edit"),
    path(
        "staff/cycles/<int:pk>/transitions/<slug:name>/",
        CycleTransitionView.as_view(),
        name="staff_cycle_transition",
    ),
]
