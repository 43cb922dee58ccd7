"""The nominator's attachments: adding and removing PDFs of evidence.

Each service checks the nomination's state (IllegalTransition), that the actor owns it
(NotPermitted), the limit (TransitionBlocked) and the file (InvalidUpload, with the
message `core.uploads` gives); then, with the nomination row locked so two
uploads at once cannot pass the limit together, it writes the row and one audit event.
A refused call changes nothing and leaves no file behind.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from accounts.roles import Role
from core.exceptions import IllegalTransition, InvalidUpload, NotPermitted, TransitionBlocked
from core.services.audit import audit_record
from core.transitions import refuse_if_gone
from core.uploads import CheckedPdf, UploadedFileLike, check_upload
from nominations import rules
from nominations.models import Attachment, Nomination
from nominations.models.files import MAX_ATTACHMENTS
from nominations.services.locking import locked_nomination


def attachment_add(*, nomination: Nomination, actor, uploaded_file: UploadedFileLike) -> Attachment:
    """Check `uploaded_file` and attach it to a draft or returned nomination.

    Stores the file under a generated name, creates the Attachment and one
    "attachment.add" audit event. Schedules nothing.
    """
    _check_may_change(nomination, actor, "add files to")
    _check_room(nomination)
    checked = checked_upload(uploaded_file)
    attachment = Attachment(
        nomination=nomination,
        original_name=checked.name,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    with stored_pdf(attachment.file, checked), transaction.atomic():
        locked = locked_nomination(nomination)
        _check_may_change(locked, actor, "add files to")
        _check_room(locked)
        attachment.save()
        audit_record(
            action="attachment.add",
            actor=actor,
            obj=attachment,
            role=Role.NOMINATOR,
            data=_file_data(attachment),
        )
    return attachment


def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove an attachment from a draft or returned nomination.

    Deletes the row with one "attachment.remove" audit event (which keeps the file's
    name, size and SHA-256); schedules the stored file's deletion after commit.
    """
    nomination = attachment.nomination
    _check_may_change(nomination, actor, "remove files from")
    with transaction.atomic():
        _check_may_change(locked_nomination(nomination), actor, "remove files from")
        refuse_if_gone(attachment, f"“{attachment.original_name}”")
        audit_record(
            action="attachment.remove",
            actor=actor,
            obj=attachment,
            role=Role.NOMINATOR,
            data=_file_data(attachment),
        )
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# -- shared with the endorsement services ----------------------------------------------------


def checked_upload(uploaded_file: UploadedFileLike) -> CheckedPdf:
    """The upload checks and the virus scan, their refusal as InvalidUpload."""
    try:
        return check_upload(uploaded_file)
    except ValidationError as error:
        raise InvalidUpload(" ".join(error.messages), problems=error.messages) from error


@contextmanager
def stored_pdf(field_file: FieldFile, checked: CheckedPdf) -> Iterator[str]:
    """Write the checked bytes to storage under the field's generated name; delete them
    again if the block raises, so a refused or rolled-back write leaves no file."""
    field_file.save("upload.pdf", ContentFile(checked.data), save=False)
    try:
        yield field_file.name
    except BaseException:
        field_file.storage.delete(field_file.name)
        raise


# -- internals ---------------------------------------------------------------------------------


def _check_may_change(nomination: Nomination, actor, verb: str) -> None:
    if nomination.state not in rules.ATTACHMENT_STATES:
        raise IllegalTransition(
            f"You cannot {verb} a nomination that is {nomination.public_state_name().lower()}."
        )
    if not rules.can_change_attachments(actor, nomination):
        raise NotPermitted(f"Only the nominator can {verb} this nomination.")


def _check_room(nomination: Nomination) -> None:
    if nomination.attachments.count() >= MAX_ATTACHMENTS:
        reason = (
            f"This nomination already has {MAX_ATTACHMENTS} files, the most allowed. "
            "Remove one before adding another."
        )
        raise TransitionBlocked(reason, reasons=[reason])


def _file_data(attachment: Attachment) -> dict:
    return {
        "nomination": attachment.nomination_id,
        "name": attachment.original_name,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }
