"""A published record for the open-data tests: an announced 2022 cycle with an
organization and an individual awarded (older and newer citation versions, a newer
one not approved), the public record's 2019 recipients, and a 2024 cycle whose
selected nomination, citations approved, is still embargoed."""

import datetime as dt
from unittest import mock

from core.services.audit import audit_record
from nominations.models import (
    Announcement,
    Citation,
    CitationKind,
    Cycle,
    Nomination,
    NomineeKind,
    PastRecipient,
)
from nominations.states import CycleState, NominationState
from tests import factories
from tests.nominations import recipients

SITE = "https://awards.example.gov"
PROGRAM = "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"
# 12:00 p.m. in Washington on February 13, 2023.
ANNOUNCED_AT = dt.datetime(2023, 2, 13, 17, 0, tzinfo=dt.UTC)
HEADLINE = "Meeting of the Task Force & <Partners>"
RUIZ_SHORT = "for her leadership of Safe Harbor Alliance"
RUIZ_FULL = "for her leadership of Safe Harbor Alliance and its survivor-led shelters"
SECRET_NAME = "Secret Choice Network"
SECRET_CITATION = "for its embargoed work"


def announce_event(cycle: Cycle, *, at: dt.datetime = ANNOUNCED_AT, staff=None) -> None:
    """The audit event of the cycle's announcement, dated `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        audit_record(
            action="cycle.announce",
            actor=staff or factories.award_staff(),
            obj=cycle,
            from_state=CycleState.SELECTION,
            to_state=CycleState.ANNOUNCED,
        )


def citation(nomination: Nomination, kind: str, text: str, *, version: int = 1, approved=True):
    staff = factories.award_staff()
    return Citation.objects.create(
        nomination=nomination,
        kind=kind,
        version=version,
        text=text,
        created_by=staff,
        approved_by=staff if approved else None,
        approved_at=ANNOUNCED_AT if approved else None,
    )


def individual_recipient(cycle: Cycle, *, sequence: int) -> Nomination:
    """Ms. Ana Ruiz of Safe Harbor Alliance, awarded; her full citation has a newer
    version not yet approved."""
    nomination = factories.NominationFactory(
        cycle=cycle,
        state=NominationState.AWARDED,
        sequence=sequence,
        reference=f"PA-{cycle.award_year}-{sequence:04d}",
        nominee=factories.NomineeFactory(
            kind=NomineeKind.INDIVIDUAL,
            honorific="Ms.",
            full_name="Ana Ruiz",
            possessive="her",
            title="Director",
            affiliation="Safe Harbor Alliance",
            legal_name="",
            city="Denver",
            state_or_province="CO",
        ),
    )
    citation(nomination, CitationKind.SHORT, RUIZ_SHORT)
    citation(nomination, CitationKind.FULL, RUIZ_FULL)
    citation(
        nomination,
        CitationKind.FULL,
        "for a correction not yet approved",
        version=2,
        approved=False,
    )
    return nomination


def announced_2022() -> Cycle:
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=2022, state=CycleState.ANNOUNCED
    )
    recipients.awarded_nomination(cycle, recipients.BLUE_DOT, recipients.BLUE_DOT_SHORT, sequence=1)
    individual_recipient(cycle, sequence=2)
    Announcement.objects.create(cycle=cycle, headline=HEADLINE, statement_date=dt.date(2023, 2, 13))
    announce_event(cycle)
    return cycle


def embargoed_cycle(award_year: int = 2024) -> Cycle:
    """A cycle in selection whose selected nomination has approved citations."""
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=award_year, state=CycleState.SELECTION
    )
    nomination = factories.nomination_in(
        NominationState.SELECTED,
        cycle=cycle,
        nominee=factories.NomineeFactory(legal_name=SECRET_NAME),
    )
    citation(nomination, CitationKind.SHORT, SECRET_CITATION)
    citation(nomination, CitationKind.FULL, f"{SECRET_CITATION}, in full")
    return cycle


def published_world() -> dict:
    """The record the exact-content tests read."""
    cycle = announced_2022()
    paris = PastRecipient.objects.create(
        program=cycle.program,
        award_year=2019,
        kind=NomineeKind.INDIVIDUAL,
        name="Ms. Kendis Paris",
        affiliation="Truckers Against Trafficking",
        location="Englewood, CO",
        short_citation="for her leadership of Truckers Against Trafficking",
        position=1,
    )
    alliance = PastRecipient.objects.create(
        program=cycle.program,
        award_year=2019,
        kind=NomineeKind.ORGANIZATION,
        name="Responsible Business Alliance",
        position=2,
    )
    # Covered by the announced 2022 cycle: the record's row is not published again.
    PastRecipient.objects.create(
        program=cycle.program,
        award_year=2022,
        kind=NomineeKind.ORGANIZATION,
        name="Imported duplicate of 2022",
    )
    return {"cycle": cycle, "paris": paris, "alliance": alliance, "embargoed": embargoed_cycle()}
