"""Exports of nomination data. Each one is a privileged action and is audited."""

from collections.abc import Iterable

from accounts.roles import Role
from core.csv_export import render_csv
from core.services.audit import audit_record
from nominations.models import Nomination

CRITERION_LABELS = (
    ("criterion_courage", "courage"),
    ("criterion_sustained", "sustained"),
    ("criterion_innovation", "innovation"),
)

NOMINATION_COLUMNS = (
    "reference",
    "state",
    "nominee",
    "nominee type",
    "nominator",
    "organization",
    "submitted at",
    "criteria",
    "duplicate flag",
)


def nominations_export_csv(
    *,
    actor,
    nominations: Iterable[Nomination],
    flags: dict[int, list[int]],
    filters: dict[str, str],
) -> str:
    """The nominations as CSV (NOMINATION_COLUMNS), spreadsheet formulas neutralized.

    Writes one audit event, "nominations.export", with the filters and the row count.
    Schedules nothing.
    """
    rows = [_row(nomination, flags) for nomination in nominations]
    audit_record(
        action="nominations.export",
        actor=actor,
        data={"filters": filters, "rows": len(rows)},
        role=Role.AWARD_STAFF,
    )
    return render_csv(NOMINATION_COLUMNS, rows)


def _row(nomination: Nomination, flags: dict[int, list[int]]) -> list[str]:
    submitted = (
        nomination.submitted_at.astimezone(nomination.cycle.zone).strftime("%Y-%m-%d %H:%M %Z")
        if nomination.submitted_at
        else ""
    )
    nominator = nomination.nominator_name or nomination.nominator.full_name
    return [
        nomination.reference or "",
        nomination.get_state_display(),
        nomination.nominee.display_name,
        nomination.nominee.get_kind_display(),
        f"{nominator} <{nomination.nominator.email}>",
        nomination.nominator_organization,
        submitted,
        "; ".join(label for field, label in CRITERION_LABELS if getattr(nomination, field)),
        "yes" if nomination.pk in flags else "no",
    ]
