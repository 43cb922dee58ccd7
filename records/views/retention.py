"""The retention schedule, for award staff: set it per program, and see what it disposes
of in the next year. `manage.py apply_retention` disposes of what is due."""

from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views.generic import FormView

from core.access import StaffOnly
from core.exceptions import WorkflowError
from nominations.selectors.public import featured_program
from records.domain.retention import SERIES_LABELS, Series
from records.forms.retention import RetentionScheduleForm
from records.selectors.retention import UPCOMING_DAYS, schedule_or_blank, upcoming_disposals
from records.services.retention import retention_schedule_update


class RetentionView(StaffOnly, FormView):
    template_name = "records/retention.html"
    form_class = RetentionScheduleForm

    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.program = featured_program()
        if self.program is None:
            raise Http404("No award program.")
        self.schedule = schedule_or_blank(self.program)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {series.value: self.schedule.years(series.value) for series in Series}

    def get_context_data(self, **kwargs):
        upcoming = upcoming_disposals()
        by_series = {
            series: list(items)
            for series, items in groupby(
                sorted(upcoming, key=lambda item: (item.series, item.due, item.pk)),
                key=lambda item: item.series,
            )
        }
        return {
            **super().get_context_data(**kwargs),
            "program": self.program,
            "kept_everything": self.schedule.pk is None,
            "upcoming": [
                {"label": SERIES_LABELS[series], "items": by_series[series]}
                for series in Series
                if series in by_series
            ],
            "upcoming_days": UPCOMING_DAYS,
        }

    def form_valid(self, form):
        try:
            retention_schedule_update(
                program=self.program, actor=self.request.user, years=form.cleaned_data
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "The retention schedule is saved.")
        return HttpResponseRedirect(reverse("records:retention"))


urlpatterns = [path("staff/retention/", RetentionView.as_view(), name="retention")]
