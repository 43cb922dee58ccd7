"""Hand-offs to the panel: the emails that tell a panelist it is their turn.

- **Review started** (`review_started_on_commit`): registered with nominations as the
  hand-off of the cycle's start_review move (`nominations.cycle_moves.after_move`), so
  the move's service, which nominations owns, reaches the panel without importing
  reviews. After the move commits, each active panelist of the cycle gets one email:
  how many nominations are assigned to them, the due date and a link to their home
  (or, with the attestation still unsigned, the link to sign it first).

- **Conflicts to decide** (`conflicts_to_decide_on_commit`): a panelist's declaration
  (`conflict_declare`) waits for staff to confirm or waive it, so every member of award
  staff is told; the system's suggestions (`conflicts_suggest`, run by one member of
  staff, who sees them on the page) are told to the other members. The email links to
  the cycle's conflicts with that status.

Emails go through the outbox after commit (`nominations.services.mail`); nothing is
written here, so there is no audit event: the move's own event records the hand-off.
"""

from collections import Counter

from django.db.models import Q

from nominations.models import Cycle
from nominations.selectors.people import award_staff
from nominations.services.mail import email_each_on_commit, site_link
from reviews import rules
from reviews.models import Assignment, PanelMember
from reviews.selectors.live import live_assignment

REVIEW_STARTED_TEMPLATE = "review_started"
CONFLICTS_TEMPLATE = "conflicts_to_decide"


def review_started_on_commit(cycle: Cycle) -> None:
    """After commit, email each active panelist of the cycle their share of the review."""
    email_each_on_commit(
        template=REVIEW_STARTED_TEMPLATE,
        letters=lambda: review_started_letters(cycle),
        cycle=cycle,
    )


def review_started_letters(cycle: Cycle) -> list[tuple[str, dict]]:
    """One (address, context) per active seat of the cycle's panel, by address.

    `assigned` counts the seat's live assignments (`reviews.selectors.live`) of
    nominations in review. Two queries.
    """
    members = list(
        PanelMember.objects.filter(panel__cycle_id=cycle.pk, removed_at__isnull=True)
        .select_related("user", "panel__cycle__program")
        .order_by("user__email", "pk")
    )
    assigned = Counter(
        Assignment.objects.filter(
            Q(live_assignment()),
            member__in=members,
            nomination__state=rules.SCORING_NOMINATION_STATE,
        ).values_list("member_id", flat=True)
    )
    letters = []
    for member in members:
        panel = member.panel
        letters.append(
            (
                member.user.email,
                {
                    "panelist_name": member.user.full_name or member.user.email,
                    "cycle": panel.cycle,
                    "program": panel.cycle.program,
                    "due": panel.review_due,
                    "assigned": assigned[member.pk],
                    "signed": member.attested_at is not None,
                    "home_url": site_link("reviews:panelist_home"),
                    "attestation_url": site_link("reviews:attestation_sign", panel.pk),
                },
            )
        )
    return letters


def conflicts_to_decide_on_commit(
    *, cycle: Cycle, status: str, count: int, found_by: str, excluding=()
) -> None:
    """After commit, tell award staff (less `excluding`) of `count` new conflicts of
    `status` ("declared" or "suggested") in the cycle, found by `found_by` (a name)."""

    def letters() -> list[tuple[str, dict]]:
        fresh = Cycle.objects.select_related("program").get(pk=cycle.pk)
        link = site_link("reviews:conflict_list", fresh.pk) + f"?status={status}"
        context = {
            "cycle": fresh,
            "program": fresh.program,
            "status": status,
            "count": count,
            "found_by": found_by,
            "link": link,
        }
        return [
            (person.email, {**context, "staff_name": person.full_name or person.email})
            for person in award_staff(excluding=excluding)
        ]

    email_each_on_commit(template=CONFLICTS_TEMPLATE, letters=letters, cycle=cycle)


__all__ = ["conflicts_to_decide_on_commit", "review_started_letters", "review_started_on_commit"]
