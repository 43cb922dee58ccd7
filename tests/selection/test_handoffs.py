"""Hand-offs of selection: the slate sent to the official, the selection signed for staff;
each an email after the move and an item in the recipient's "Your turn" section."""

import pytest
from django.core import mail
from django.urls import reverse

from core.exceptions import TransitionBlocked, WorkflowError
from nominations.models import Citation, OutboxMessage, SelectionDecision, SlateEntry
from nominations.services.cycle import cycle_start_selection
from nominations.states import CycleState, NominationState
from selection.services.citations import citation_add, citation_approve
from selection.services.selection import selection_decide
from tests import factories
from tests.selection.test_slate import slate_cycle

pytestmark = pytest.mark.django_db
SITE = "http://testserver.example"
SELECTION = reverse("selection:selection_home")
STAFF_HOME = reverse("nominations:staff_home")
NAME = "Antony J. Blinken"


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = SITE
    settings.AWARDS_SITE_NAME = "Award Nominations"


@pytest.fixture
def official():
    return factories.selecting_official(email="official@example.gov", full_name=NAME)


def turn(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return [(item.text, item.count, item.url) for item in response.context["turn"]]


# -- the slate sent to the official -----------------------------------------------------------


def test_sending_the_slate_emails_the_official(staff, official, django_capture_on_commit_callbacks):
    cycle = factories.cycle_in(CycleState.REVIEW, award_year=2030, award_cap=2)
    for _ in range(3):
        factories.nomination_in(NominationState.SHORTLISTED, cycle=cycle)

    with django_capture_on_commit_callbacks(execute=True):
        cycle_start_selection(cycle=cycle, actor=staff)

    [email] = mail.outbox
    assert email.to == ["official@example.gov"]
    assert email.subject == (
        f"{cycle.program.short_name} 2030: the slate is ready for your decision"
    )
    assert email.body.startswith(f"Dear {NAME},\n\n")
    assert ": 3 nominations, in the panel's rank order" in email.body
    assert "You may select up to 2 recipients." in email.body
    link = SITE + reverse("selection:selection_cycle", args=[cycle.pk])
    assert f"record your signed decision:\n{link}\n" in email.body
    stored = OutboxMessage.objects.get()
    assert (stored.template, stored.cycle_id) == ("slate_sent", cycle.pk)


def test_a_refused_slate_emails_nobody(staff, official, django_capture_on_commit_callbacks):
    cycle = factories.cycle_in(CycleState.REVIEW)
    factories.nomination_in(NominationState.IN_REVIEW, cycle=cycle)  # not decided yet

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionBlocked):
        cycle_start_selection(cycle=cycle, actor=staff)

    assert type(cycle).objects.get(pk=cycle.pk).state == CycleState.REVIEW
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_official_home_lists_the_slate_to_decide_until_it_is_signed(client, official, staff):
    cycle, nominations = slate_cycle([2, 3, 4], cap=1)
    name = f"{cycle.program.short_name} {cycle.award_year}"
    url = reverse("selection:selection_cycle", args=[cycle.pk])

    assert turn(client, official, SELECTION) == [
        (f"nominations on the {name} slate to decide", 3, url)
    ]
    body = client.get(SELECTION).content.decode()
    assert body.index('id="your-turn-heading"') < body.index("Select up to 1 recipient")
    # Not the staff's item: staff see no slate to decide.
    assert [t for t in turn(client, staff, STAFF_HOME) if "slate" in t[0]] == []

    selection_decide(
        cycle=cycle, actor=official, selected=nominations[:1], justification="", signed_name=NAME
    )
    assert turn(client, official, SELECTION) == []


@pytest.mark.parametrize("size", [2, 12])
def test_selection_page_with_your_turn_query_count_does_not_grow(
    client, official, django_assert_num_queries, size
):
    slate_cycle([index % 9 + 1 for index in range(size)])
    client.force_login(official)

    # as tests/selection/test_views_selection.py counts them, the slates waiting included
    with django_assert_num_queries(15):
        response = client.get(SELECTION)

    assert [item.count for item in response.context["turn"]] == [size]


# -- the selection signed, for staff ------------------------------------------------------------


def test_signing_the_selection_emails_each_member_of_staff(
    official, django_capture_on_commit_callbacks
):
    cycle, [first, second] = slate_cycle([2, 3], cap=1)  # makes one staff member (the writer)
    factories.award_staff(email="zoe@example.gov", full_name="Zoe Park")
    factories.nominator(email="nominator@example.gov")

    with django_capture_on_commit_callbacks(execute=True):
        selection_decide(
            cycle=cycle, actor=official, selected=[first], justification="", signed_name=NAME
        )

    writer = SlateEntry.objects.first().written_by
    # One email to each member of staff, by address; none to the nominator or the official.
    assert [email.to for email in mail.outbox] == [[writer.email], ["zoe@example.gov"]]
    zoe = next(email for email in mail.outbox if email.to == ["zoe@example.gov"])
    assert zoe.subject == f"{cycle.program.short_name} {cycle.award_year}: the selection is signed"
    assert zoe.body.startswith("Dear Zoe Park,\n\n")
    assert f"{NAME} signed the selection of the {cycle.award_year} " in zoe.body
    assert ": 1 recipient selected. The decision stays private" in zoe.body
    assert first.reference not in zoe.body and first.nominee.display_name not in zoe.body
    link = SITE + reverse("selection:cycle_citations", args=[cycle.pk])
    assert f"The cycle's citations:\n{link}\n" in zoe.body


def test_a_refused_signature_emails_nobody(official, django_capture_on_commit_callbacks):
    cycle, [first, _] = slate_cycle([2, 3], cap=1)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkflowError):
        selection_decide(
            cycle=cycle, actor=official, selected=[first], justification="", signed_name="Someone"
        )

    assert not SelectionDecision.objects.exists()
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_staff_home_lists_the_signed_selection_until_announced(client, official, staff):
    cycle, [first, _] = slate_cycle([2, 3], cap=1)
    name = f"{cycle.program.short_name} {cycle.award_year}"
    assert turn(client, staff, STAFF_HOME) == []

    selection_decide(
        cycle=cycle, actor=official, selected=[first], justification="", signed_name=NAME
    )

    assert turn(client, staff, STAFF_HOME) == [
        (
            f"recipient selected for {name}: citations to write and approve, then announce",
            1,
            reverse("selection:cycle_citations", args=[cycle.pk]),
        )
    ]
    body = client.get(STAFF_HOME).content.decode()
    assert body.index('id="your-turn-heading"') < body.index("Needs action")
    # The official's own home shows no staff item.
    assert turn(client, official, SELECTION) == []


# -- a citation awaiting a second approver --------------------------------------------------

SHORT = "for its survivor-led referral network"


@pytest.fixture
def four_eyes(settings):
    settings.AWARDS_CITATION_FOUR_EYES = True


def test_a_citation_under_four_eyes_asks_every_other_member_of_staff(
    four_eyes, django_capture_on_commit_callbacks
):
    writer = factories.award_staff(email="ann@example.gov", full_name="Ann Lee")
    factories.award_staff(email="zoe@example.gov", full_name="Zoe Park")
    nomination = factories.nomination_in(NominationState.SELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        citation_add(nomination=nomination, kind="short", text=SHORT, actor=writer)

    [email] = mail.outbox
    assert email.to == ["zoe@example.gov"]
    assert email.subject == f"{nomination.reference}: a short citation to approve"
    assert email.body.startswith("Dear Zoe Park,\n\nAnn Lee wrote version 1 of the short ")
    link = SITE + reverse("selection:citations", args=[nomination.pk])
    assert f"Read and approve it:\n{link}\n" in email.body
    assert OutboxMessage.objects.get().nomination == nomination


def test_a_citation_without_four_eyes_or_refused_emails_nobody(
    settings, django_capture_on_commit_callbacks
):
    writer = factories.award_staff()
    factories.award_staff()
    nomination = factories.nomination_in(NominationState.SELECTED)
    settings.AWARDS_CITATION_FOUR_EYES = False
    with django_capture_on_commit_callbacks(execute=True):
        citation_add(nomination=nomination, kind="short", text=SHORT, actor=writer)
    settings.AWARDS_CITATION_FOUR_EYES = True
    set_aside = factories.nomination_in(NominationState.NOT_SELECTED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkflowError):
        citation_add(nomination=set_aside, kind="short", text=SHORT, actor=writer)

    assert list(Citation.objects.values_list("nomination", flat=True)) == [nomination.pk]
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_staff_home_lists_citations_to_approve_for_staff_other_than_the_writer(client, four_eyes):
    writer, other = factories.award_staff(), factories.award_staff()
    cycle = factories.cycle_in(CycleState.SELECTION, award_year=2030)
    nomination = factories.nomination_in(NominationState.SELECTED, cycle=cycle)
    citation_add(nomination=nomination, kind="short", text=SHORT, actor=writer)
    name = f"{cycle.program.short_name} 2030"
    url = reverse("selection:cycle_citations", args=[cycle.pk])
    signed = [(t, c, u) for t, c, u in turn(client, other, STAFF_HOME) if "citation" in t]

    assert signed == [(f"citation to approve ({name})", 1, url)]
    assert turn(client, writer, STAFF_HOME) == []

    citation_approve(citation=Citation.objects.get(), actor=other)
    assert turn(client, other, STAFF_HOME) == []


@pytest.mark.parametrize("size", [1, 8])
def test_staff_home_with_every_item_query_count_does_not_grow(
    client, official, django_assert_num_queries, size
):
    staff = factories.award_staff()
    _, nominations = slate_cycle([index % 9 + 1 for index in range(size)])
    for nomination in nominations:
        citation_add(nomination=nomination, kind="short", text=SHORT, actor=staff)
    signed, [chosen] = slate_cycle([1], cap=1)
    selection_decide(
        cycle=signed, actor=official, selected=[chosen], justification="", signed_name=NAME
    )
    client.force_login(factories.award_staff())

    # session, user, role groups, the "Your turn" items (one query each: responses and
    # overdue, conflicts, signed selections, citations, and the party rule's two over
    # the waiting citations; requests about records), the cycles in progress, counts,
    # action queues
    with django_assert_num_queries(13):
        response = client.get(STAFF_HOME)

    assert [item.count for item in response.context["turn"]] == [size, 1]


def test_a_citation_is_never_sent_for_approval_to_a_party_to_its_nomination(
    four_eyes, django_capture_on_commit_callbacks
):
    """Citations exist only for nominations on the slate or selected: a member of staff who
    is the nominee's contact must not learn of one before the announcement."""
    writer = factories.award_staff(email="ann@example.gov")
    factories.award_staff(email="zoe@example.gov")
    contact = factories.award_staff(email="sam@example.gov")
    nomination = factories.nomination_in(NominationState.SELECTED)
    nomination.nominee.contact_email = contact.email
    nomination.nominee.save()

    with django_capture_on_commit_callbacks(execute=True):
        citation_add(nomination=nomination, kind="short", text=SHORT, actor=writer)

    assert [email.to for email in mail.outbox] == [["zoe@example.gov"]]


def test_staff_home_never_counts_a_citation_of_a_nomination_the_viewer_is_a_party_to(
    client, four_eyes
):
    writer = factories.award_staff()
    contact = factories.award_staff()
    cycle = factories.cycle_in(CycleState.SELECTION, award_year=2030)
    theirs = factories.nomination_in(NominationState.SELECTED, cycle=cycle)
    theirs.nominee.contact_email = contact.email
    theirs.nominee.save()
    other = factories.nomination_in(NominationState.SELECTED, cycle=cycle)
    for nomination in (theirs, other):
        citation_add(nomination=nomination, kind="short", text=SHORT, actor=writer)
    name = f"{cycle.program.short_name} 2030"
    url = reverse("selection:cycle_citations", args=[cycle.pk])

    items = [(t, c, u) for t, c, u in turn(client, contact, STAFF_HOME) if "citation" in t]

    assert items == [(f"citation to approve ({name})", 1, url)]
