"""CSV exports: formula neutralization and the audited nominations export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.exports import neutralize_csv_cell, render_csv
from nominations.models import AuditEvent, CycleState, NominationState
from tests import factories

EXPORT = reverse("nominations:staff_export")


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
        (" =1", " =1"),
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
    rows = list(csv.reader(io.StringIO(response.content.decode())))
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

    rows = list(csv.reader(io.StringIO(client.get(EXPORT).content.decode())))

    assert [(row[0], row[-1]) for row in rows[1:]] == [
        ("PA-2023-0001", "yes"),
        ("PA-2023-0002", "yes"),
        ("PA-2023-0003", "no"),
    ]
