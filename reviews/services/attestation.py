"""Signing a panel's conflict-of-interest and confidentiality statement.

A panelist signs by typing their full name and ticking that they agree. The typed name
must be their account's full name, ignoring case and spacing ("ana  ruiz" signs for
"Ana Ruiz"); an account without a full name accepts any name, and that name becomes the
account's. The seat keeps the statement as it read when signed, the typed name and the
time, so a later change to the panel's text (refused once anyone has signed, see
`reviews.services.panel`) cannot change what someone agreed to.

Until a seat is signed its panelist sees nothing of the panel but the statement
(`reviews.rules.can_open_nomination`). Signing is possible while the panel may change
(`reviews.selectors.panel.PANEL_MANAGE_STATES`, until panel review ends): a seat left
unsigned then must not start reading nominations during selection. One audit event
("panel.attest"); no email.
"""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record
from reviews import rules
from reviews.models import PanelMember
from reviews.selectors.panel import panel_is_open_for_changes
from reviews.services.conflicts import conflicts_record_parties

SIGNING_CLOSED_MESSAGE = (
    "Panel review of this cycle has ended, so the statement can no longer be signed."
)


def names_match(typed: str, full_name: str) -> bool:
    """Whether a typed signature is the full name, ignoring case and spacing."""
    return " ".join(typed.split()).casefold() == " ".join(full_name.split()).casefold()


def attestation_sign(*, member: PanelMember, actor, typed_name: str, agreed: bool) -> PanelMember:
    """Sign the seat's panel statement as `actor`, the seat's own panelist.

    Refused for anyone else's seat, a removed seat, a seat already signed, a cycle past
    panel review, an unticked agreement or a name that is not the account's. Sets `attested_at`,
    `attestation_name` and `attestation_statement` (the panel's text now) with one
    "panel.attest" audit event, and records the seat's party conflicts
    (`conflicts_record_parties`), since signing opens the panel's nominations to it.
    Schedules nothing.
    """
    typed_name = " ".join(typed_name.split())
    if not rules.can_sign_attestation(actor, member):
        raise NotPermitted("Only the panelist on this seat can sign its attestation.")
    if not panel_is_open_for_changes(member.panel.cycle):
        raise IllegalTransition(SIGNING_CLOSED_MESSAGE)
    problems = []
    if not typed_name:
        problems.append("Type your full name to sign.")
    elif actor.full_name and not names_match(typed_name, actor.full_name):
        problems.append(f"Type your full name as it is on your account: {actor.full_name}.")
    if not agreed:
        problems.append("Tick the box to confirm that you agree to the statement.")
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    with transaction.atomic():
        # One statement locks the seat, its panel and the cycle, as the panel services
        # do for a seat, so the cycle cannot leave review while this signs.
        locked = (
            PanelMember.objects.select_for_update(no_key=True)
            .select_related("panel__cycle")
            .get(pk=member.pk)
        )
        if locked.removed_at:
            raise NotPermitted("You are no longer on this panel.")
        if locked.attested_at:
            raise IllegalTransition("You have already signed this attestation.")
        if not panel_is_open_for_changes(locked.panel.cycle):
            raise IllegalTransition(SIGNING_CLOSED_MESSAGE)
        if not actor.full_name:
            actor.full_name = typed_name
            actor.save(update_fields=["full_name"])
        locked.attested_at = timezone.now()
        locked.attestation_name = typed_name
        locked.attestation_statement = locked.panel.attestation_text
        locked.save(update_fields=["attested_at", "attestation_name", "attestation_statement"])
        audit_record(
            action="panel.attest",
            actor=actor,
            obj=locked,
            data={"panel": locked.panel_id, "name": typed_name},
            role=Role.PANELIST,
        )
        conflicts_record_parties(panel=locked.panel, actor=actor, members=[locked])
    member.attested_at = locked.attested_at
    member.attestation_name = locked.attestation_name
    member.attestation_statement = locked.attestation_statement
    return locked


__all__ = ["SIGNING_CLOSED_MESSAGE", "attestation_sign", "names_match"]
