"""Pages of the nominations app. Views are thin: authorize, read through selectors, render."""

from collections.abc import Callable

from django.contrib.auth.mixins import UserPassesTestMixin
from django.views.generic import TemplateView

from nominations import rules
from nominations.selectors.nominator import nominations_for_nominator
from nominations.selectors.public import featured_program, open_cycle, past_recipients_by_year
from nominations.selectors.staff import (
    current_cycle,
    cycle_in_selection,
    nomination_counts_by_state,
    shortlisted_nominations,
)


class RoleRequiredMixin(UserPassesTestMixin):
    """Lets in users the `allowed` predicate accepts.

    Anonymous visitors are sent to sign in; signed-in users without the role get the
    403 page.
    """

    allowed: Callable[[object], bool]

    def test_func(self) -> bool:
        user = self.request.user
        return user.is_authenticated and type(self).allowed(user)


class HomeView(TemplateView):
    """The public home page: the program, its open call and its past recipients."""

    template_name = "nominations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = featured_program()
        context["program"] = program
        if program is not None:
            context["open_cycle"] = open_cycle(program=program)
            context["recipient_years"] = past_recipients_by_year(program=program)
        return context


class MyNominationsView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/nomination_list.html"
    allowed = rules.is_nominator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nominations"] = nominations_for_nominator(user=self.request.user)
        return context


class StaffHomeView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/staff_home.html"
    allowed = rules.is_award_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = current_cycle()
        context["cycle"] = cycle
        if cycle is not None:
            context["state_counts"] = nomination_counts_by_state(cycle=cycle)
        return context


class SelectionHomeView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/selection_home.html"
    allowed = rules.is_selecting_official

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = cycle_in_selection()
        context["cycle"] = cycle
        if cycle is not None:
            context["slate"] = list(shortlisted_nominations(cycle=cycle))
        return context
