"""Frozen copies of a nomination, kept at submit, resubmit and take back, so staff can
diff them."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Max

from nominations.models import Attachment, Nomination, NominationVersion
from nominations.models.nominee import DERIVED_FIELDS


def nomination_snapshot(nomination: Nomination) -> dict:
    """Every stored field of the nomination and its nominee (not the nominee's match keys,
    which are derived from the others), and its attachments as they stand (id, name
    shown, size and SHA-256 of the content), as JSON-ready values."""
    attachments = [
        {
            "id": attachment.pk,
            "name": attachment.original_name,
            "size": attachment.size,
            "sha256": attachment.sha256,
        }
        for attachment in Attachment.objects.filter(nomination=nomination).order_by(
            "uploaded_at", "pk"
        )
    ]
    return json.loads(
        json.dumps(
            {
                "nomination": _values(nomination),
                "nominee": _values(nomination.nominee, leave_out=DERIVED_FIELDS),
                "attachments": attachments,
            },
            cls=DjangoJSONEncoder,
        )
    )


def nomination_version_record(*, nomination: Nomination, actor, reason: str) -> NominationVersion:
    """Store the next numbered snapshot. Call inside the transaction that saved the change.

    The nomination row was just updated in that transaction, which holds its lock, so
    two versions cannot take the same number.
    """
    last = nomination.versions.aggregate(last=Max("number"))["last"] or 0
    return NominationVersion.objects.create(
        nomination=nomination,
        number=last + 1,
        reason=reason,
        snapshot=nomination_snapshot(nomination),
        created_by=actor,
    )


def _values(obj: models.Model, *, leave_out: tuple[str, ...] = ()) -> dict:
    return {
        field.attname: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.attname not in leave_out
    }
