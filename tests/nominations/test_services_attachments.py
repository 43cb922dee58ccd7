"""attachment_add and attachment_remove: who, when, how many, and what reaches storage."""

import hashlib

import pytest

from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from core.models import AuditEvent
from core.uploads import NOT_A_PDF
from nominations.models import Attachment
from nominations.services.attachments import attachment_add, attachment_remove
from nominations.states import NominationState
from tests import factories
from tests.core.pdf_samples import HTML, StreamedUpload, upload, valid_pdf
from tests.nominations.concurrency import run_at_once

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def stored_files(media_root) -> list[str]:
    folder = media_root / "attachments"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def nomination():
    return factories.NominationFactory()


def test_attachment_add_stores_under_generated_name_and_audits(nomination, media_root):
    data = valid_pdf()

    attachment = attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(data, "Report.pdf")
    )

    attachment.refresh_from_db()
    assert attachment.original_name == "Report.pdf"
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == nomination.nominator
    assert attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith(".pdf")
    assert len(attachment.file.name) == len("attachments/") + 36 + len(".pdf")
    assert (media_root / attachment.file.name).read_bytes() == data
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "attachment.add",
        "done",
        nomination.nominator,
        str(attachment.pk),
    )
    assert event.data == {
        "nomination": nomination.pk,
        "name": "Report.pdf",
        "size": len(data),
        "sha256": attachment.sha256,
    }


def test_attachment_add_path_traversal_and_nul_name_is_cleaned(nomination, media_root):
    attachment = attachment_add(
        nomination=nomination,
        actor=nomination.nominator,
        uploaded_file=upload(valid_pdf(), "../../../etc/pass\x00wd.pdf"),
    )

    assert attachment.original_name == "passwd.pdf"
    assert ".." not in attachment.file.name
    assert stored_files(media_root) == [attachment.file.name.removeprefix("attachments/")]


def test_attachment_add_refused_file_changes_nothing(nomination, media_root):
    with pytest.raises(InvalidInput) as caught:
        attachment_add(
            nomination=nomination, actor=nomination.nominator, uploaded_file=upload(HTML)
        )

    assert caught.value.message == NOT_A_PDF
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize("declared", [None, 1024], ids=["no-size", "understated"])
def test_attachment_add_file_over_the_limit_refused_while_streaming_stores_nothing(
    nomination, media_root, settings, declared
):
    settings.AWARDS_MAX_UPLOAD_BYTES = 1024 * 1024
    streamed = StreamedUpload(valid_pdf(), size=4 * 1024 * 1024, declared=declared)

    with pytest.raises(InvalidInput) as caught:
        attachment_add(nomination=nomination, actor=nomination.nominator, uploaded_file=streamed)

    assert caught.value.message == (
        "The file “big.pdf” is more than 1 MB. Each file must be 1 MB or smaller."
    )
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert stored_files(media_root) == []


def test_attachment_add_sixth_file_is_refused(nomination, media_root):
    for number in range(5):
        attachment_add(
            nomination=nomination,
            actor=nomination.nominator,
            uploaded_file=upload(valid_pdf(f"page {number}")),
        )
    events_before = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as caught:
        attachment_add(
            nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
        )

    assert caught.value.message == (
        "This nomination already has 5 files, the most allowed. Remove one before adding another."
    )
    assert Attachment.objects.filter(nomination=nomination).count() == 5
    assert AuditEvent.objects.count() == events_before
    assert len(stored_files(media_root)) == 5


def test_attachment_add_by_another_nominator_is_refused(nomination, media_root):
    with pytest.raises(NotPermitted):
        attachment_add(
            nomination=nomination, actor=factories.nominator(), uploaded_file=upload(valid_pdf())
        )

    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "state",
    [state for state in NominationState.values if state not in {"draft", "returned"}],
)
def test_attachment_add_outside_draft_and_returned_is_refused(state, media_root):
    nomination = factories.nomination_in(state)

    with pytest.raises(IllegalTransition):
        attachment_add(
            nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
        )

    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_attachment_add_to_returned_nomination_is_allowed(media_root):
    nomination = factories.nomination_in(NominationState.RETURNED)

    attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
    )

    assert nomination.attachments.count() == 1


def test_attachment_remove_deletes_row_and_file_after_commit(
    nomination, media_root, django_capture_on_commit_callbacks
):
    attachment = attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
    )
    path = media_root / attachment.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_remove(attachment=attachment, actor=nomination.nominator)
    assert path.exists()
    for callback in callbacks:
        callback()

    assert not path.exists()
    assert Attachment.objects.count() == 0
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.actor, event.data["name"]) == (
        "attachment.remove",
        nomination.nominator,
        "evidence.pdf",
    )


def test_attachment_removed_from_a_stale_copy_is_refused_with_one_event(nomination):
    """Two tabs remove the same file: the second changes nothing and writes nothing."""
    attachment = attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
    )
    stale = Attachment.objects.get(pk=attachment.pk)
    attachment_remove(attachment=attachment, actor=nomination.nominator)

    with pytest.raises(ConflictError) as gone:
        attachment_remove(attachment=stale, actor=nomination.nominator)

    assert gone.value.message == "“evidence.pdf” was already removed; nothing changed."
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "attachment.add",
        "attachment.remove",
    ]


def test_attachment_remove_by_another_user_changes_nothing(nomination, media_root, staff):
    attachment = attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
    )
    events_before = AuditEvent.objects.count()

    for actor in (factories.nominator(), staff):
        with pytest.raises(NotPermitted):
            attachment_remove(attachment=attachment, actor=actor)

    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert (media_root / attachment.file.name).exists()
    assert AuditEvent.objects.count() == events_before


def test_attachment_remove_after_submit_is_refused(media_root):
    nomination = factories.NominationFactory()
    attachment = attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf())
    )
    submitted = factories.nomination_in(NominationState.SUBMITTED, nominator=nomination.nominator)
    Attachment.objects.filter(pk=attachment.pk).update(nomination=submitted)
    attachment.refresh_from_db()

    with pytest.raises(IllegalTransition):
        attachment_remove(attachment=attachment, actor=nomination.nominator)

    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_attachment_add_two_at_once_for_the_last_place_one_wins(media_root):
    nomination = factories.NominationFactory()
    for number in range(4):
        attach_pdf(nomination, f"page {number}")

    outcomes = run_at_once(
        [lambda text=text: attach_pdf(nomination, text) for text in ("fifth", "sixth")]
    )

    assert outcomes.count("ok") == 1
    assert [type(o).__name__ for o in outcomes if o != "ok"] == ["TransitionBlocked"]
    assert Attachment.objects.filter(nomination=nomination).count() == 5
    assert len(stored_files(media_root)) == 5


def attach_pdf(nomination, text: str) -> Attachment:
    return attachment_add(
        nomination=nomination, actor=nomination.nominator, uploaded_file=upload(valid_pdf(text))
    )
