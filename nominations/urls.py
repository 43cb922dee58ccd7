from django.urls import path

from nominations.views import attachments, endorsements, nominator, public, selection, staff

app_name = "nominations"

urlpatterns = [
    # Public
    path("", public.HomeView.as_view(), name="home"),
    # Nominators
    path("my/nominations/", nominator.MyNominationsView.as_view(), name="my_nominations"),
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
    # Selecting official
    path("selection/", selection.SelectionHomeView.as_view(), name="selection_home"),
]
