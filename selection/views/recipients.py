"""A year's recipients, public: each with its affiliation, location and citations, the
links to the year's data files and, for a year that ran in this system, to its
announcement. A year with nothing published (its cycle not announced yet, or no such
year) is a 404."""

from django.http import Http404
from django.urls import path
from django.views.generic import TemplateView

from nominations.selectors.public import featured_program, past_recipients_by_year
from selection.selectors.open_data import recipients_structured_data


class PublicRecipientsView(TemplateView):
    template_name = "selection/recipients_public.html"

    def get_context_data(self, **kwargs):
        program = featured_program()
        years = (
            past_recipients_by_year(program=program, award_year=self.kwargs["year"])
            if program is not None
            else []
        )
        if not years:
            raise Http404("No recipients have been published for that year.")
        year = years[0]
        return {
            **super().get_context_data(**kwargs),
            "program": program,
            "year": year,
            "structured_data": recipients_structured_data(program, year),
        }


urlpatterns: list = [
    path("recipients/<int:year>/", PublicRecipientsView.as_view(), name="recipients_public"),
]
