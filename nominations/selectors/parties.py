"""Parties to many nominations at once (the rule: nominations/domain/parties.py)."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet, prefetch_related_objects

from nominations import rules
from nominations.domain.names import person_name_key
from nominations.domain.parties import party_pairs
from nominations.models import EndorsementRequest, Nomination, Nominee
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
    size: the same rule as `rules.is_party_to` (`party_reasons`), asked of the stored,
    indexed keys (a nominee's contact mailbox and person key, a letter request's
    mailbox), so only the nominations that match are read. Two queries: the user's
    addresses (once per user object) and the nominations."""
    if user is None or not user.is_authenticated:
        return set()
    person = rules.person_of(user)
    nominees = Q(contact_mailbox__in=person.emails) if person.emails else Q(pk__in=[])
    name_key = person_name_key(person.full_name)
    if name_key:
        nominees |= Q(person_key=name_key)
    letters = (
        EndorsementRequest.objects.filter(mailbox__in=person.emails)
        .exclude(state=EndorsementState.CANCELLED)
        .values("nomination_id")
    )
    # The user's nominations are found once, each term through an index of its own; the
    # nominations asked about are only checked against that short list.
    theirs = Nomination.objects.filter(
        Q(nominator_id=person.id)
        | Q(nominee__in=Nominee.objects.filter(nominees).values("pk"))
        | Q(pk__in=letters)
    ).values("pk")
    return set(nominations.filter(pk__in=theirs).order_by().values_list("pk", flat=True))


def is_party_to_a_slate_nomination(user, cycle) -> bool:
    """Whether `user` is a party to any nomination on the cycle's slate, selected or not:
    before the announcement they may not see which were selected."""
    return bool(party_nomination_ids(user, cycle.nominations.filter(state__in=ON_SLATE_STATES)))
