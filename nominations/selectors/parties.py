"""Parties to many nominations at once (the rule: nominations/domain/parties.py)."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Lower

from nominations import rules
from nominations.domain.names import person_name_key
from nominations.domain.parties import party_pairs
from nominations.models import EndorsementRequest, EndorsementState, Nomination, NomineeKind


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
    """The ids of those of `nominations` the user is a party to, found in the database (for
    list pages of any size). Three queries: the user's addresses (once per user object),
    the nominations made by, about or endorsed by one of them, and individual nominees'
    names. Agrees with `rules.is_party_to` on every nomination (tested)."""
    if user is None or not user.is_authenticated:
        return set()
    person = rules.person_of(user)
    emails = sorted(person.emails)
    letters = EndorsementRequest.objects.filter(nomination=OuterRef("pk")).exclude(
        state=EndorsementState.CANCELLED
    )
    ids = set(
        nominations.annotate(
            contact_lower=Lower("nominee__contact_email"),
            endorsed=Exists(
                letters.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
            ),
        )
        .filter(Q(nominator_id=user.pk) | Q(contact_lower__in=emails) | Q(endorsed=True))
        .values_list("pk", flat=True)
    )
    name_key = person_name_key(person.full_name)
    if name_key:
        individuals = nominations.filter(nominee__kind=NomineeKind.INDIVIDUAL).values_list(
            "pk", "nominee__full_name"
        )
        ids.update(pk for pk, name in individuals if person_name_key(name) == name_key)
    return ids
