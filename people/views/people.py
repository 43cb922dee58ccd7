"""Award staff's people pages: every account, and one person's account with what staff
do to it (roles, sessions, second factors, deactivation), each a POST to its own
address that comes back to the person's page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from accounts.rules import role_names
from core.access import StaffOnly
from core.exceptions import InvalidInput, WorkflowError
from people.forms import DeactivateForm, MfaResetForm, PeopleSearchForm, RoleForm
from people.rules import why_not_change_account
from people.selectors.invitations import waiting_invitations_count
from people.selectors.people import (
    people_page,
    person_factors,
    person_history,
    person_identity_providers,
    person_sessions,
)
from people.services.accounts import (
    account_deactivate,
    account_mfa_reset,
    account_reactivate,
    account_sessions_end,
)
from people.services.roles import role_grant, role_revoke


class PeopleView(StaffOnly, TemplateView):
    """Every account, by address, 50 a page; search by name or address, filter by role."""

    template_name = "people/people.html"

    def get_context_data(self, **kwargs):
        form = PeopleSearchForm(self.request.GET)
        query, role = "", ""
        if form.is_valid():
            query, role = form.cleaned_data["q"], form.cleaned_data["role"]
        context = people_page(query=query, role=role, number=self.request.GET.get("page"))
        filters = {key: value for key, value in (("q", query), ("role", role)) if value}
        return {
            **super().get_context_data(**kwargs),
            **context,
            "form": form,
            "query": urlencode(filters),
            "filtered": bool(filters),
            "invitations_waiting": waiting_invitations_count(),
        }


class PersonMixin(StaffOnly):
    """The person the address names (404 when there is none), for award staff."""

    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.person = get_user_model().objects.filter(pk=kwargs["pk"]).first()
        if self.person is None:
            raise Http404("No such person.")
        return super().dispatch(request, *args, **kwargs)


class PersonView(PersonMixin, TemplateView):
    template_name = "people/person.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **person_context(self.request, self.person)}


def person_context(request, person, **forms) -> dict:
    held = role_names(person)
    grant_form = forms.get("grant_form") or RoleForm(held=held)
    return {
        "person": person,
        "roles": sorted(held),
        "factors": person_factors(person),
        "sessions": person_sessions(person),
        "identity_providers": person_identity_providers(person),
        "history": person_history(person),
        "why_not": why_not_change_account(request.user, person),
        "grant_form": grant_form,
        "mfa_form": forms.get("mfa_form") or MfaResetForm(prefix="mfa"),
        "deactivate_form": forms.get("deactivate_form") or DeactivateForm(prefix="deactivate"),
    }


class PersonActionView(PersonMixin, View):
    """One action on the person's account: `act` calls its service with the form's
    values and returns what to tell staff. A refusal is shown on the person's page (next
    to the field for a typing mistake); nothing changes."""

    form_class = None
    form_name = ""
    prefix = None

    def form(self):
        return self.form_class(self.request.POST, prefix=self.prefix)

    def post(self, request, pk: int):
        form = self.form() if self.form_class else None
        if form is not None and not form.is_valid():
            return self.page_with(form)
        try:
            done = self.act(form.cleaned_data if form is not None else {})
        except InvalidInput as error:
            if form is None:
                messages.error(request, error.message)
                return self.back()
            form.add_error(None, error.message)
            return self.page_with(form)
        except WorkflowError as error:
            messages.error(request, error.message)
            return self.back()
        messages.success(request, done)
        return self.back()

    def act(self, values: dict) -> str:
        raise NotImplementedError

    def back(self):
        return HttpResponseRedirect(reverse("people:person", args=[self.person.pk]))

    def page_with(self, form):
        context = person_context(self.request, self.person, **{self.form_name: form})
        return render(self.request, PersonView.template_name, context)


class RoleGrantView(PersonActionView):
    form_class = RoleForm
    form_name = "grant_form"

    def form(self):
        return RoleForm(self.request.POST, held=role_names(self.person))

    def act(self, values):
        role_grant(actor=self.request.user, person=self.person, role=values["role"])
        return f"{self.person} now has the role {values['role']}."


class RoleRevokeView(PersonActionView):
    form_class = RoleForm

    def page_with(self, form):
        messages.error(self.request, "Choose a role the person has.")
        return self.back()

    def act(self, values):
        role_revoke(actor=self.request.user, person=self.person, role=values["role"])
        return f"{self.person} no longer has the role {values['role']}."


class SessionsEndView(PersonActionView):
    def act(self, values):
        ended = account_sessions_end(actor=self.request.user, person=self.person)
        listed = f" ({ended} listed)" if ended else ""
        return f"Every session of {self.person} is ended{listed}; they sign in again."


class MfaResetView(PersonActionView):
    form_class = MfaResetForm
    form_name = "mfa_form"
    prefix = "mfa"

    def act(self, values):
        account_mfa_reset(actor=self.request.user, person=self.person, reason=values["reason"])
        return (
            f"{self.person}'s second factors are removed and their sessions ended. At their "
            "next sign-in they set up a new one."
        )


class DeactivateView(PersonActionView):
    form_class = DeactivateForm
    form_name = "deactivate_form"
    prefix = "deactivate"

    def act(self, values):
        account_deactivate(actor=self.request.user, person=self.person, reason=values["reason"])
        return f"{self.person}'s account is deactivated and every session of theirs ended."


class ReactivateView(PersonActionView):
    def act(self, values):
        account_reactivate(actor=self.request.user, person=self.person)
        return f"{self.person}'s account is active again."


urlpatterns = [
    path("staff/people/", PeopleView.as_view(), name="people"),
    path("staff/people/<int:pk>/", PersonView.as_view(), name="person"),
    path("staff/people/<int:pk>/roles/grant/", RoleGrantView.as_view(), name="role_grant"),
    path("staff/people/<int:pk>/roles/remove/", RoleRevokeView.as_view(), name="role_revoke"),
    path("staff/people/<int:pk>/sessions/end/", SessionsEndView.as_view(), name="sessions_end"),
    path("staff/people/<int:pk>/mfa/reset/", MfaResetView.as_view(), name="mfa_reset"),
    path("staff/people/<int:pk>/deactivate/", DeactivateView.as_view(), name="deactivate"),
    path("staff/people/<int:pk>/reactivate/", ReactivateView.as_view(), name="reactivate"),
]
