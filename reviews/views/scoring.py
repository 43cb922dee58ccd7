"""The scoring page: a nomination, its files, the rubric, the panelist's review.

Who gets in: award staff (read-only: the nomination, every submitted review with names,
the discussion) and panelists whose seat may open the nomination (signed, not removed,
no blocking conflict). Everyone else is refused with 403, and the refusal is audited on
the nomination (`reviews.access.refuse_panel_access`). A member of a blind panel sees the
files under generated names and downloads copies without their document metadata
(`reviews.selectors.blind`); staff get the originals.

The review form autosaves like the nominator's form: htmx posts it on change and after a
pause in typing and gets back a status fragment, the new revision and each field's
error message out of band; a plain POST saves and redirects. Once the review is
submitted the form no longer autosaves: changes count when "Submit changes" makes the
next version (see `reviews.services.reviews`). "Submit and go to next" (`next=1`)
submits the same way, then goes on to the panelist's next assigned nomination that still
needs their review (`reviews.selectors.home.next_nomination_to_score`), or back to their
home when none is left; that page checks its own permission as any other visit does.

A save or submission refused (not assigned, declined, the review closed, no seat) is
written to the audit log as "review.denied" (outcome "denied"), by the service that
refused it or, for a user with no seat, by this view, and answered with the reason:
htmx in the status line, a plain POST with the page and, in place of the form, what was
typed, so nothing the panelist wrote is lost.
"""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

from core.access import RoleRequiredMixin, audit_refusal
from core.downloads import PDF, download, pdf_download
from core.exceptions import ConflictError, InvalidInput, WorkflowError
from core.pdf.metadata import PdfMetadataError, without_metadata
from nominations.models import Attachment, EndorsementRequest
from nominations.selectors.attachments import (
    attachment_position,
    download_name,
    endorsement_position,
)
from nominations.states import EndorsementState
from reviews import rules
from reviews.access import refuse_panel_access
from reviews.domain.scale import SCALE, SCORE_DESCRIPTORS
from reviews.forms.discussion import CommentForm
from reviews.forms.scoring import ReviewForm
from reviews.selectors.blind import sees_blind
from reviews.selectors.home import next_nomination_to_score
from reviews.selectors.scoring import (
    nomination_for_panel,
    panel_access,
    panel_of_nomination,
    review_state,
    scoring_page,
)
from reviews.services.reviews import review_save_draft, review_submit
from reviews.states import ReviewState

logger = logging.getLogger(__name__)

SAVED, CONFLICT, REFUSED = "saved", "conflict", "refused"
# The names of the form's submit buttons: "Submit" and "Submit and go to next".
SUBMIT, NEXT = "submit", "next"
BLIND_COPY_FAILED = (
    "This file could not be prepared for a blind review. Award staff can open the original."
)
REVIEW_DENIED_ACTION = "review.denied"
SESSION_ENDED = (
    "Your session has ended, so your latest changes were not saved. They are still on "
    "this page: sign in again in another tab, then change anything here to save them."
)


def may_use_panel_pages(user) -> bool:
    return rules.is_panelist(user) or rules.is_award_staff(user)


class PanelNominationMixin(RoleRequiredMixin):
    """Loads the nomination of the URL (404) and refuses, audited, anyone who may not
    open it as staff or as a member of its panel."""

    allowed = may_use_panel_pages
    what = "scoring page"

    def open_nomination(self, pk: int):
        nomination = nomination_for_panel(pk=pk)
        access = panel_access(user=self.request.user, nomination=nomination)
        if not access.may_open:
            refuse_panel_access(self.request, nomination=nomination, what=self.what)
        return nomination, access


def page_url(nomination, anchor: str = "") -> str:
    url = reverse("reviews:review_nomination", args=[nomination.pk])
    return f"{url}#{anchor}" if anchor else url


def render_scoring_page(
    request, nomination, access, *, form=None, comment_form=None, refused_message="", **extra
):
    """The whole page; `form` and `comment_form` are passed back bound after errors. With
    `refused_message` the review form as sent is shown even when the viewer may not
    score now (read-only, so what they typed is not lost)."""
    page = scoring_page(user=request.user, nomination=nomination, access=access)
    if form is None and page.can_score:
        revision = page.review.revision if page.review else 0
        form = ReviewForm(
            initial=ReviewForm.initial_for(page.review, revision=revision),
            criteria=page.criteria,
        )
    context = {
        "page": page,
        "nomination": nomination,
        "form": form if page.can_score or (refused_message and form is not None) else None,
        "refused_message": refused_message,
        "comment_form": comment_form or CommentForm(),
        "descriptors": SCORE_DESCRIPTORS.items(),
        "scale": SCALE,
        "grace_minutes": int(rules.COMMENT_GRACE.total_seconds() // 60),
        "submitted": bool(page.review and page.review.is_submitted),
        **extra,
    }
    return render(request, "reviews/review_nomination.html", context)


class ReviewNominationView(PanelNominationMixin, View):
    def handle_no_permission(self):
        # An autosave after the session ended: say so in the status line instead of
        # swapping the sign-in page into it. What was typed stays in the form.
        if self.request.htmx and not self.request.user.is_authenticated:
            return render(
                self.request,
                "reviews/_review_autosave.html",
                {"outcome": REFUSED, "message": SESSION_ENDED},
            )
        return super().handle_no_permission()

    def get(self, request, pk):
        nomination, access = self.open_nomination(pk)
        return render_scoring_page(request, nomination, access)

    def post(self, request, pk):
        nomination, access = self.open_nomination(pk)
        seat = access.seat
        criteria = list(nomination.cycle.rubric_criteria.all())
        going_next = NEXT in request.POST
        submitting = SUBMIT in request.POST or going_next
        form = ReviewForm(request.POST, criteria=criteria, require_all=submitting)
        form.is_valid()
        if seat is None:
            message = "Only the panel’s members score nominations."
            audit_refusal(
                request,
                action=REVIEW_DENIED_ACTION,
                obj=nomination,
                note=f"{message} ({request.method} {request.path})",
                data={"submit": submitting},
            )
            return self.refused(nomination, access, form, message)
        if submitting and form.errors and review_state(nomination, seat) == ReviewState.SUBMITTED:
            # Nothing is saved between submissions: show the changes with what is missing.
            return render_scoring_page(request, nomination, access, form=form)
        service = review_submit if submitting and not form.errors else review_save_draft
        try:
            review = service(
                nomination=nomination,
                member=seat,
                actor=request.user,
                data=form.review_data(),
                revision=form.seen_revision,
                page=form.page_id,
            )
        except ConflictError:
            return self.answer(nomination, access, form, outcome=CONFLICT)
        except InvalidInput as error:
            if request.htmx:
                return self.fragment(nomination, form, REFUSED, message=error.message)
            return render_scoring_page(
                request, nomination, access, form=form, problems=error.problems
            )
        except WorkflowError as error:
            return self.refused(nomination, access, form, error.message)
        if submitting and not form.errors:
            messages.success(
                request,
                f"Your review is submitted (version {review.versions.count()}). You can "
                "still change it while the panel is scoring.",
            )
            if going_next:
                return self.go_next(nomination, seat)
            return redirect(page_url(nomination, "review-form"))
        return self.answer(nomination, access, form, outcome=SAVED, review=review)

    def go_next(self, nomination, seat):
        """After "Submit and go to next": the next nomination the panelist is to score,
        or their home with word that the panel's reviews are all in."""
        upcoming = next_nomination_to_score(user=self.request.user, member=seat, after=nomination)
        if upcoming is not None:
            return redirect(page_url(upcoming))
        cycle = nomination.cycle
        messages.success(
            self.request,
            f"You have submitted all your reviews for the {cycle.program.short_name} "
            f"{cycle.award_year} panel.",
        )
        return redirect("reviews:panelist_home")

    def answer(self, nomination, access, form, *, outcome: str, review=None):
        """After a draft save or a conflict: the fragment for htmx; else a redirect when
        all was saved, or the page with the form as sent (errors or conflict)."""
        request = self.request
        revision = review.revision if review is not None else form.seen_revision
        if request.htmx:
            return self.fragment(nomination, form, outcome, revision=revision)
        if outcome == SAVED and not form.errors:
            messages.success(request, "Your draft review is saved.")
            return redirect(page_url(nomination, "review-form"))
        data = request.POST.copy()
        data["revision"] = str(revision)
        bound = ReviewForm(data, criteria=form.criteria, require_all=form.require_all)
        bound.is_valid()
        return render_scoring_page(request, nomination, access, form=bound, outcome=outcome)

    def fragment(self, nomination, form, outcome: str, *, revision=None, message: str = ""):
        return render(
            self.request,
            "reviews/_review_autosave.html",
            {
                "nomination": nomination,
                "form": form,
                "outcome": outcome,
                "message": message,
                "revision": revision,
                "saved_at": timezone.now(),
            },
        )

    def refused(self, nomination, access, form, message: str):
        """A refused save or submission (already audited): the reason, keeping the form."""
        request = self.request
        if request.htmx:
            return self.fragment(nomination, None, REFUSED, message=message)
        return render_scoring_page(request, nomination, access, form=form, refused_message=message)


def panel_pdf_download(request, nomination, field_file, name: str):
    """A stored PDF under its generated name: the original file, or for a viewer who sees
    the panel blind (`reviews.selectors.blind`) a copy without its document metadata.

    A file that cannot be rewritten is not sent to a blind viewer at all: 500 with a
    plain message, and the error is logged for staff.
    """
    if not sees_blind(request.user, panel_of_nomination(nomination)):
        return pdf_download(field_file, name)
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    try:
        copy = without_metadata(data)
    except PdfMetadataError:
        logger.exception("No blind copy of %s for nomination %s", field_file.name, nomination.pk)
        return HttpResponse(BLIND_COPY_FAILED, status=500, content_type="text/plain; charset=utf-8")
    return download(copy, filename=name, content_type=PDF)


class PanelAttachmentView(PanelNominationMixin, View):
    """One of the nomination's attachments, for staff and the panel that may open it."""

    what = "attachment"

    def get(self, request, pk, attachment_pk):
        nomination, _access = self.open_nomination(pk)
        attachment = get_object_or_404(Attachment, pk=attachment_pk, nomination=nomination)
        position = attachment_position(attachment)
        name = download_name(nomination, "attachment", position)
        return panel_pdf_download(request, nomination, attachment.file, name)


class PanelLetterView(PanelNominationMixin, View):
    """One received letter of support, for staff and the panel that may open it."""

    what = "letter of support"

    def get(self, request, pk, letter_pk):
        nomination, _access = self.open_nomination(pk)
        letter = get_object_or_404(
            EndorsementRequest,
            pk=letter_pk,
            nomination=nomination,
            state=EndorsementState.RECEIVED,
            received_after_vetting=False,
        )
        if not letter.letter:
            raise Http404
        position = endorsement_position(letter)
        name = download_name(nomination, "letter", position)
        return panel_pdf_download(request, nomination, letter.letter, name)


urlpatterns = [
    path("nominations/<int:pk>/", ReviewNominationView.as_view(), name="review_nomination"),
    path(
        "nominations/<int:pk>/files/<int:attachment_pk>/",
        PanelAttachmentView.as_view(),
        name="panel_attachment",
    ),
    path(
        "nominations/<int:pk>/letters/<int:letter_pk>/",
        PanelLetterView.as_view(),
        name="panel_letter",
    ),
]
