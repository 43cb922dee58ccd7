"""Award staff's vetting pages: checklist findings and their evidence, return for
information (and taking a returned nomination back, or extending its due date), mark
ineligible, and linking duplicates (DESIGN.md §2.3).

Every view lets in award staff only (RoleRequiredMixin audits the others' attempts),
then checks the nomination itself with `rules.can_vet`: staff never vet their own
nomination. Each calls one service and goes back to the staff detail page.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views import View

from accounts.roles import Role
from core.access import RoleRequiredMixin, audit_refusal
from core.downloads import pdf_download
from core.exceptions import InvalidInput, InvalidUpload, WorkflowError
from nominations import rules
from nominations.forms.vetting import (
    ChecklistResultForm,
    DuplicateLinkForm,
    ExtendDueDateForm,
    MarkIneligibleForm,
    ReturnForInfoForm,
    TakeBackForm,
)
from nominations.models import ChecklistItem, ChecklistResult, Nomination
from nominations.selectors.vetting import checklist_row, ineligible_notice_text
from nominations.services.duplicates import duplicate_link, duplicate_unlink
from nominations.services.nomination import (
    nomination_extend_due_date,
    nomination_mark_ineligible,
    nomination_return_for_info,
    nomination_take_back,
)
from nominations.services.vetting import checklist_record_result
from nominations.states import NominationState
from nominations.views.attachments import deny


def staff_detail_url(nomination: Nomination) -> str:
    return reverse("nominations:staff_nomination", args=[nomination.pk])


class VettingMixin(RoleRequiredMixin):
    """Award staff only; then the nomination of the URL, if the user may vet it."""

    allowed = rules.is_award_staff
    denied_action = "nomination.vet"

    def vetted_nomination(self, pk: int | None = None) -> Nomination:
        nomination = get_object_or_404(
            Nomination.objects.select_related("cycle__program", "nominee", "nominator"),
            pk=self.kwargs["pk"] if pk is None else pk,
        )
        if not rules.can_vet(self.request.user, nomination):
            audit_refusal(
                self.request,
                action=self.denied_action,
                obj=nomination,
                note=f"{self.request.method} {self.request.path}",
                role=Role.AWARD_STAFF,
            )
            raise PermissionDenied(
                "You are a party to this nomination (you made it, are its nominee or the "
                "nominee’s contact, or were asked for a letter of support), so another member "
                "of award staff handles it."
            )
        return nomination


# -- checklist ---------------------------------------------------------------------------


class ChecklistResultView(VettingMixin, View):
    """GET: one check's form on a page of its own (for browsers without JavaScript).
    POST: record the finding; htmx gets the refreshed row, others a redirect."""

    denied_action = "checklist.record"
    template_name = "nominations/checklistresult_edit.html"

    def item(self, nomination: Nomination) -> ChecklistItem:
        return get_object_or_404(
            ChecklistItem, pk=self.kwargs["item_pk"], cycle_id=nomination.cycle_id
        )

    def get(self, request, pk, item_pk):
        nomination = self.vetted_nomination()
        return self.answer(nomination, self.item(nomination))

    def post(self, request, pk, item_pk):
        nomination = self.vetted_nomination()
        item = self.item(nomination)
        form = ChecklistResultForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.answer(nomination, item, errors=form.errors, posted=request.POST)
        try:
            checklist_record_result(
                nomination=nomination,
                item=item,
                actor=request.user,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"] or None,
                expected_revision=form.cleaned_data["revision"],
            )
        except InvalidUpload as error:
            return self.answer(
                nomination, item, errors={"evidence": error.problems}, posted=request.POST
            )
        except WorkflowError as error:
            # On a ConflictError this shows the finding that won, with a form on its
            # revision: nothing of theirs is overwritten, and the user's note is kept.
            return self.answer(nomination, item, alert=error.message, posted=request.POST)
        status = f"Check recorded: {item.text}."
        if request.htmx:
            return self.answer(nomination, item, status=status)
        messages.success(request, status)
        return HttpResponseRedirect(staff_detail_url(nomination))

    def answer(self, nomination, item, *, errors=None, alert="", status="", posted=None):
        context = {
            "nomination": nomination,
            "row": checklist_row(nomination, item),
            "editable": nomination.state == NominationState.VETTING,
            "errors": errors or {},
            "alert": alert,
            "status_message": status,
            # What the form shows: the user's own input after a refusal, else the finding.
            "values": {"result": posted.get("result", ""), "note": posted.get("note", "")}
            if posted is not None
            else None,
        }
        template = "nominations/_checklist_item.html" if self.request.htmx else self.template_name
        return render(self.request, template, context)


class EvidenceDownloadView(LoginRequiredMixin, View):
    """A check's evidence, to award staff who may vet the nomination. Anyone else who
    is signed in gets 404, like a missing file (whether evidence exists is nobody
    else's business), and the attempt is audited."""

    def get(self, request, pk, item_pk):
        result = get_object_or_404(
            ChecklistResult.objects.select_related("nomination", "item"),
            nomination_id=pk,
            item_id=item_pk,
        )
        if not rules.can_vet(request.user, result.nomination):
            deny(request, action="checklist.evidence_download", obj=result.nomination)
        if not result.evidence:
            raise Http404
        nomination = result.nomination
        prefix = nomination.reference or f"nomination-{nomination.pk}"
        return pdf_download(result.evidence, f"{prefix}-check-{result.item.position}-evidence.pdf")


# -- return for information and mark ineligible ------------------------------------------


class ReturnForInfoView(VettingMixin, View):
    denied_action = "nomination.return_for_info"
    template_name = "nominations/nomination_return.html"

    def get(self, request, pk):
        nomination = self.vetted_nomination()
        return self.page(nomination, ReturnForInfoForm(cycle=nomination.cycle))

    def post(self, request, pk):
        nomination = self.vetted_nomination()
        form = ReturnForInfoForm(request.POST, cycle=nomination.cycle)
        if not form.is_valid():
            return self.page(nomination, form)
        try:
            nomination_return_for_info(
                nomination=nomination,
                actor=request.user,
                message=form.cleaned_data["message"],
                due_date=form.cleaned_data["due_date"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, form)
        messages.success(
            request,
            f"{nomination.reference} was returned to the nominator for more information.",
        )
        return HttpResponseRedirect(staff_detail_url(nomination))

    def page(self, nomination, form):
        return render(self.request, self.template_name, {"nomination": nomination, "form": form})


class TakeBackView(VettingMixin, View):
    """Take a returned nomination back into vetting, with a reason the nominator is sent."""

    denied_action = "nomination.take_back"
    template_name = "nominations/nomination_take_back.html"

    def get(self, request, pk):
        return self.page(self.vetted_nomination(), TakeBackForm())

    def post(self, request, pk):
        nomination = self.vetted_nomination()
        form = TakeBackForm(request.POST)
        if not form.is_valid():
            return self.page(nomination, form)
        try:
            nomination_take_back(
                nomination=nomination, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as error:
            form.add_error("reason", error.problems)
            return self.page(nomination, form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, form)
        messages.success(
            request,
            f"{nomination.reference} is back in vetting and the nominator was told. "
            "Assess it as it stands: clear it for the panel or mark it ineligible.",
        )
        return HttpResponseRedirect(staff_detail_url(nomination))

    def page(self, nomination, form):
        return render(self.request, self.template_name, {"nomination": nomination, "form": form})


class ExtendDueDateView(VettingMixin, View):
    """Give the nominator of a returned nomination a later response due date."""

    denied_action = "nomination.extend_due_date"
    template_name = "nominations/nomination_extend_due_date.html"

    def get(self, request, pk):
        nomination = self.vetted_nomination()
        return self.page(nomination, ExtendDueDateForm(nomination=nomination))

    def post(self, request, pk):
        nomination = self.vetted_nomination()
        form = ExtendDueDateForm(request.POST, nomination=nomination)
        if not form.is_valid():
            return self.page(nomination, form)
        try:
            nomination_extend_due_date(
                nomination=nomination,
                actor=request.user,
                due_date=form.cleaned_data["due_date"],
                note=form.cleaned_data["note"],
            )
        except InvalidInput as error:
            form.add_error("due_date", error.problems)
            return self.page(nomination, form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, form)
        due = nomination.info_due_date
        messages.success(
            request,
            f"The response to {nomination.reference} is now due {due:%B} {due.day}, "
            f"{due.year}, and the nominator was told.",
        )
        return HttpResponseRedirect(staff_detail_url(nomination))

    def page(self, nomination, form):
        return render(self.request, self.template_name, {"nomination": nomination, "form": form})


class MarkIneligibleView(VettingMixin, View):
    """Step one takes the reason and prefills the notice from the standard text; step
    two lets staff edit the notice, then marks the nomination ineligible and sends it."""

    denied_action = "nomination.mark_ineligible"
    template_name = "nominations/nomination_ineligible.html"

    def get(self, request, pk):
        return self.page(self.vetted_nomination(), MarkIneligibleForm(), step="reason")

    def post(self, request, pk):
        nomination = self.vetted_nomination()
        sending = request.POST.get("step") == "send"
        form = MarkIneligibleForm(request.POST, sending=sending)
        if not form.is_valid():
            return self.page(nomination, form, step="notice" if sending else "reason")
        reason = form.cleaned_data["reason"]
        if not sending:
            notice = ineligible_notice_text(nomination=nomination, reason=reason)
            prepared = MarkIneligibleForm(initial={"reason": reason, "notice": notice})
            return self.page(nomination, prepared, step="notice")
        try:
            nomination_mark_ineligible(
                nomination=nomination,
                actor=request.user,
                reason=reason,
                notice=form.cleaned_data["notice"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, form, step="notice")
        messages.success(
            request,
            f"{nomination.reference} was marked ineligible and the notice was sent.",
        )
        return HttpResponseRedirect(staff_detail_url(nomination))

    def page(self, nomination, form, *, step: str):
        return render(
            self.request,
            self.template_name,
            {"nomination": nomination, "form": form, "step": step},
        )


# -- duplicates ----------------------------------------------------------------------------


class DuplicateLinkView(VettingMixin, View):
    """POST: link the nomination with another one of its cycle into one case."""

    denied_action = "duplicate.link"

    def post(self, request, pk, other_pk):
        nomination = self.vetted_nomination()
        other = self.vetted_nomination(other_pk)
        form = DuplicateLinkForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            duplicate_link(nominations=[nomination, other], actor=request.user, note=note)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{nomination.reference} and {other.reference} are linked as one case."
            )
        return HttpResponseRedirect(staff_detail_url(nomination))


class DuplicateUnlinkView(VettingMixin, View):
    """POST: take a nomination (this one, or another of its case) out of the case."""

    denied_action = "duplicate.unlink"

    def post(self, request, pk, other_pk):
        nomination = self.vetted_nomination()
        other = nomination if other_pk == nomination.pk else self.vetted_nomination(other_pk)
        if other.duplicate_case_id is None or other.duplicate_case_id != (
            nomination.duplicate_case_id
        ):
            messages.error(request, f"{other.reference} is not linked to this nomination.")
            return HttpResponseRedirect(staff_detail_url(nomination))
        try:
            duplicate_unlink(nomination=other, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{other.reference} is no longer linked.")
        return HttpResponseRedirect(staff_detail_url(nomination))


urlpatterns = [
    path(
        "staff/nominations/<int:pk>/checklist/<int:item_pk>/",
        ChecklistResultView.as_view(),
        name="staff_checklist_result",
    ),
    path(
        "staff/nominations/<int:pk>/checklist/<int:item_pk>/evidence/",
        EvidenceDownloadView.as_view(),
        name="staff_checklist_evidence",
    ),
    path(
        "staff/nominations/<int:pk>/return/",
        ReturnForInfoView.as_view(),
        name="staff_return_for_info",
    ),
    path(
        "staff/nominations/<int:pk>/take-back/",
        TakeBackView.as_view(),
        name="staff_take_back",
    ),
    path(
        "staff/nominations/<int:pk>/due-date/",
        ExtendDueDateView.as_view(),
        name="staff_extend_due_date",
    ),
    path(
        "staff/nominations/<int:pk>/ineligible/",
        MarkIneligibleView.as_view(),
        name="staff_mark_ineligible",
    ),
    path(
        "staff/nominations/<int:pk>/duplicates/<int:other_pk>/link/",
        DuplicateLinkView.as_view(),
        name="staff_duplicate_link",
    ),
    path(
        "staff/nominations/<int:pk>/duplicates/<int:other_pk>/unlink/",
        DuplicateUnlinkView.as_view(),
        name="staff_duplicate_unlink",
    ),
]
