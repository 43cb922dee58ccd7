"""Award staff schedule the announcement for a chosen moment, or cancel the schedule
(selection/services/announce_schedule.py). Both refuse a party to any nomination on the
slate (selected or not: the answer would tell them which), as the announce pages do."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView

from core.access import StaffOnly
from core.exceptions import InvalidInput, TransitionBlocked, WorkflowError
from core.moments import moment_in
from core.services.audit import guard_reasons
from nominations.models import Cycle
from nominations.selectors.moves import move_confirmation
from nominations.states import ON_SLATE_STATES, CycleState
from nominations.views.parties import refuse_a_party
from selection.forms.announce_schedule import AnnounceScheduleForm
from selection.services.announce_schedule import (
    announcement_schedule,
    announcement_unschedule,
    schedule_blockers,
)


class ScheduleCycleMixin(StaffOnly):
    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=kwargs["pk"])
        if self.cycle.state != CycleState.SELECTION:
            raise Http404("Only a cycle in selection can have its announcement scheduled.")
        refuse_a_party(
            request,
            nominations=self.cycle.nominations.filter(state__in=ON_SLATE_STATES),
            obj=self.cycle,
            what="announcement",
        )
        return super().dispatch(request, *args, **kwargs)

    def cycle_url(self) -> str:
        return reverse("nominations:staff_cycle", args=[self.cycle.pk])


class AnnounceScheduleView(ScheduleCycleMixin, FormView):
    """The announce move's consequences, what stops it, and the moment to announce at."""

    template_name = "selection/announce_schedule.html"
    form_class = AnnounceScheduleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "move": move_confirmation(self.cycle, "announce", self.request.user),
            "blockers": schedule_blockers(self.cycle, self.request.user),
            "scheduled_for": (
                moment_in(self.cycle.announce_at, self.cycle.zone) if self.cycle.announce_at else ""
            ),
        }

    def form_valid(self, form):
        at = form.cleaned_data["announce_at"]
        try:
            announcement_schedule(cycle=self.cycle, actor=self.request.user, at=at)
        except InvalidInput as error:
            form.add_error("announce_at", error.message)
            return self.form_invalid(form)
        except TransitionBlocked as error:
            form.add_error(None, f"Cannot schedule the announcement: {guard_reasons(error)}")
            return self.form_invalid(form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The announcement of {self.cycle} is scheduled for "
            f"{moment_in(at, self.cycle.zone)}. Until then nothing is public and no "
            "nominator is emailed.",
        )
        return HttpResponseRedirect(self.cycle_url())


class AnnounceUnscheduleView(ScheduleCycleMixin, View):
    def post(self, request, pk: int):
        try:
            announcement_unschedule(cycle=self.cycle, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"The scheduled announcement of {self.cycle} is cancelled. Nothing changed.",
            )
        return HttpResponseRedirect(self.cycle_url())


urlpatterns = [
    path(
        "staff/cycles/<int:pk>/announce/schedule/",
        AnnounceScheduleView.as_view(),
        name="announce_schedule",
    ),
    path(
        "staff/cycles/<int:pk>/announce/unschedule/",
        AnnounceUnscheduleView.as_view(),
        name="announce_unschedule",
    ),
]
