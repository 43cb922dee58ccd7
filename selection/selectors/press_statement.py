"""Reads behind the press statement: a cycle's recipients as the award paragraph names them,
its Announcement row (or the defaults it starts from) and the whole press statement."""

from dataclasses import dataclass, field

from nominations.models import Announcement, Cycle, Nomination
from nominations.selectors.public import (
    PUBLISHED_CYCLE_STATES,
    announced_at,
    approved_short_citations,
    featured_program,
    latest_approved_short_citation,
)
from nominations.states import CycleState, NominationState
from selection.domain.press_statement import (
    FIRST_PERSON,
    AwardRecipient,
    PressStatement,
    PressStatementError,
    award_paragraph,
    paragraphs,
    presenter_in_third_person,
    signatory_line,
    split_commitments,
    statement_date_text,
)

# Before the announcement the statement is drafted around the selected nominations;
# announcing awards them.
RECIPIENT_STATES = (NominationState.SELECTED, NominationState.AWARDED)
CITATION_PENDING = "[short citation not yet approved]"


@dataclass
class StatementDraft:
    """The statement as it will read, and what still keeps it from reading right."""

    statement: PressStatement
    recipients: list[AwardRecipient]
    problems: list[str] = field(default_factory=list)


def award_recipient(nomination: Nomination) -> AwardRecipient:
    """The nomination as the award paragraph names it, with its latest approved short
    citation (CITATION_PENDING for none); needs the nominee and `approved_short_citations`."""
    nominee = nomination.nominee
    return AwardRecipient(
        kind=nominee.kind,
        citation=latest_approved_short_citation(nomination) or CITATION_PENDING,
        name="" if nominee.is_individual else nominee.display_name,
        honorific=nominee.honorific,
        full_name=nominee.full_name,
        title=nominee.title,
        affiliation=nominee.affiliation,
        possessive=nominee.possessive,
    )


def cycle_recipients(
    cycle: Cycle, *, states=RECIPIENT_STATES
) -> tuple[list[AwardRecipient], list[str]]:
    """The cycle's recipients in reference order with their latest approved short
    citation, and a problem for each one that has none (two queries)."""
    nominations = (
        Nomination.objects.filter(cycle=cycle, state__in=states)
        .select_related("nominee")
        .prefetch_related(approved_short_citations())
        .order_by("sequence", "pk")
    )
    recipients, problems = [], []
    for nomination in nominations:
        recipient = award_recipient(nomination)
        if recipient.citation == CITATION_PENDING:
            problems.append(f"{nomination.reference} has no approved short citation.")
        recipients.append(recipient)
    return recipients, problems


def press_statement_or_defaults(cycle: Cycle) -> Announcement:
    """The cycle's Announcement, or an unsaved one prefilled from the cycle's presentation
    details (the headline is the event, the date the presentation date)."""
    try:
        return cycle.announcement
    except Announcement.DoesNotExist:
        return Announcement(
            cycle=cycle,
            headline=cycle.presentation_event,
            statement_date=cycle.presentation_date,
        )


def presenter_for(cycle: Cycle, *, third_person: bool) -> str:
    if not third_person:
        return FIRST_PERSON
    name, title = cycle.effective_signatory()
    return presenter_in_third_person(name, title)


def statement_for(
    cycle: Cycle, announcement: Announcement | None = None, *, states=RECIPIENT_STATES
) -> StatementDraft:
    """The whole press statement for the cycle, as staff's text and its recipients make it.

    `announcement` (say, an unsaved one from an edit form) replaces the stored row;
    `states` are the nomination states counted as recipients (the public page: awarded).
    """
    recipients, problems = cycle_recipients(cycle, states=states)
    return statement_from(
        cycle, announcement or press_statement_or_defaults(cycle), recipients, problems
    )


def statement_from(
    cycle: Cycle,
    announcement: Announcement,
    recipients: list[AwardRecipient],
    problems: list[str],
) -> StatementDraft:
    """The press statement from recipients already read (`statement_for` reads one
    cycle's; the announcement feed reads every published cycle's at once). No query
    beyond the cycle's program."""
    problems = list(problems)
    paragraph = ""
    try:
        paragraph = award_paragraph(
            award_year=cycle.award_year,
            program_name=cycle.program.name,
            recipients=recipients,
            presenter=presenter_for(cycle, third_person=announcement.third_person),
        )
    except PressStatementError as error:
        problems.append(error.message)
    name, title = cycle.effective_signatory()
    lead, items = split_commitments(announcement.commitments)
    statement = PressStatement(
        headline=announcement.headline,
        signatory=signatory_line(name, title),
        statement_date=statement_date_text(announcement.statement_date),
        context_paragraphs=paragraphs(announcement.context_paragraph),
        meeting_paragraphs=paragraphs(announcement.meeting_sentence),
        commitments_lead=lead,
        commitments=items,
        award_paragraph=paragraph,
        closing_paragraphs=paragraphs(announcement.closing_sentence),
    )
    return StatementDraft(statement=statement, recipients=recipients, problems=problems)


def cycle_for_press_statement(*, pk: int) -> Cycle | None:
    """A cycle with its program and announcement, for staff (any state)."""
    return Cycle.objects.select_related("program", "announcement").filter(pk=pk).first()


def published_cycle_for_year(*, award_year: int) -> Cycle | None:
    """The featured program's cycle for the year once it is announced, with its program,
    announcement and `announced_at` (`nominations.selectors.public.announced_at`); None
    before."""
    program = featured_program()
    if program is None:
        return None
    return (
        Cycle.objects.select_related("program", "announcement")
        .annotate(announced_at=announced_at())
        .filter(program=program, award_year=award_year, state__in=PUBLISHED_CYCLE_STATES)
        .first()
    )


def cycle_is_published(cycle: Cycle) -> bool:
    return cycle.state in (CycleState.ANNOUNCED, CycleState.ARCHIVED)
