from django.urls import path

from nominations.views import (
    attachments,
    endorsements,
    nominator,
    nominator_form,
    public,
    staff,
    staff_cycles,
    staff_detail,
    staff_outbox,
    staff_queue,
    staff_vetting,
)

app_name = "nominations"

urlpatterns = [
    # Public
    path("", public.HomeView.as_view(), name="home"),
    path("call/<int:pk>/", public.CycleCallView.as_view(), name="cycle_call"),
    # Nominators
    path("my/nominations/", nominator.MyNominationsView.as_view(), name="my_nominations"),
    path("nominations/start/", nominator.NominationStartView.as_view(), name="nomination_start"),
    path(
        "nominations/<int:pk>/", nominator.NominationDetailView.as_view(), name="nomination_detail"
    ),
    path(
        "nominations/<int:pk>/edit/",
        nominator_form.NominationEditView.as_view(),
        name="nomination_edit",
    ),
    path(
        "nominations/<int:pk>/review/",
        nominator_form.NominationReviewView.as_view(),
        name="nomination_review",
    ),
    path(
        "nominations/<int:pk>/submit/",
        nominator.NominationSubmitView.as_view(),
        name="nomination_submit",
    ),
    path(
        "nominations/<int:pk>/submitted/",
        nominator.NominationSubmittedView.as_view(),
        name="nomination_submitted",
    ),
    path(
        "nominations/<int:pk>/resubmit/",
        nominator.NominationResubmitView.as_view(),
        name="nomination_resubmit",
    ),
    path(
        "nominations/<int:pk>/withdraw/",
        nominator.NominationWithdrawView.as_view(),
        name="nomination_withdraw",
    ),
    # Attachments and letters of support (nominations/views/attachments.py and
    # endorsements.py). Downloads: owner and award staff only. /endorse/ needs no account.
    path(
        "nominations/<int:pk>/documents/",
        attachments.DocumentsView.as_view(),
        name="nomination_documents",
    ),
    path(
        "nominations/<int:pk>/attachments/",
        attachments.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "nominations/<int:pk>/files/<int:attachment_pk>/",
        attachments.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "nominations/<int:pk>/files/<int:attachment_pk>/remove/",
        attachments.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path(
        "nominations/<int:pk>/endorsements/",
        endorsements.EndorsementRequestView.as_view(),
        name="endorsement_request",
    ),
    path(
        "nominations/<int:pk>/endorsements/<int:request_pk>/resend/",
        endorsements.EndorsementResendView.as_view(),
        name="endorsement_resend",
    ),
    path(
        "nominations/<int:pk>/endorsements/<int:request_pk>/cancel/",
        endorsements.EndorsementCancelView.as_view(),
        name="endorsement_cancel",
    ),
    path(
        "nominations/<int:pk>/letters/<int:request_pk>/",
        endorsements.LetterDownloadView.as_view(),
        name="letter_download",
    ),
    path("endorse/thank-you/", endorsements.EndorseThanksView.as_view(), name="endorse_thanks"),
    path("endorse/<str:token>/", endorsements.EndorseView.as_view(), name="endorse"),
    # End of attachments and letters of support.
    # Award staff
    path("staff/", staff.StaffHomeView.as_view(), name="staff_home"),
    # Staff console: queue, export, nomination detail and simple transitions
    # (nominations/views/staff_queue.py and staff_detail.py).
    path("staff/nominations/", staff_queue.NominationQueueView.as_view(), name="staff_queue"),
    path(
        "staff/nominations/export.csv",
        staff_queue.NominationExportView.as_view(),
        name="staff_export",
    ),
    path(
        "staff/nominations/<int:pk>/",
        staff_detail.StaffNominationView.as_view(),
        name="staff_nomination",
    ),
    path(
        "staff/nominations/<int:pk>/transitions/<slug:name>/",
        staff_detail.NominationTransitionView.as_view(),
        name="staff_transition",
    ),
    # End of the staff console's queue and detail.
    # Staff console: vetting checklist and evidence, return for information, mark
    # ineligible, duplicates (nominations/views/staff_vetting.py).
    path(
        "staff/nominations/<int:pk>/checklist/<int:item_pk>/",
        staff_vetting.ChecklistResultView.as_view(),
        name="staff_checklist_result",
    ),
    path(
        "staff/nominations/<int:pk>/checklist/<int:item_pk>/evidence/",
        staff_vetting.EvidenceDownloadView.as_view(),
        name="staff_checklist_evidence",
    ),
    path(
        "staff/nominations/<int:pk>/return/",
        staff_vetting.ReturnForInfoView.as_view(),
        name="staff_return_for_info",
    ),
    path(
        "staff/nominations/<int:pk>/ineligible/",
        staff_vetting.MarkIneligibleView.as_view(),
        name="staff_mark_ineligible",
    ),
    path(
        "staff/nominations/<int:pk>/duplicates/<int:other_pk>/link/",
        staff_vetting.DuplicateLinkView.as_view(),
        name="staff_duplicate_link",
    ),
    path(
        "staff/nominations/<int:pk>/duplicates/<int:other_pk>/unlink/",
        staff_vetting.DuplicateUnlinkView.as_view(),
        name="staff_duplicate_unlink",
    ),
    # End of vetting, returns, ineligibility and duplicates.
    # Staff console: cycles (set-up, rubric, checklist, transitions) and the email
    # outbox (nominations/views/staff_cycles.py and staff_outbox.py).
    path("staff/cycles/", staff_cycles.CycleListView.as_view(), name="staff_cycles"),
    path("staff/cycles/new/", staff_cycles.CycleCreateView.as_view(), name="staff_cycle_create"),
    path("staff/cycles/<int:pk>/", staff_cycles.CycleDetailView.as_view(), name="staff_cycle"),
    path(
        "staff/cycles/<int:pk>/edit/", staff_cycles.CycleEditView.as_view(), name="staff_cycle_edit"
    ),
    path(
        "staff/cycles/<int:pk>/transitions/<slug:name>/",
        staff_cycles.CycleTransitionView.as_view(),
        name="staff_cycle_transition",
    ),
    path(
        "staff/cycles/<int:pk>/rubric/new/",
        staff_cycles.RubricCriterionView.as_view(),
        name="staff_rubric_add",
    ),
    path(
        "staff/cycles/<int:pk>/rubric/<int:part_pk>/",
        staff_cycles.RubricCriterionView.as_view(),
        name="staff_rubric_edit",
    ),
    path(
        "staff/cycles/<int:pk>/rubric/<int:part_pk>/remove/",
        staff_cycles.RubricCriterionDeleteView.as_view(),
        name="staff_rubric_remove",
    ),
    path(
        "staff/cycles/<int:pk>/checklist/new/",
        staff_cycles.ChecklistItemView.as_view(),
        name="staff_checklist_add",
    ),
    path(
        "staff/cycles/<int:pk>/checklist/<int:part_pk>/",
        staff_cycles.ChecklistItemView.as_view(),
        name="staff_checklist_edit",
    ),
    path(
        "staff/cycles/<int:pk>/checklist/<int:part_pk>/remove/",
        staff_cycles.ChecklistItemDeleteView.as_view(),
        name="staff_checklist_remove",
    ),
    path("staff/outbox/", staff_outbox.OutboxListView.as_view(), name="staff_outbox"),
    path(
        "staff/outbox/<int:pk>/resend/",
        staff_outbox.OutboxResendView.as_view(),
        name="staff_outbox_resend",
    ),
    # End of cycles and outbox.
]
