"""What makes an assignment *live*: the one definition the assignment overview, the
progress page and the reminders share, so that they never disagree about a gap.

An assignment is live, counts toward the panel's k and toward its panelist's load, and
is expected to produce a review when its panelist is active (not removed) and has signed
the attestation, they have not declined it, and no conflict that blocks assignment
(suggested, declared or confirmed) stands between the two. A removed panelist's
*submitted* review still counts in the results (`reviews.selectors.results`); it just no
longer fills a reviewer's place on the progress and assignment pages.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from reviews.models import Conflict
from reviews.states import UNASSIGNABLE_STATUSES


def live_assignment() -> Q:
    """The condition on `Assignment` rows; filter with it or annotate it (`is_live`)."""
    return Q(
        declined_at__isnull=True,
        member__removed_at__isnull=True,
        member__attested_at__isnull=False,
    ) & ~Exists(
        Conflict.objects.filter(
            nomination=OuterRef("nomination"),
            member=OuterRef("member"),
            status__in=UNASSIGNABLE_STATUSES,
        )
    )


def is_live() -> ExpressionWrapper:
    """`live_assignment` as a boolean annotation: `.annotate(live=is_live())`."""
    return ExpressionWrapper(live_assignment(), output_field=BooleanField())


__all__ = ["is_live", "live_assignment"]
