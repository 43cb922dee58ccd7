"""The nominator's pages: the dashboard, starting a nomination, the read-only view,
submit, resubmit and withdraw. The form and its autosave are in nominator_form.py.

Every page that names a nomination loads it through `OwnNominationMixin`: another
nominator's nomination is a 404, and the attempt is written to the audit log.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView, View

from accounts.roles import Role
from core.access import RoleRequiredMixin, audit_refusal
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    TransitionBlocked,
    WorkflowError,
)
from nominations import rules
from nominations.forms.documents import EndorsementRequestForm
from nominations.forms.nomination import WithdrawForm
from nominations.models import Nomination
from nominations.selectors.attachments import nomination_files_context
from nominations.selectors.nominator import (
    cycles_taking_nominations,
    dashboard_rows,
    nomination_by_pk,
    nomination_public_history,
    nomination_summary,
    nominator_actions,
    untouched_draft,
)
from nominations.selectors.public import cycle_to_nominate_in
from nominations.selectors.your_turn import nominator_turn_items
from nominations.services.nomination import (
    nomination_create,
    nomination_delete_draft,
    nomination_resubmit,
    nomination_submit,
    nomination_withdraw,
)
from nominations.states import NominationState


def nomination_url(name: str, nomination: Nomination) -> str:
    return reverse(f"nominations:{name}", kwargs={"pk": nomination.pk})


def documents_context(request, nomination: Nomination) -> dict:
    """What the attachments and letters-of-support partials need, returning here."""
    return {
        "files": nomination_files_context(nomination),
        "endorsement_form": EndorsementRequestForm(),
        "files_return_to": request.path,
    }


class OwnNominationMixin(RoleRequiredMixin):
    """Loads the nomination named in the URL, for its own nominator only."""

    allowed = rules.is_nominator
    # The audit action a refused attempt is recorded under.
    denied_action = "nomination.view"

    def get_nomination(self) -> Nomination:
        if not hasattr(self, "_nomination"):
            nomination = nomination_by_pk(pk=self.kwargs["pk"])
            if nomination is None:
                raise Http404("No such nomination.")
            if not rules.is_nomination_owner(self.request.user, nomination):
                audit_refusal(
                    self.request,
                    action=self.denied_action,
                    obj=nomination,
                    role=Role.NOMINATOR,
                    note=f"{self.request.method} {self.request.path}: not the nominator",
                )
                raise Http404("No such nomination.")
            self._nomination = nomination
        return self._nomination


class MyNominationsView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/nomination_list.html"
    allowed = rules.is_nominator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rows = dashboard_rows(user=self.request.user)
        context["turn"] = nominator_turn_items(rows)
        context["open_cycles"] = cycles_taking_nominations()
        return context


def start_draft(request, cycle) -> HttpResponseRedirect:
    """Start a draft in `cycle` for the signed-in nominator and open its form, with their
    account's name filled in; or say why not, on My nominations."""
    try:
        nomination = nomination_create(
            cycle=cycle,
            nominator=request.user,
            nominee_kind="organization",
            nominator_name=request.user.full_name,
        )
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("nominations:my_nominations")
    return redirect(nomination_url("nomination_edit", nomination))


class NominationStartView(RoleRequiredMixin, View):
    """POST: start a draft in the chosen cycle and open its form."""

    allowed = rules.is_nominator
    http_method_names = ["post"]

    def post(self, request):
        cycle_pk = request.POST.get("cycle", "")
        cycle = (
            cycle_to_nominate_in(pk=int(cycle_pk))
            if cycle_pk.isascii() and cycle_pk.isdigit()
            else None
        )
        if cycle is None:
            raise Http404("No such cycle.")
        return start_draft(request, cycle)


class NominationStartLinkView(RoleRequiredMixin, View):
    """GET: the "Start a nomination" link of the home page and the call, and the `next`
    of their sign-up and sign-in: it opens the form of a draft in the cycle, so the
    person lands on the first field straight after signing up, confirming their address
    or signing in.

    A link cannot POST, so this GET may start a draft; it opens the nominator's
    untouched draft in the cycle instead when there is one (`untouched_draft`), so
    following it again (a reload, a second sign-in, a link on another site) never piles
    up empty drafts. Anonymous visitors are sent to sign in and come back here.
    """

    allowed = rules.is_nominator
    http_method_names = ["get"]

    def get(self, request, cycle_pk):
        cycle = cycle_to_nominate_in(pk=cycle_pk)
        if cycle is None:
            raise Http404("No such cycle.")
        if draft := untouched_draft(user=request.user, cycle=cycle):
            return redirect(nomination_url("nomination_edit", draft))
        return start_draft(request, cycle)


class NominationDetailView(OwnNominationMixin, TemplateView):
    """The read-only view: status, staff's request, history and everything entered."""

    template_name = "nominations/nomination_detail.html"

    def get_context_data(self, **kwargs):
        nomination = self.get_nomination()
        context = super().get_context_data(**kwargs)
        context |= {
            "nomination": nomination,
            "summary": nomination_summary(nomination=nomination),
            "history": nomination_public_history(nomination=nomination),
            "actions": nominator_actions(nomination),
            **documents_context(self.request, nomination),
        }
        return context


class NominationSubmitView(OwnNominationMixin, View):
    """POST: submit a draft. Repeating it (a double click, a second tab, a retried
    request) lands on the same confirmation without submitting again."""

    http_method_names = ["post"]
    denied_action = "nomination.submit"

    def post(self, request, pk):
        nomination = self.get_nomination()
        confirmation = HttpResponseRedirect(nomination_url("nomination_submitted", nomination))
        if nomination.state == NominationState.SUBMITTED:
            return confirmation
        try:
            nomination_submit(nomination=nomination, actor=request.user)
        except ConflictError:
            # Another request moved it first; if that was this submit, all is well.
            if nomination.state == NominationState.SUBMITTED:
                return confirmation
            messages.error(request, "This nomination changed meanwhile. Check it and try again.")
            return redirect(nomination_url("nomination_detail", nomination))
        except TransitionBlocked:
            if not nomination.cycle.accepts_submissions():
                messages.error(request, deadline_passed_message(nomination))
                return redirect(nomination_url("nomination_detail", nomination))
            return redirect(nomination_url("nomination_review", nomination))
        except WorkflowError as error:
            messages.error(request, refusal_for_nominator(error, nomination, "submitted"))
            return redirect(nomination_url("nomination_detail", nomination))
        return confirmation


def refusal_for_nominator(error: WorkflowError, nomination: Nomination, done: str) -> str:
    """The service's refusal in words fit for the nominator.

    A wrong-state refusal names the state, and the internal name ("Shortlisted", say)
    would reveal a decision before the announcement: say the public name instead.
    """
    if isinstance(error, IllegalTransition):
        state = nomination.public_state_name()
        return f"A nomination that is “{state}” cannot be {done}."
    return error.message


def deadline_passed_message(nomination: Nomination) -> str:
    cycle = nomination.cycle
    return (
        f"Nominations for the {cycle.award_year} award are closed, so this draft can no "
        "longer be submitted. You can still read it here."
    )


class NominationSubmittedView(OwnNominationMixin, TemplateView):
    """The confirmation after submit: the reference number and what happens next."""

    template_name = "nominations/nomination_submitted.html"

    def get(self, request, *args, **kwargs):
        nomination = self.get_nomination()
        if not nomination.reference:
            return redirect(nomination_url("nomination_detail", nomination))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(nomination=self.get_nomination(), **kwargs)


class NominationResubmitView(OwnNominationMixin, View):
    """POST: send back a nomination returned for more information."""

    http_method_names = ["post"]
    denied_action = "nomination.resubmit"

    def post(self, request, pk):
        nomination = self.get_nomination()
        detail = nomination_url("nomination_detail", nomination)
        if nomination.state != NominationState.RETURNED:
            messages.info(request, "This nomination is not waiting for more information.")
            return redirect(detail)
        try:
            nomination_resubmit(nomination=nomination, actor=request.user)
        except TransitionBlocked as error:
            if nomination.response_deadline_passed():
                messages.error(
                    request,
                    "The response deadline has passed, so the nomination can no longer be "
                    "sent back. Please contact the award office.",
                )
                return redirect(detail)
            messages.error(request, "Complete the nomination before you send it back.")
            if not error.reasons:
                return redirect(detail)
            return redirect(nomination_url("nomination_review", nomination))
        except WorkflowError as error:
            messages.error(request, refusal_for_nominator(error, nomination, "sent back"))
            return redirect(detail)
        messages.success(request, "Thank you. We received the information you sent.")
        return redirect(detail)


class NominationWithdrawView(OwnNominationMixin, FormView):
    """GET: ask to confirm, with an optional reason; POST: withdraw for good."""

    template_name = "nominations/nomination_withdraw.html"
    form_class = WithdrawForm
    denied_action = "nomination.withdraw"

    def refuse(self):
        """A draft is deleted, not withdrawn; other states say why not."""
        nomination = self.get_nomination()
        if nominator_actions(nomination).can_delete:
            return redirect(nomination_url("nomination_delete", nomination))
        state = nomination.public_state_name()
        messages.info(self.request, f"A nomination that is “{state}” cannot be withdrawn.")
        return redirect(nomination_url("nomination_detail", nomination))

    def get(self, request, *args, **kwargs):
        if not nominator_actions(self.get_nomination()).can_withdraw:
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(nomination=self.get_nomination(), **kwargs)

    def form_valid(self, form):
        nomination = self.get_nomination()
        if nomination.state == NominationState.DRAFT:
            return self.refuse()
        try:
            nomination_withdraw(
                nomination=nomination, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as error:
            refusal = refusal_for_nominator(error, nomination, "withdrawn")
            messages.error(self.request, refusal)
            return redirect(nomination_url("nomination_detail", nomination))
        messages.success(self.request, f"You withdrew the nomination of {nomination.nominee}.")
        return redirect("nominations:my_nominations")


class NominationDeleteView(OwnNominationMixin, TemplateView):
    """GET: ask to confirm deleting a draft; POST: delete it for good.

    Only a draft, never submitted: a submitted nomination is withdrawn instead, and stays
    on record. Another nominator's draft is a 404 (`OwnNominationMixin`), recorded.
    """

    template_name = "nominations/nomination_delete.html"
    denied_action = "nomination.delete"

    def refuse(self):
        nomination = self.get_nomination()
        state = nomination.public_state_name()
        if nominator_actions(nomination).can_withdraw:
            message = f"A nomination that is “{state}” is not deleted: you can withdraw it."
        else:
            message = f"A nomination that is “{state}” cannot be deleted."
        messages.info(self.request, message)
        return redirect(nomination_url("nomination_detail", nomination))

    def get(self, request, *args, **kwargs):
        if not nominator_actions(self.get_nomination()).can_delete:
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(nomination=self.get_nomination(), **kwargs)

    def post(self, request, pk):
        nomination = self.get_nomination()
        nominee = str(nomination.nominee)
        try:
            nomination_delete_draft(nomination=nomination, actor=request.user)
        except WorkflowError:
            # Say why from what is stored now (a submit in another tab, say).
            self._nomination = nomination_by_pk(pk=pk)
            return self.refuse()
        messages.success(request, f"You deleted the draft nomination of {nominee}.")
        return redirect("nominations:my_nominations")


urlpatterns = [
    path("my/nominations/", MyNominationsView.as_view(), name="my_nominations"),
    path("nominations/start/", NominationStartView.as_view(), name="nomination_start"),
    path(
        "nominations/start/<int:cycle_pk>/",
        NominationStartLinkView.as_view(),
        name="nomination_start_link",
    ),
    path("nominations/<int:pk>/", NominationDetailView.as_view(), name="nomination_detail"),
    path(
        "nominations/<int:pk>/submit/",
        NominationSubmitView.as_view(),
        name="nomination_submit",
    ),
    path(
        "nominations/<int:pk>/submitted/",
        NominationSubmittedView.as_view(),
        name="nomination_submitted",
    ),
    path(
        "nominations/<int:pk>/resubmit/",
        NominationResubmitView.as_view(),
        name="nomination_resubmit",
    ),
    path(
        "nominations/<int:pk>/withdraw/",
        NominationWithdrawView.as_view(),
        name="nomination_withdraw",
    ),
    path(
        "nominations/<int:pk>/delete/",
        NominationDeleteView.as_view(),
        name="nomination_delete",
    ),
]
