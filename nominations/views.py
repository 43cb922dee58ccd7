from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "nominations/home.html"


class MyNominationsView(TemplateView):
    template_name = "nominations/nomination_list.html"


class StaffHomeView(TemplateView):
    template_name = "nominations/staff_home.html"


class SelectionHomeView(TemplateView):
    template_name = "nominations/selection_home.html"
