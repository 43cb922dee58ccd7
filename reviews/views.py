from django.views.generic import TemplateView


class PanelistHomeView(TemplateView):
    template_name = "reviews/panelist_home.html"
