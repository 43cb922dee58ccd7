"""Hand-offs to the panel: the emails that tell a panelist it is their turn.

- **Review started** (`review_started_on_commit`): registered with nominations as the
  hand-off of the cycle's start_review move (`nominations.cycle_moves.after_move`), so
  the move's service, which nominations owns, reaches the panel without importing
  reviews. After the move commits, each active panelist of the cycle gets one email:
  how many nominations are assigned to them, the due date and a link to their home
  (or, with the attestation still unsigned, the link to sign it first).

Emails go through the outbox after commit (`nominations.services.mail`); nothing is
written here, so there is no audit event: the move's own event records the hand-off.
"""

from collections import Counter

from django.db.models import Q

from nominations.models import Cycle
from nominations.services.mail import email_each_on_commit, site_link
from reviews import rules
from reviews.models import Assignment, PanelMember
from reviews.selectors.live import live_assignment

REVIEW_STARTED_TEMPLATE = "review_started"


def review_started_on_commit(cycle: Cycle) -> None:
    """After commit, email each active panelist of the cycle their share of the review."""
    email_each_on_commit(
        template=REVIEW_STARTED_TEMPLATE, letters=lambda: review_started_letters(cycle)
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


__all__ = ["review_started_letters", "review_started_on_commit"]
