"""Who is a party to a nomination, read from the database: the one-nomination predicate
(`rules.is_party_to`) and the list version (`party_nomination_ids`) agree."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from nominations import rules
from nominations.models import Nomination, NomineeKind
from nominations.selectors.parties import parties_among, party_nomination_ids
from nominations.states import EndorsementState
from tests import factories

pytestmark = pytest.mark.django_db


def nominations_of(user) -> dict[str, Nomination]:
    """One nomination for each way `user` can be a party to it, and one they are not."""
    cycle = factories.CycleFactory()
    made = factories.NominationFactory(cycle=cycle, nominator=user)
    contact = factories.NominationFactory(cycle=cycle)
    contact.nominee.contact_email = "Rita.Moss@Harbor.example"
    contact.nominee.save()
    endorsed = factories.NominationFactory(cycle=cycle)
    factories.letter_request(endorsed, email="RITA@gmail.com")
    cancelled = factories.NominationFactory(cycle=cycle)
    factories.letter_request(cancelled, email="rita@gmail.com", state=EndorsementState.CANCELLED)
    nominee = factories.NominationFactory(
        cycle=cycle,
        nominee=factories.NomineeFactory(kind=NomineeKind.INDIVIDUAL, full_name="Moss, Rita"),
    )
    namesake_org = factories.NominationFactory(
        cycle=cycle, nominee=factories.NomineeFactory(legal_name="Rita Moss")
    )
    # Started as a person, then changed to an organization: the name typed stays behind.
    once_a_person = factories.NominationFactory(
        cycle=cycle,
        nominee=factories.NomineeFactory(
            kind=NomineeKind.ORGANIZATION, full_name="Rita Moss", legal_name="Harbor House"
        ),
    )
    tagged = factories.NominationFactory(cycle=cycle)
    tagged.nominee.contact_email = " rita.moss+award@HARBOR.example "
    tagged.nominee.save()
    dotted = factories.NominationFactory(cycle=cycle)
    factories.letter_request(dotted, email="r.i.t.a@googlemail.com")
    accented = factories.NominationFactory(cycle=cycle)
    factories.letter_request(accented, email="rita@ÉCOLE.example")
    stranger = factories.NominationFactory(cycle=cycle)
    return {
        "contact with a tag, spaces and capitals": tagged,
        "endorsed at a dotted googlemail address": dotted,
        "endorsed at an accented domain": accented,
        "made": made,
        "contact": contact,
        "endorsed": endorsed,
        "cancelled letter": cancelled,
        "nominee": nominee,
        "organization named like them": namesake_org,
        "organization that was once entered as them": once_a_person,
        "stranger": stranger,
    }


@pytest.fixture
def rita():
    user = factories.award_staff(email="rita.moss@harbor.example", full_name="Dr. Rita Moss")
    EmailAddress.objects.create(user=user, email="rita@gmail.com", verified=False)
    EmailAddress.objects.create(user=user, email="rita@école.example", verified=False)
    return user


PARTY_TO = {
    "made",
    "contact",
    "endorsed",
    "nominee",
    "contact with a tag, spaces and capitals",
    "endorsed at a dotted googlemail address",
    "endorsed at an accented domain",
}


def test_is_party_to_each_way_and_no_other(rita):
    nominations = nominations_of(rita)

    found = {name for name, n in nominations.items() if rules.is_party_to(rita, n)}

    assert found == PARTY_TO


def test_party_nomination_ids_agrees_with_is_party_to(rita):
    """The list version (used by results, slate, conflicts and assignments pages) finds
    exactly the nominations the one-nomination predicate does."""
    nominations = nominations_of(rita)

    ids = party_nomination_ids(rita, Nomination.objects.all())

    assert ids == {nominations[name].pk for name in PARTY_TO}


def test_parties_among_agrees_with_is_party_to(rita):
    nominations = nominations_of(rita)
    other = factories.panelist()

    pairs = parties_among(
        users=[rita, other], nominations=Nomination.objects.select_related("nominee")
    )

    assert set(pairs) == {(rita.pk, nominations[name].pk) for name in PARTY_TO}


def test_party_nomination_ids_anonymous_is_party_to_nothing(rita):
    nominations_of(rita)

    assert party_nomination_ids(AnonymousUser(), Nomination.objects.all()) == set()


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["nobody", "anonymous"])
def test_is_party_to_nobody_signed_in_is_party_to_nothing(rita, user):
    nominations = nominations_of(rita)

    assert [n for n in nominations.values() if rules.is_party_to(user, n)] == []


def test_the_party_rule_reads_a_users_addresses_once_per_user_object(
    rita, django_assert_num_queries
):
    with django_assert_num_queries(1):
        first = rules.person_of(rita)
    with django_assert_num_queries(0):
        again = rules.person_of(rita)

    assert again is first
    assert first.emails == {"rita.moss@harbor.example", "rita@gmail.com", "rita@école.example"}
    assert first.full_name == "Dr. Rita Moss"


@pytest.mark.parametrize("size", [2, 8])
def test_party_nomination_ids_query_count_does_not_grow(rita, django_assert_num_queries, size):
    cycle = factories.CycleFactory()
    for _ in range(size):
        nomination = factories.NominationFactory(cycle=cycle)
        factories.letter_request(nomination, email="someone@else.example")

    # the user's addresses, then the nominations they made, are the contact or the
    # individual nominee of, or were asked to endorse: one query through the stored keys
    with django_assert_num_queries(2):
        party_nomination_ids(rita, Nomination.objects.all())


def test_can_vet_and_can_select_refuse_a_party():
    staff = factories.award_staff()
    official = factories.selecting_official()
    nomination = factories.NominationFactory()
    assert rules.can_vet(staff, nomination)
    assert rules.can_select(official, nomination)

    factories.letter_request(nomination, email=staff.email)
    nomination.nominee.contact_email = official.email
    nomination.nominee.save()
    fresh = Nomination.objects.get(pk=nomination.pk)

    assert not rules.can_vet(staff, fresh)
    assert not rules.can_select(official, fresh)


def test_is_party_to_sees_a_letter_request_made_on_the_same_object(settings):
    from nominations.services.endorsements import endorsement_request

    settings.AWARDS_SITE_URL = "http://testserver"
    staff = factories.award_staff()
    nomination = factories.NominationFactory()
    assert not rules.is_party_to(staff, nomination)

    endorsement_request(
        nomination=nomination,
        actor=nomination.nominator,
        name="Pat Staff",
        email=staff.email,
        relationship="Colleague",
    )

    assert rules.is_party_to(staff, nomination)
