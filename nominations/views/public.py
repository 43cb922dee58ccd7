"""Public pages: no sign-in needed."""

import datetime as dt

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from nominations import rules
from nominations.selectors.public import (
    cycle_for_call,
    featured_program,
    open_cycles,
    past_recipients_by_year,
)
from nominations.states import CycleState


class HomeView(TemplateView):
    """The public home page: the program, each of its open calls and its past recipients."""

    template_name = "nominations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = featured_program()
        context["program"] = program
        context["can_start"] = rules.is_nominator(self.request.user)
        if program is not None:
            context["open_cycles"] = open_cycles(program=program)
            context["recipient_years"] = past_recipients_by_year(program=program)
        return context


class CycleCallView(TemplateView):
    """The call for nominations of one cycle: the award, who is eligible, the criteria,
    the windows, how to nominate, and the Privacy Act and Paperwork Reduction Act
    notices. A cycle still being set up does not exist for the public (404); a closed
    or announced one says plainly that nominations are closed."""

    template_name = "nominations/cycle_call.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = cycle_for_call(pk=self.kwargs["pk"])
        if cycle is None:
            raise Http404("No such call for nominations.")
        now = timezone.now()
        context |= {
            "cycle": cycle,
            "program": cycle.program,
            "accepting": cycle.accepts_submissions(now),
            "not_yet_open": cycle.state == CycleState.OPEN
            and cycle.opens_at is not None
            and now < cycle.opens_at,
            "can_start": rules.is_nominator(self.request.user),
            "time_left": time_left_text(cycle.deadline - now) if cycle.deadline else "",
        }
        return context


def time_left_text(left: dt.timedelta) -> str:
    """'12 days', '30 hours', '45 minutes': the one unit that reads naturally."""
    minutes = max(int(left.total_seconds() // 60), 0)
    if minutes >= 2 * 24 * 60:
        count, unit = minutes // (24 * 60), "day"
    elif minutes >= 120:
        count, unit = minutes // 60, "hour"
    else:
        count, unit = minutes, "minute"
    return f"{count} {unit}{'' if count == 1 else 's'}"


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("call/<int:pk>/", CycleCallView.as_view(), name="cycle_call"),
]
