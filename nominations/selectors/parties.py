"""Parties to many nominations at once (the rule: nominations/domain/parties.py)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet, prefetch_related_objects

from nominations import rules
from nominations.domain.parties import (
    NominationSides,
    individual_name,
    mailboxes,
    party_pairs,
    party_reasons,
)
from nominations.models import EndorsementRequest, Nomination, NomineeKind
from nominations.states import ON_SLATE_STATES, EndorsementState


def parties_among(*, users: Iterable, nominations: Iterable[Nomination]) -> dict:
    """{(user id, nomination id): reasons} for every user who is a party to one of the
    nominations. Two queries: the users' addresses and the nominations' letter requests
    (the nominations' nominees must be loaded, e.g. with select_related("nominee"))."""
    users = list(users)
    nominations = list(nominations)
    if not users or not nominations:
        return {}
    prefetch_related_objects(users, "emailaddress_set")
    prefetch_related_objects(nominations, "endorsement_requests")
    return party_pairs(
        [rules.person_of(user) for user in users],
        [rules.nomination_sides(nomination) for nomination in nominations],
    )


def party_nomination_ids(user, nominations: QuerySet[Nomination]) -> set[int]:
    """The ids of those of `nominations` the user is a party to, for list pages of any
    size: the same rule as `rules.is_party_to` (`party_reasons`) over plain columns.
    Three queries: the user's addresses (once per user object), the nominations' people
    and their letter requests."""
    if user is None or not user.is_authenticated:
        return set()
    person = rules.person_of(user)
    letters = defaultdict(list)
    for nomination_id, email in (
        EndorsementRequest.objects.filter(nomination__in=nominations)
        .exclude(state=EndorsementState.CANCELLED)
        .values_list("nomination_id", "email")
    ):
        letters[nomination_id].append(email)
    sides = (
        NominationSides(
            id=pk,
            nominator_id=nominator_id,
            contact_email=contact_email,
            endorser_emails=mailboxes(letters[pk]),
            individual_name=individual_name(
                is_individual=kind == NomineeKind.INDIVIDUAL, full_name=full_name
            ),
        )
        for pk, nominator_id, contact_email, kind, full_name in nominations.values_list(
            "pk", "nominator_id", "nominee__contact_email", "nominee__kind", "nominee__full_name"
        )
    )
    return {nomination.id for nomination in sides if party_reasons(person, nomination)}


def is_party_to_a_slate_nomination(user, cycle) -> bool:
    """Whether `user` is a party to any nomination on the cycle's slate, selected or not:
    before the announcement they may not see which were selected."""
    return bool(party_nomination_ids(user, cycle.nominations.filter(state__in=ON_SLATE_STATES)))
