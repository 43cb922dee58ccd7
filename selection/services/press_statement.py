"""The press statement's staff-written parts (DESIGN.md §2.6); the award paragraph itself
is generated from the recipients (selection/domain/press_statement.py)."""

import datetime as dt

from django.db import transaction

from accounts.roles import Role
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record
from nominations import rules
from nominations.models import Announcement, Cycle
from nominations.states import CycleState

PRESS_STATEMENT_TEXT_FIELDS = (
    "headline",
    "context_paragraph",
    "meeting_sentence",
    "commitments",
    "closing_sentence",
)


def press_statement_update(
    *,
    cycle: Cycle,
    actor,
    statement_date: dt.date | None,
    headline: str,
    context_paragraph: str,
    meeting_sentence: str,
    commitments: str,
    closing_sentence: str,
    third_person: bool,
) -> Announcement:
    """Save staff's parts of the cycle's press statement.

    Award staff only, in any state but archived (the record is closed then); a
    third-person readout needs the signatory's name. Creates the cycle's Announcement
    on first save, then changes only what differs, with one "announcement.update" audit
    event naming the changed fields; changing nothing writes nothing. Schedules nothing.
    """
    if not rules.can_manage_cycle(actor, cycle):
        raise NotPermitted("Only award staff can edit the announcement.")
    values = {
        "statement_date": statement_date,
        "third_person": bool(third_person),
        **{
            name: _clean(value)
            for name, value in zip(
                PRESS_STATEMENT_TEXT_FIELDS,
                (headline, context_paragraph, meeting_sentence, commitments, closing_sentence),
                strict=True,
            )
        },
    }
    with transaction.atomic():
        locked = (
            Cycle.objects.select_for_update(no_key=True).select_related("program").get(pk=cycle.pk)
        )
        if locked.state == CycleState.ARCHIVED:
            raise IllegalTransition("An archived cycle's announcement can no longer change.")
        if values["third_person"] and not locked.effective_signatory()[0]:
            raise InvalidInput(
                "A third-person readout names the signatory: enter the signatory's name in "
                "the cycle's settings first."
            )
        announcement = Announcement.objects.filter(cycle=locked).first()
        created = announcement is None
        if created:
            announcement = Announcement(cycle=locked)
        changed = sorted(
            name for name, value in values.items() if getattr(announcement, name) != value
        )
        if not changed and not created:
            return announcement
        for name in changed:
            setattr(announcement, name, values[name])
        announcement.updated_by = actor
        announcement.save()
        audit_record(
            action="announcement.update",
            actor=actor,
            obj=locked,
            data={"changed": changed, "created": created},
            role=Role.AWARD_STAFF,
        )
    return announcement


def _clean(text: str) -> str:
    """Trailing spaces and Windows line ends gone; the lines and blank lines staff typed
    stay (they separate paragraphs and commitments)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
