"""Test data for the public pages: announced cycles with awarded nominations."""

import datetime as dt

from django.utils import timezone

from nominations.models import (
    AwardProgram,
    Citation,
    CitationKind,
    Cycle,
    Nomination,
    NomineeKind,
    PastRecipient,
)
from nominations.states import CycleState, NominationState
from tests import factories

# 5:00 p.m. in New York on March 31, 2023 (daylight saving time: UTC-4).
DEADLINE_2023 = dt.datetime(2023, 3, 31, 21, 0, tzinfo=dt.UTC)
DEADLINE_2023_TEXT = "March 31, 2023, 5:00 p.m. EDT"
BLUE_DOT = "Mercy Medical Center’s Blue Dot Human Trafficking Initiative"
BLUE_DOT_SHORT = (
    "for its innovative and holistic approach to the care and wellbeing of victims of "
    "human trafficking"
)


def program() -> AwardProgram:
    program = factories.AwardProgramFactory()
    program.statute = "22 U.S.C. 7109b"
    program.save(update_fields=["statute"])
    return program


def open_cycle(award_year: int = 2023, deadline: dt.datetime = DEADLINE_2023) -> Cycle:
    return factories.CycleFactory(
        program=program(), award_year=award_year, state=CycleState.OPEN, deadline=deadline
    )


def awarded_nomination(
    cycle: Cycle, name: str, short_citation: str, *, sequence: int, approved: bool = True
) -> Nomination:
    """An awarded nomination whose short citation has an older and a newer version."""
    nomination = factories.NominationFactory(
        cycle=cycle,
        state=NominationState.AWARDED,
        sequence=sequence,
        reference=f"PA-{cycle.award_year}-{sequence:04d}",
        nominee=factories.NomineeFactory(legal_name=name),
    )
    staff = factories.award_staff()
    now = timezone.now()
    Citation.objects.create(
        nomination=nomination,
        kind=CitationKind.SHORT,
        version=1,
        text="for an earlier draft",
        created_by=staff,
        approved_by=staff,
        approved_at=now,
    )
    Citation.objects.create(
        nomination=nomination,
        kind=CitationKind.SHORT,
        version=2,
        text=short_citation,
        created_by=staff,
        approved_by=staff if approved else None,
        approved_at=now if approved else None,
    )
    Citation.objects.create(
        nomination=nomination,
        kind=CitationKind.FULL,
        version=1,
        text=f"{short_citation}, in full",
        created_by=staff,
        approved_by=staff,
        approved_at=now,
    )
    return nomination


def announced_cycle(award_year: int = 2022, recipients: int = 1) -> Cycle:
    """An announced cycle: the Blue Dot Initiative first, then numbered recipients."""
    cycle = factories.CycleFactory(
        program=program(), award_year=award_year, state=CycleState.ANNOUNCED
    )
    awarded_nomination(cycle, BLUE_DOT, BLUE_DOT_SHORT, sequence=1)
    for number in range(2, recipients + 1):
        awarded_nomination(cycle, f"Recipient {number}", f"for work {number}", sequence=number)
    return cycle


def past_recipient(award_year: int, name: str, short_citation: str = "") -> PastRecipient:
    return PastRecipient.objects.create(
        program=program(),
        award_year=award_year,
        kind=NomineeKind.INDIVIDUAL,
        name=name,
        affiliation="Truckers Against Trafficking",
        location="Englewood, CO",
        short_citation=short_citation,
    )
