"""CSV exports: formula neutralization and the audited nominations export."""

import csv
import datetime as dt
import io
import re
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from core.csv_export import neutralize_csv_cell, render_csv, write_csv
from core.models import AuditEvent
from nominations.states import CycleState, NominationState
from tests import factories

EXPORT = reverse("nominations:staff_export")


def test_write_csv_writes_rows_as_they_come_and_counts_them():
    out = io.StringIO()
    rows = (["R-1", "=HYPERLINK()"], ["R-2", "plain"], ["R-3", ""])

    written = write_csv(out, ["reference", "note"], iter(rows))

    assert written == 3
    assert out.getvalue() == ("reference,note\r\nR-1,'=HYPERLINK()\r\nR-2,plain\r\nR-3,\r\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(1)", "'＠SUM(1)"),
        ("Polaris Project", "Polaris Project"),
        ("a=b", "a=b"),
        (" =1+2", "' =1+2"),
        ("\u3000＝1", "'\u3000＝1"),
        ("\u200b=1", "'\u200b=1"),
        ("\ufeff@SUM(1)", "'\ufeff@SUM(1)"),
        ("\n+1", "'\n+1"),
        ("﹦1", "'﹦1"),
        ("﹣1", "'﹣1"),
        (" -5", "' -5"),
        (" a=b", " a=b"),
        ("   ", "   "),
        ("'=1", "'=1"),
        ("", ""),
        (None, ""),
        (7, "7"),
        (-7, "-7"),
        ("-0.97", "-0.97"),
        ("-1.", "'-1."),
        ("-1e3", "'-1e3"),
        ("-0.97+1", "'-0.97+1"),
        ("-٣", "'-٣"),
        ("-1\n=2", "'-1\n=2"),
    ],
)
def test_neutralize_csv_cell(value, expected):
    assert neutralize_csv_cell(value) == expected


def test_render_csv_neutralizes_header_and_cells():
    assert render_csv(["a", "=b"], [["=1", "x,y"]]) == "a,'=b\r\n'=1,\"x,y\"\r\n"


@pytest.mark.django_db
def test_export_writes_filtered_rows_neutralized_and_is_audited(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2023)
    nomination = factories.nomination_in(
        NominationState.SUBMITTED,
        cycle=cycle,
        nominee=factories.NomineeFactory(legal_name='=HYPERLINK("http://x")'),
        nominator_name="@Rosa",
        nominator=factories.nominator(email="rosa@agency.example.gov"),
        nominator_organization="-Agency",
        criterion_courage=True,
    )
    type(nomination).objects.filter(pk=nomination.pk).update(
        submitted_at=dt.datetime(2023, 3, 1, 19, 30, tzinfo=dt.UTC)
    )
    factories.nomination_in(NominationState.VETTING, cycle=cycle)
    client.force_login(staff)

    response = client.get(EXPORT, {"state": "submitted", "sort": "reference"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    stamp = timezone.localdate(timezone=cycle.zone).isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="nominations-{stamp}.csv"'
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows == [
        [
            "reference",
            "state",
            "nominee",
            "nominee type",
            "nominator",
            "organization",
            "submitted at",
            "criteria",
            "duplicate flag",
        ],
        [
            "PA-2023-0001",
            "Submitted",
            '\'=HYPERLINK("http://x")',
            "Organization",
            "'@Rosa <rosa@agency.example.gov>",
            "'-Agency",
            "2023-03-01 14:30 EST",
            "courage; innovation",
            "no",
        ],
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role) == (
        "nominations.export",
        "done",
        staff,
        "Award staff",
    )
    assert event.data == {"filters": {"state": "submitted", "sort": "reference"}, "rows": 1}


# New York's clocks go back on November 1, 2026: 1:30 a.m. is first EDT (05:30 UTC), then
# EST (06:30 UTC). Python's %Z, unlike Django's T, names the zone of either.
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utc_hour", "written"), [(5, "2026-11-01 01:30 EDT"), (6, "2026-11-01 01:30 EST")]
)
def test_export_names_the_zone_of_a_time_the_clocks_repeat(client, staff, utc_hour, written):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2026)
    type(cycle).objects.filter(pk=cycle.pk).update(time_zone="America/New_York")
    nomination = factories.nomination_in(NominationState.SUBMITTED, cycle=cycle)
    type(nomination).objects.filter(pk=nomination.pk).update(
        submitted_at=dt.datetime(2026, 11, 1, utc_hour, 30, tzinfo=dt.UTC)
    )
    client.force_login(staff)

    rows = list(csv.reader(io.StringIO(client.get(EXPORT).getvalue().decode())))

    assert [row[6] for row in rows] == ["submitted at", written]


@pytest.mark.django_db
def test_export_flags_duplicates(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2023)
    for name in ("Polaris Project", "The Polaris Project, Inc.", "Covenant House"):
        factories.nomination_in(
            NominationState.SUBMITTED,
            cycle=cycle,
            nominee=factories.NomineeFactory(legal_name=name),
        )
    client.force_login(staff)

    rows = list(csv.reader(io.StringIO(client.get(EXPORT).getvalue().decode())))

    assert [(row[0], row[-1]) for row in rows[1:]] == [
        ("PA-2023-0001", "yes"),
        ("PA-2023-0002", "yes"),
        ("PA-2023-0003", "no"),
    ]


# -- properties (Hypothesis) -------------------------------------------------------------------

# The test's own statement of "formula-leading", independent of the code under test.
OPERATORS = "=+-@"
WIDE_OPERATORS = "＝＋－＠﹦﹢﹣﹫"
PLAIN_NEGATIVE = re.compile(r"-[0-9]+(\.[0-9]+)?")
LEADING = st.text(st.sampled_from(" \t\r\n\u00a0\u2003\u3000\u200b\ufeff\x0b"), max_size=3)
# Text that often starts like a formula: operators, their wide forms, leading blanks.
CELL_TEXT = st.one_of(
    st.text(),
    st.builds(
        lambda lead, op, rest: lead + op + rest,
        LEADING,
        st.sampled_from(OPERATORS + WIDE_OPERATORS + "\t\r"),
        st.text(),
    ),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers().map(str),
)


def starts_like_a_formula(cell: str) -> bool:
    if cell.startswith(("\t", "\r")):
        return True
    significant = cell.lstrip()
    while significant and unicodedata.category(significant[0]) in {"Cc", "Cf"}:
        significant = significant[1:].lstrip()
    if not significant:
        return False
    first = significant[0]
    return first in OPERATORS + WIDE_OPERATORS or unicodedata.normalize("NFKC", first)[:1] in (
        tuple(OPERATORS)
    )


def safe_cell(cell: str) -> bool:
    """A parsed cell a spreadsheet shows as text or as a plain number, never runs."""
    return not starts_like_a_formula(cell) or bool(PLAIN_NEGATIVE.fullmatch(cell))


@given(CELL_TEXT)
@settings(max_examples=500)
def test_neutralize_csv_cell_never_leaves_a_formula(text):
    cell = neutralize_csv_cell(text)

    assert safe_cell(cell)
    assert cell in (text, "'" + text)  # the only change is one quote in front
    assert (cell == text) == safe_cell(text)  # and only where it is needed


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2).filter(lambda d: d < 0))
def test_neutralize_csv_cell_keeps_plain_negative_numbers(number):
    text = str(number)

    assert neutralize_csv_cell(text) == text


@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=4), max_size=4))
def test_render_csv_every_parsed_cell_is_safe(rows):
    parsed = list(csv.reader(io.StringIO(render_csv(["a", "b", "c", "d"], rows), newline="")))

    assert all(safe_cell(cell) for row in parsed for cell in row)
    assert parsed[1:] == [[neutralize_csv_cell(cell) for cell in row] for row in rows]


def no_nul(max_size: int):
    # PostgreSQL refuses NUL in text; the rest of Unicode is fair game.
    return CELL_TEXT.map(lambda text: text.replace("\x00", "")[:max_size])


@pytest.mark.django_db
def test_export_every_cell_is_safe_whatever_the_text(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2023)
    nomination = factories.nomination_in(NominationState.SUBMITTED, cycle=cycle)
    client.force_login(staff)

    @given(nominee=no_nul(300), nominator=no_nul(200), organization=no_nul(200))
    @settings(max_examples=60)
    def export_is_safe(nominee, nominator, organization):
        type(nomination.nominee).objects.filter(pk=nomination.nominee_id).update(
            legal_name=nominee, certificate_name=nominee
        )
        type(nomination).objects.filter(pk=nomination.pk).update(
            nominator_name=nominator, nominator_organization=organization
        )

        response = client.get(EXPORT, {"state": "submitted"})

        rows = list(csv.reader(io.StringIO(response.getvalue().decode(), newline="")))
        assert all(safe_cell(cell) for row in rows for cell in row)
        (row,) = rows[1:]
        nomination.nominee.refresh_from_db()
        assert row[2] == neutralize_csv_cell(nomination.nominee.display_name)
        assert row[5] == neutralize_csv_cell(organization)

    export_is_safe()
