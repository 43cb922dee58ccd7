"""Reads for nominators: their own nominations."""

from django.db.models import QuerySet

from nominations.models import Nomination


def nominations_for_nominator(*, user) -> QuerySet[Nomination]:
    """The user's nominations, most recently saved first.

    The cycle and nominee come in the same query: the list shows the nominee's name and
    public_state_name() reads the cycle's state.
    """
    return (
        Nomination.objects.filter(nominator=user)
        .select_related("cycle", "nominee")
        .order_by("-updated_at", "-pk")
    )
