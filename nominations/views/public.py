"""Public pages: no sign-in needed."""

from django.views.generic import TemplateView

from nominations.selectors.public import featured_program, open_cycle, past_recipients_by_year


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
