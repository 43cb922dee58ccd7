"""Setting up a new cycle by copying another one.

What a cycle is set up with comes across; what happened in it does not:

- Copied: the settings (time zone, award cap, public call, the Privacy Act and PRA
  texts, the signatory, the presentation's event and place), the rubric and the
  checklist (renumbered 1, 2, 3 … in the source's order), the press statement's parts
  (headline, paragraphs, commitments, voice), and what floors above register in
  `nominations.cycle_copy_parts` (reviews: the panel's settings and statement).
- Dates (the nomination window, the performance window, the presentation and statement
  dates, the panel's due date) move by the years between the two cycles, or are left
  blank for staff to set (`shift_dates=False`). The OMB expiration date is the form's
  approval, not the year's, so it is copied as it is.
- Never copied: nominations, the reference counter, panel members and invitations,
  reviews, the slate, the selecting official's decision, citations, certificates and
  the announcement's publication. The new cycle starts in set-up.
"""

import calendar
from datetime import date, datetime

from django.db import IntegrityError, transaction

from accounts.roles import Role
from core.exceptions import InvalidInput, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations import rules
from nominations.cycle_copy_parts import copy_registered_parts
from nominations.models import Announcement, ChecklistItem, Cycle, RubricCriterion
from nominations.services.cycle_setup import check_cycle_settings

# The settings copied as they are.
COPIED_FIELDS = (
    "time_zone",
    "public_call",
    "privacy_authority",
    "privacy_purpose",
    "privacy_routine_uses",
    "privacy_disclosure",
    "privacy_notice_url",
    "pra_control_number",
    "pra_expires_on",
    "pra_burden_minutes",
    "pra_statement",
    "signatory_name",
    "signatory_title",
    "presentation_event",
    "presentation_place",
)
# The dates moved by the years between the cycles, or left blank.
SHIFTED_FIELDS = (
    "opens_at",
    "deadline",
    "performance_start",
    "performance_end",
    "presentation_date",
)
STATEMENT_FIELDS = (
    "headline",
    "context_paragraph",
    "meeting_sentence",
    "commitments",
    "closing_sentence",
    "third_person",
)


def shifted_by_years(value: date | datetime | None, years: int) -> date | datetime | None:
    """`value` `years` later (earlier when negative); February 29 becomes the 28th."""
    if value is None:
        return None
    year = value.year + years
    day = min(value.day, calendar.monthrange(year, value.month)[1])
    return value.replace(year=year, day=day)


@audits_refusals("cycle.copy", obj="source", role=Role.AWARD_STAFF)
def cycle_copy(*, source: Cycle, actor, year: int, shift_dates: bool = True) -> Cycle:
    """Create the program's cycle for `year` in set-up, set up as `source` is.

    Award staff only. Creates the Cycle, its rubric criteria and checklist items, the
    press statement's parts when `source` has them and the registered parts (the
    panel's settings), with one "cycle.copy" audit event naming the source and the
    counts copied, all in one transaction. Schedules nothing. A year the program
    already has, or settings the cycle form would refuse (`check_cycle_settings`), is an
    InvalidInput and nothing is saved.
    """
    if not rules.can_manage_cycle(actor, None):
        raise NotPermitted("Only award staff can set up a cycle.")
    if not year:
        raise InvalidInput("Enter the award year.")
    years = year - source.award_year
    program = source.program

    def shift(value):
        if not shift_dates:
            return None
        if isinstance(value, datetime):
            # In the cycle's zone, so 9 a.m. on opening day stays 9 a.m. across DST.
            value = value.astimezone(source.zone)
        return shifted_by_years(value, years)

    cycle = Cycle(
        program=program,
        award_year=year,
        award_cap=min(source.award_cap, program.award_cap),
        **{name: getattr(source, name) for name in COPIED_FIELDS},
        **{name: shift(getattr(source, name)) for name in SHIFTED_FIELDS},
    )
    check_cycle_settings(cycle)
    try:
        with transaction.atomic():
            cycle.save()
            criteria = RubricCriterion.objects.bulk_create(
                RubricCriterion(
                    cycle=cycle,
                    position=number,
                    name=criterion.name,
                    description=criterion.description,
                    weight=criterion.weight,
                )
                for number, criterion in enumerate(source.rubric_criteria.all(), start=1)
            )
            items = ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    cycle=cycle,
                    position=number,
                    text=item.text,
                    help_text=item.help_text,
                    required=item.required,
                )
                for number, item in enumerate(source.checklist_items.all(), start=1)
            )
            parts = []
            statement = Announcement.objects.filter(cycle=source).first()
            if statement is not None:
                Announcement.objects.create(
                    cycle=cycle,
                    statement_date=shift(statement.statement_date),
                    updated_by=actor,
                    **{name: getattr(statement, name) for name in STATEMENT_FIELDS},
                )
                parts.append("press statement")
            parts += copy_registered_parts(source=source, target=cycle, shift=shift)
            audit_record(
                action="cycle.copy",
                actor=actor,
                obj=cycle,
                to_state=cycle.state,
                data={
                    "source": source.pk,
                    "program": program.pk,
                    "award_year": year,
                    "rubric_criteria": len(criteria),
                    "checklist_items": len(items),
                    "parts": parts,
                    "dates": "shifted" if shift_dates else "blank",
                },
                role=Role.AWARD_STAFF,
            )
    except IntegrityError as error:
        raise InvalidInput(f"{program.short_name} already has a cycle for {year}.") from error
    return cycle


__all__ = ["cycle_copy", "shifted_by_years"]
