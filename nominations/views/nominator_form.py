"""The nomination form with its autosave, and the review page before submit.

One long page with anchored sections. htmx posts the whole form on change and after a
pause in typing (`HX-Request`), and gets back a small status fragment plus out-of-band
updates of each field's error message; a plain POST (no JavaScript, or the buttons)
saves the same way and redirects. Either way a draft may be incomplete: fields that
pass their checks are saved, fields that fail keep what was typed and show why.
"""

from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView, View

from core.exceptions import ConflictError, WorkflowError
from core.moments import MOMENT_FORMAT, TIME_OF_DAY_FORMAT, moment_in
from nominations.domain.fields import REQUIRED_TO_SUBMIT
from nominations.forms.nomination import SECTION_FIELDS, NominationForm
from nominations.models import Nomination
from nominations.selectors.attachments import nomination_files_context
from nominations.selectors.nominator import nomination_summary, nominator_actions
from nominations.services.nomination import nomination_update_draft
from nominations.states import NominationState
from nominations.views.nominator import (
    OwnNominationMixin,
    deadline_passed_message,
    documents_context,
    nomination_url,
)

SAVED = "saved"
CONFLICT = "conflict"
REFUSED = "refused"


def saved_at_text(nomination: Nomination) -> str:
    """When the nominator last saved it (`saved_at`: never a staff action's time), in
    the cycle's time zone and the style the pages use for times: '10:42 a.m. EST' today,
    'November 27, 2026, 10:42 a.m. EST' before."""
    zone = nomination.cycle.zone
    today = timezone.localtime(timezone.now(), zone).date()
    saved_today = timezone.localtime(nomination.saved_at, zone).date() == today
    return moment_in(
        nomination.saved_at, zone, TIME_OF_DAY_FORMAT if saved_today else MOMENT_FORMAT
    )


def section_status(nomination: Nomination, field_errors: Iterable[str] = ()) -> list[dict]:
    """The step indicator's segments: each section, and whether it is done: something
    is filled in, nothing in it stops the nomination from being submitted, and none of
    its fields shows an error from this save (`field_errors`, the form's field names):
    a refused value is not stored, so the stored one alone could look complete."""
    problem_fields = {field for field, _ in nomination.completeness_problems_by_field()}
    problem_fields |= set(field_errors)
    values = NominationForm.initial_for(nomination)
    return [
        {
            "anchor": anchor,
            "label": label,
            "complete": not (set(fields) & problem_fields)
            and any(values.get(field) for field in fields if field != "kind"),
        }
        for anchor, label, fields in SECTION_FIELDS
    ]


# Every field of the form, in the order the form shows them.
FORM_FIELD_ORDER = {
    field: position
    for position, field in enumerate(
        field for _anchor, _label, fields in SECTION_FIELDS for field in fields
    )
}


def in_form_order(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(field, problem) pairs in the order of the form's fields, so an error summary
    reads top to bottom like the form; problems about the same field keep their order."""
    return sorted(problems, key=lambda item: FORM_FIELD_ORDER.get(item[0], len(FORM_FIELD_ORDER)))


def refusal_message(nomination: Nomination) -> str:
    if nomination.state == NominationState.DRAFT and nomination.edit_blockers():
        return deadline_passed_message(nomination)
    if nomination.state == NominationState.RETURNED and nomination.edit_blockers():
        return "The response deadline has passed, so the nomination can no longer be changed."
    return f"This nomination is “{nomination.public_state_name()}”, so it can no longer be changed."


class NominationEditView(OwnNominationMixin, View):
    template_name = "nominations/nomination_form.html"
    denied_action = "nomination.edit"

    def handle_no_permission(self):
        # Autosave after the session ended: say so plainly. The page keeps the text in
        # the browser and offers to sign in again; a redirect would be swapped in as HTML.
        if self.request.htmx and not self.request.user.is_authenticated:
            return HttpResponse("Your session has ended.", status=401, content_type="text/plain")
        return super().handle_no_permission()

    def get(self, request, pk):
        nomination = self.get_nomination()
        if not nominator_actions(nomination).can_edit:
            messages.info(request, refusal_message(nomination))
            return redirect(nomination_url("nomination_detail", nomination))
        form = NominationForm(initial=NominationForm.initial_for(nomination))
        return self.render_form(form, nomination, expected=nomination.saved_at.isoformat())

    def post(self, request, pk):
        nomination = self.get_nomination()
        form = NominationForm(request.POST)
        form.is_valid()
        outcome, message = SAVED, ""
        try:
            nomination_update_draft(
                nomination=nomination,
                actor=request.user,
                expected_saved_at=form.cleaned_data.get("expected_saved_at"),
                **form.draft_changes(),
            )
        except ConflictError:
            outcome = CONFLICT
        except WorkflowError:
            outcome, message = REFUSED, refusal_message(nomination)
        expected = (
            nomination.saved_at.isoformat()
            if outcome == SAVED
            else request.POST.get("expected_saved_at", "")
        )
        if request.htmx:
            return render(
                request,
                "nominations/_autosave_result.html",
                {
                    "form": form,
                    "nomination": nomination,
                    "outcome": outcome,
                    "message": message,
                    "saved_at": saved_at_text(nomination),
                    "expected": expected,
                    "sections": section_status(nomination, form.errors),
                },
            )
        if outcome == REFUSED:
            messages.error(request, message)
            return redirect(nomination_url("nomination_detail", nomination))
        if outcome == SAVED and not form.errors:
            if "review" in request.POST:
                return redirect(nomination_url("nomination_review", nomination))
            messages.success(request, f"Draft saved at {saved_at_text(nomination)}.")
            return redirect(nomination_url("nomination_edit", nomination))
        return self.render_form(form, nomination, expected=expected, outcome=outcome)

    def render_form(self, form, nomination, *, expected: str, outcome: str = ""):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "nomination": nomination,
                "expected": expected,
                "outcome": outcome,
                "saved_at": saved_at_text(nomination),
                "sections": section_status(nomination, form.errors),
                "required_to_submit": REQUIRED_TO_SUBMIT,
                **documents_context(self.request, nomination),
            },
        )


class NominationReviewView(OwnNominationMixin, TemplateView):
    """Everything entered, what is still missing, and the Submit (or Send back) button."""

    template_name = "nominations/nomination_review.html"

    def get(self, request, *args, **kwargs):
        nomination = self.get_nomination()
        if not nominator_actions(nomination).can_edit:
            if nomination.state == NominationState.SUBMITTED:
                return redirect(nomination_url("nomination_submitted", nomination))
            messages.info(request, refusal_message(nomination))
            return redirect(nomination_url("nomination_detail", nomination))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        nomination = self.get_nomination()
        problems = in_form_order(nomination.completeness_problems_by_field())
        problems_by_field: dict[str, list[str]] = {}
        for field, problem in problems:
            problems_by_field.setdefault(field, []).append(problem)
        summary = nomination_summary(nomination=nomination)
        return super().get_context_data(
            nomination=nomination,
            problems=problems,
            sections=[
                {
                    "section": section,
                    "rows": [(row, problems_by_field.pop(row.field, [])) for row in section.rows],
                }
                for section in summary
            ],
            is_response=nomination.state == NominationState.RETURNED,
            files=nomination_files_context(nomination),
            **kwargs,
        )


urlpatterns = [
    path(
        "nominations/<int:pk>/edit/",
        NominationEditView.as_view(),
        name="nomination_edit",
    ),
    path(
        "nominations/<int:pk>/review/",
        NominationReviewView.as_view(),
        name="nomination_review",
    ),
]
