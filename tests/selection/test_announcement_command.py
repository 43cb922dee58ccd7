"""`python manage.py announcement --cycle YEAR [--third-person]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from nominations.models import Citation, CitationKind, NomineeKind
from nominations.states import CycleState, NominationState
from tests import factories
from tests.selection.domain.test_press_statement import PUBLISHED_2022

pytestmark = pytest.mark.django_db

PROGRAM = "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"


def _announcement(*args: str) -> str:
    out = StringIO()
    call_command("announcement", *args, stdout=out)
    return out.getvalue()


def _awarded(cycle, nominee, citation: str, *, approved: bool = True, **kwargs):
    nomination = factories.nomination_in(
        NominationState.AWARDED, cycle=cycle, nominee=nominee, **kwargs
    )
    staff = factories.award_staff()
    Citation.objects.create(
        nomination=nomination,
        kind=CitationKind.SHORT,
        version=1,
        text=citation,
        created_by=staff,
        approved_by=staff if approved else None,
        approved_at=timezone.now() if approved else None,
    )
    return nomination


def test_announcement_seeded_2022_prints_the_published_paragraph():
    call_command("seed_demo", stdout=StringIO())

    assert _announcement("--cycle", "2022") == f"{PUBLISHED_2022}\n"


def test_announcement_seeded_2022_third_person_names_the_secretary():
    call_command("seed_demo", stdout=StringIO())

    output = _announcement("--cycle", "2022", "--third-person")

    assert (
        output
        == PUBLISHED_2022.replace(
            "During the meeting, I presented", "During the meeting, Secretary Blinken presented"
        )
        + "\n"
    )


def test_announcement_orders_by_reference_and_uses_latest_approved_short_citation():
    cycle = factories.cycle_in(CycleState.ANNOUNCED, award_year=2031)
    individual = factories.NomineeFactory(
        kind=NomineeKind.INDIVIDUAL,
        legal_name="",
        honorific="Dr.",
        full_name="Minh Dang",
        title="Executive Director",
        affiliation="Survivor Alliance",
        possessive="her",
    )
    first = _awarded(cycle, individual, "for her early draft")
    staff = factories.award_staff()
    Citation.objects.create(
        nomination=first,
        kind=CitationKind.SHORT,
        version=2,
        text="for her survivor leadership",
        created_by=staff,
        approved_by=staff,
        approved_at=timezone.now(),
    )
    Citation.objects.create(
        nomination=first,
        kind=CitationKind.SHORT,
        version=3,
        text="for her unapproved draft",
        created_by=staff,
    )
    _awarded(cycle, factories.NomineeFactory(legal_name="Restore NYC"), "for its shelter")
    # Neither selected-but-not-awarded nor declined nominations are recipients.
    factories.nomination_in(NominationState.NOT_SELECTED, cycle=cycle)

    output = _announcement("--cycle", "2031")

    assert output == (
        f"During the meeting, I presented the 2031 {PROGRAM} to an individual and an "
        "organization: Dr. Minh Dang, Executive Director, Survivor Alliance, for her survivor "
        "leadership, and Restore NYC for its shelter. They inspire us all to take "
        "action to end trafficking in persons once and for all.\n"
    )


def test_announcement_unknown_year_is_a_command_error():
    factories.cycle_in(CycleState.ANNOUNCED, award_year=2031)

    with pytest.raises(CommandError) as raised:
        _announcement("--cycle", "1999")

    assert str(raised.value) == "There is no 1999 cycle."


def test_announcement_cycle_without_recipients_is_a_command_error():
    factories.cycle_in(CycleState.ANNOUNCED, award_year=2031)

    with pytest.raises(CommandError) as raised:
        _announcement("--cycle", "2031")

    assert str(raised.value) == "The 2031 cycle has no awarded recipients."


def test_announcement_cycle_not_yet_announced_is_a_command_error():
    cycle = factories.cycle_in(CycleState.SELECTION, award_year=2031)
    factories.nomination_in(NominationState.SELECTED, cycle=cycle)

    with pytest.raises(CommandError) as raised:
        _announcement("--cycle", "2031")

    assert str(raised.value) == (
        "The 2031 cycle has not been announced (its state is selection): its recipients "
        "are not public yet."
    )


def test_announcement_recipient_without_approved_citation_is_a_command_error():
    cycle = factories.cycle_in(CycleState.ANNOUNCED, award_year=2031)
    nomination = _awarded(
        cycle, factories.NomineeFactory(legal_name="Restore NYC"), "for its shelter", approved=False
    )

    with pytest.raises(CommandError) as raised:
        _announcement("--cycle", "2031")

    assert str(raised.value) == f"{nomination.reference} has no approved short citation."


def test_announcement_year_in_two_programs_needs_the_program():
    factories.cycle_in(CycleState.ANNOUNCED, award_year=2031)
    other = factories.AwardProgramFactory(slug="other", reference_prefix="OT", name="Other Award")
    cycle = factories.cycle_in(CycleState.ANNOUNCED, award_year=2031, program=other)
    _awarded(cycle, factories.NomineeFactory(legal_name="Restore NYC"), "for its shelter")

    with pytest.raises(CommandError) as raised:
        _announcement("--cycle", "2031")

    assert str(raised.value) == "Several programs have a 2031 cycle: name one with --program."
    assert _announcement("--cycle", "2031", "--program", "other") == (
        "During the meeting, I presented the 2031 Other Award to Restore NYC for its shelter. "
        "This organization inspires us all to take action to end trafficking in persons once "
        "and for all.\n"
    )
