"""Hand-offs of the selection floor: the emails that tell the next person it is their turn.

- **Slate sent** (`slate_sent_on_commit`): registered with nominations as the hand-off of
  the cycle's start_selection move (`nominations.cycle_moves.after_move`); after the move
  commits, each selecting official gets one email with the size of the slate, the
  award cap and a link to the cycle's selection page.
- **Selection signed** (`selection_signed_on_commit`, scheduled by `selection_decide`):
  each member of award staff gets one email saying how many were selected and linking
  to the cycle's citations page (citations to write and approve, then announce). The
  email names no nomination: the outcome stays in the application until announced.

- **Citation awaiting a second approver** (`citation_awaits_approval_on_commit`,
  scheduled by `citation_add` when AWARDS_CITATION_FOUR_EYES is on, so that its writer
  cannot approve it): each member of award staff other than the writer gets one email
  with the nomination's reference and a link to its citations page. With the setting
  off, the writer may approve their own citation, so nobody else is asked.

Nothing is written here, so there is no audit event: the move's own event records it.
"""

from nominations.models import Citation, Cycle, SelectionDecision
from nominations.selectors.people import award_staff, selecting_officials, staff_who_may_vet
from nominations.services.mail import email_each_on_commit, site_link
from nominations.states import NominationState

SLATE_SENT_TEMPLATE = "slate_sent"
SELECTION_SIGNED_TEMPLATE = "selection_signed"
CITATION_APPROVAL_TEMPLATE = "citation_awaits_approval"


def slate_sent_on_commit(cycle: Cycle) -> None:
    """After commit, email each selecting official that the slate waits for them."""
    email_each_on_commit(
        template=SLATE_SENT_TEMPLATE, letters=lambda: slate_sent_letters(cycle), cycle=cycle
    )


def slate_sent_letters(cycle: Cycle) -> list[tuple[str, dict]]:
    cycle = Cycle.objects.select_related("program").get(pk=cycle.pk)
    slate = cycle.nominations.filter(state=NominationState.SHORTLISTED).count()
    context = {
        "cycle": cycle,
        "program": cycle.program,
        "slate": slate,
        "cap": cycle.effective_award_cap,
        "link": site_link("selection:selection_cycle", cycle.pk),
    }
    return [
        (official.email, {**context, "official_name": official.full_name or official.email})
        for official in selecting_officials()
    ]


def selection_signed_on_commit(decision: SelectionDecision) -> None:
    """After commit, email award staff that the official signed the cycle's selection."""
    email_each_on_commit(
        template=SELECTION_SIGNED_TEMPLATE,
        letters=lambda: selection_signed_letters(decision),
        cycle=decision.cycle,
    )


def selection_signed_letters(decision: SelectionDecision) -> list[tuple[str, dict]]:
    decision = SelectionDecision.objects.select_related("cycle__program", "decided_by").get(
        pk=decision.pk
    )
    cycle = decision.cycle
    context = {
        "cycle": cycle,
        "program": cycle.program,
        "decision": decision,
        "selected": len(decision.selected),
        "official_name": decision.signed_name,
        "link": site_link("selection:cycle_citations", cycle.pk),
    }
    return [
        (person.email, {**context, "staff_name": person.full_name or person.email})
        for person in award_staff()
    ]


def citation_awaits_approval_on_commit(citation: Citation) -> None:
    """After commit, ask every member of staff but the writer to approve the citation."""
    email_each_on_commit(
        template=CITATION_APPROVAL_TEMPLATE,
        letters=lambda: citation_approval_letters(citation),
        nomination=citation.nomination,
    )


def citation_approval_letters(citation: Citation) -> list[tuple[str, dict]]:
    citation = Citation.objects.select_related(
        "created_by", "nomination__cycle__program", "nomination__nominee"
    ).get(pk=citation.pk)
    nomination = citation.nomination
    context = {
        "citation": citation,
        "nomination": nomination,
        "cycle": nomination.cycle,
        "program": nomination.cycle.program,
        "writer_name": citation.created_by.full_name or citation.created_by.email,
        "link": site_link("selection:citations", nomination.pk),
    }
    return [
        (person.email, {**context, "staff_name": person.full_name or person.email})
        for person in staff_who_may_vet(nomination, excluding=[citation.created_by])
    ]


__all__ = [
    "citation_approval_letters",
    "citation_awaits_approval_on_commit",
    "selection_signed_letters",
    "selection_signed_on_commit",
    "slate_sent_letters",
    "slate_sent_on_commit",
]
