"""The certificate's images: the signature of a cycle's signatory and the seal or emblem
of a program (DESIGN.md §2.6).

Each upload is checked by content and re-encoded as PNG by `core.uploaded_images` (a
refusal raises InvalidUpload with its message), stored under a generated name in the
default storage like every upload, and replaces the image before it, whose file is
deleted once the change commits. Award staff only (`rules.can_manage_cycle`,
`rules.can_manage_program`); an archived cycle's signature no longer changes. Certificates
already issued keep the images they were drawn with: each PDF carries its own copy.

Every change writes one audit event, "cycle.signature_image" or "program.seal_image",
with the stored file's name, SHA-256 and size in pixels (or that it was removed). A
refused call changes nothing and leaves no file behind. Nothing here sends email.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction

from accounts.roles import Role
from core.exceptions import IllegalTransition, InvalidUpload, NotPermitted
from core.services.audit import audit_record
from core.uploaded_images import CheckedImage, check_image_upload
from core.uploads import UploadedFileLike
from nominations import rules
from nominations.models import AwardProgram, Cycle

SIGNATURE_EVENT = "cycle.signature_image"
SEAL_EVENT = "program.seal_image"


def cycle_signature_image_upload(*, cycle: Cycle, actor, uploaded_file: UploadedFileLike) -> Cycle:
    """Check `uploaded_file` and make it the signature printed above the line on the
    cycle's certificates, replacing any before it. One "cycle.signature_image" event."""
    _check_may_change_signature(cycle, actor)
    checked = _checked(uploaded_file)
    with _stored(Cycle, "signature_image", checked) as name, transaction.atomic():
        locked = Cycle.objects.select_for_update(no_key=True).get(pk=cycle.pk)
        _check_may_change_signature(locked, actor)
        _replace(locked, "signature_image", name, checked, action=SIGNATURE_EVENT, actor=actor)
    cycle.signature_image = locked.signature_image.name
    return cycle


def cycle_signature_image_remove(*, cycle: Cycle, actor) -> Cycle:
    """Remove the cycle's signature image: its certificates then leave room above the
    line to sign by hand. One "cycle.signature_image" event; none when there was none."""
    _check_may_change_signature(cycle, actor)
    with transaction.atomic():
        locked = Cycle.objects.select_for_update(no_key=True).get(pk=cycle.pk)
        _check_may_change_signature(locked, actor)
        _replace(locked, "signature_image", "", None, action=SIGNATURE_EVENT, actor=actor)
    cycle.signature_image = ""
    return cycle


def program_seal_image_upload(
    *, program: AwardProgram, actor, uploaded_file: UploadedFileLike
) -> AwardProgram:
    """Check `uploaded_file` and make it the seal on every certificate of the program
    issued from now on, replacing any before it. One "program.seal_image" event."""
    _check_may_change_seal(program, actor)
    checked = _checked(uploaded_file)
    with _stored(AwardProgram, "seal_image", checked) as name, transaction.atomic():
        locked = AwardProgram.objects.select_for_update(no_key=True).get(pk=program.pk)
        _replace(locked, "seal_image", name, checked, action=SEAL_EVENT, actor=actor)
    program.seal_image = locked.seal_image.name
    return program


def program_seal_image_remove(*, program: AwardProgram, actor) -> AwardProgram:
    """Remove the program's seal from the certificates issued from now on. One
    "program.seal_image" event; none when there was none."""
    _check_may_change_seal(program, actor)
    with transaction.atomic():
        locked = AwardProgram.objects.select_for_update(no_key=True).get(pk=program.pk)
        _replace(locked, "seal_image", "", None, action=SEAL_EVENT, actor=actor)
    program.seal_image = ""
    return program


# -- internals ---------------------------------------------------------------------------


def _check_may_change_signature(cycle: Cycle, actor) -> None:
    if not rules.can_manage_cycle(actor, cycle):
        raise NotPermitted("Only award staff can change the signature on certificates.")
    if not rules.can_change_certificate_signature(actor, cycle):
        raise IllegalTransition(
            "The cycle is archived, so the signature on its certificates can no longer change."
        )


def _check_may_change_seal(program: AwardProgram, actor) -> None:
    if not rules.can_manage_program(actor, program):
        raise NotPermitted("Only award staff can change the seal on certificates.")


def _checked(uploaded_file: UploadedFileLike) -> CheckedImage:
    try:
        return check_image_upload(uploaded_file)
    except ValidationError as error:
        raise InvalidUpload(" ".join(error.messages), problems=error.messages) from error


@contextmanager
def _stored(model: type[models.Model], field: str, checked: CheckedImage) -> Iterator[str]:
    """Write the checked PNG under the field's generated name; delete it again if the
    block raises, so a refused or rolled-back change leaves no file."""
    file_field = model._meta.get_field(field)
    name = file_field.storage.save(
        file_field.generate_filename(None, "image.png"), ContentFile(checked.data)
    )
    try:
        yield name
    except BaseException:
        file_field.storage.delete(name)
        raise


def _replace(
    locked: models.Model,
    field: str,
    name: str,
    checked: CheckedImage | None,
    *,
    action: str,
    actor,
) -> None:
    """Point the locked row's image `field` at the stored file `name` ("" for none), save
    and audit; the file it had goes once the transaction commits. Call inside it."""
    storage, old = getattr(locked, field).storage, getattr(locked, field).name
    if not name and not old:
        return
    setattr(locked, field, name)
    locked.save(update_fields=[field])
    if checked is None:
        data = {"removed": old}
    else:
        data = {
            "file": name,
            "sha256": checked.sha256,
            "pixels": f"{checked.width}x{checked.height}",
            "replaced": old,
        }
    audit_record(action=action, actor=actor, obj=locked, data=data, role=Role.AWARD_STAFF)
    if old:
        transaction.on_commit(lambda: storage.delete(old))
