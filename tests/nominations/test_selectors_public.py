"""The public record's reads: each year's recipients with their latest approved short and
full citations, from this system or from the public record, and when a cycle was
announced."""

import datetime as dt

import pytest

from core.services.audit import audit_record
from nominations.models import Cycle, NomineeKind, PastRecipient
from nominations.selectors.public import (
    Recipient,
    RecipientYear,
    announced_at,
    past_recipients_by_year,
)
from nominations.states import CycleState
from tests import factories
from tests.nominations import recipients
from tests.selection import published_record as record

pytestmark = pytest.mark.django_db
BLUE_DOT = Recipient(
    name=recipients.BLUE_DOT,
    kind=NomineeKind.ORGANIZATION,
    affiliation="",
    location="Baltimore, MD",
    short_citation=recipients.BLUE_DOT_SHORT,
    full_citation=f"{recipients.BLUE_DOT_SHORT}, in full",
)
RUIZ = Recipient(
    name="Ms. Ana Ruiz",
    kind=NomineeKind.INDIVIDUAL,
    affiliation="Safe Harbor Alliance",
    location="Denver, CO",
    short_citation=record.RUIZ_SHORT,
    full_citation=record.RUIZ_FULL,
)
PARIS = Recipient(
    name="Ms. Kendis Paris",
    kind=NomineeKind.INDIVIDUAL,
    affiliation="Truckers Against Trafficking",
    location="Englewood, CO",
    short_citation="for her leadership of Truckers Against Trafficking",
    full_citation="",
)
ALLIANCE = Recipient(
    name="Responsible Business Alliance",
    kind=NomineeKind.ORGANIZATION,
    affiliation="",
    location="",
    short_citation="",
    full_citation="",
)


def test_past_recipients_by_year_reads_the_latest_approved_citations_of_both_kinds():
    world = record.published_world()

    years = past_recipients_by_year(program=world["cycle"].program)

    assert years == [
        RecipientYear(2022, [BLUE_DOT, RUIZ], announced_here=True),
        RecipientYear(2019, [PARIS, ALLIANCE]),
    ]


def test_past_recipients_by_year_of_one_year():
    world = record.published_world()
    program = world["cycle"].program

    assert past_recipients_by_year(program=program, award_year=2019) == [
        RecipientYear(2019, [PARIS, ALLIANCE])
    ]
    assert past_recipients_by_year(program=program, award_year=2022) == [
        RecipientYear(2022, [BLUE_DOT, RUIZ], announced_here=True)
    ]
    # The embargoed cycle's year, and a year nobody was awarded.
    assert past_recipients_by_year(program=program, award_year=2024) == []
    assert past_recipients_by_year(program=program, award_year=2020) == []


def test_an_organizations_affiliation_is_not_published():
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=2022, state=CycleState.ANNOUNCED
    )
    nomination = recipients.awarded_nomination(cycle, "Restore NYC", "for its work", sequence=1)
    nomination.nominee.affiliation = "left over from an individual's form"
    nomination.nominee.save()

    (year,) = past_recipients_by_year(program=cycle.program)

    assert year.recipients[0].affiliation == ""
    assert year.recipients[0].detail == "Baltimore, MD"


def test_recipient_detail_joins_affiliation_and_location():
    assert RUIZ.detail == "Safe Harbor Alliance; Denver, CO"
    assert BLUE_DOT.detail == "Baltimore, MD"
    assert ALLIANCE.detail == ""


def with_announced_at(cycle: Cycle) -> dt.datetime:
    return Cycle.objects.annotate(moment=announced_at()).get(pk=cycle.pk).moment


def test_announced_at_is_the_event_that_announced_the_cycle_not_later_moves():
    cycle = factories.CycleFactory(state=CycleState.ARCHIVED)
    audit_record(
        action="cycle.announce_schedule", obj=cycle, from_state="selection", to_state="selection"
    )
    record.announce_event(cycle)
    audit_record(
        action="announcement.update", obj=cycle, from_state="announced", to_state="announced"
    )
    audit_record(action="cycle.archive", obj=cycle, from_state="announced", to_state="archived")
    # A denied attempt names no moment of publication.
    audit_record(
        action="cycle.announce",
        obj=factories.CycleFactory(state=CycleState.SELECTION),
        to_state="announced",
        outcome="denied",
    )

    assert with_announced_at(cycle) == record.ANNOUNCED_AT


def test_announced_at_of_a_cycle_imported_as_announced_is_its_import():
    cycle = factories.CycleFactory(state=CycleState.ANNOUNCED)
    imported = audit_record(action="seed.import", obj=cycle, to_state=cycle.state)

    assert with_announced_at(cycle) == imported.created_at


def test_announced_at_without_any_event_is_the_cycles_last_change():
    cycle = factories.CycleFactory(state=CycleState.ANNOUNCED)
    other = factories.CycleFactory(state=CycleState.ANNOUNCED)
    record.announce_event(other)

    assert with_announced_at(cycle) == Cycle.objects.get(pk=cycle.pk).updated_at


def test_past_recipients_by_year_a_past_record_row_of_a_program_is_its_own():
    cycle = record.announced_2022()
    other = factories.AwardProgramFactory(slug="other", reference_prefix="OA", name="Other")
    PastRecipient.objects.create(
        program=other, award_year=2019, kind=NomineeKind.ORGANIZATION, name="Other Winner"
    )

    assert [year.award_year for year in past_recipients_by_year(program=cycle.program)] == [2022]
