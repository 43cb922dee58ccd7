"""Reads for panel review."""

from django.db.models import Count, QuerySet

from reviews.models import PanelMember


def panel_seats_for(*, user) -> QuerySet[PanelMember]:
    """The user's current seats (not removed), newest cycle first, with assignment counts.

    One query: the cycle and program are joined and the assignments are counted in it.
    """
    return (
        PanelMember.objects.filter(user=user, removed_at__isnull=True)
        .select_related("panel__cycle__program")
        .annotate(assignment_count=Count("assignments"))
        .order_by("-panel__cycle__award_year", "pk")
    )
