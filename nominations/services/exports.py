"""Exports of nomination data. Each one is a privileged action and is audited."""

from typing import TextIO

from django.db.models import QuerySet

from accounts.roles import Role
from core.csv_export import write_csv
from core.services.audit import audit_record
from nominations.models import Nomination

CRITERION_LABELS = (
    ("criterion_courage", "courage"),
    ("criterion_sustained", "sustained"),
    ("criterion_innovation", "innovation"),
)

# Nominations read at a time for an export: a nomination is a whole model instance, so
# what memory holds at once is this many of them, whatever the size of the export.
EXPORT_CHUNK = 100

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
    nominations: QuerySet[Nomination],
    flags: dict[int, list[int]],
    filters: dict[str, str],
    out: TextIO,
) -> int:
    """Write the nominations to `out` as CSV (NOMINATION_COLUMNS), spreadsheet formulas
    neutralized; the number of rows written. The rows are read EXPORT_CHUNK at a time
    and written as they come, so memory stays flat however many there are.

    Then writes one audit event, "nominations.export", with the filters and the row
    count. Schedules nothing.
    """
    rows = (_row(nomination, flags) for nomination in nominations.iterator(chunk_size=EXPORT_CHUNK))
    written = write_csv(out, NOMINATION_COLUMNS, rows)
    audit_record(
        action="nominations.export",
        actor=actor,
        data={"filters": filters, "rows": written},
        role=Role.AWARD_STAFF,
    )
    return written


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
