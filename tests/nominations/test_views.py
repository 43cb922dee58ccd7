"""The nominations app's pages: who may see them, what they show, and their query cost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.rules import primary_role
from core.models import AuditEvent
from nominations.states import CycleState, NominationState
from tests import factories
from tests.nominations import recipients

HOME = reverse("nominations:home")
MY_NOMINATIONS = reverse("nominations:my_nominations")
STAFF_HOME = reverse("nominations:staff_home")
SELECTION_HOME = reverse("selection:selection_home")

ROLE_FACTORIES = {
    "nominator": factories.nominator,
    "award_staff": factories.award_staff,
    "panelist": factories.panelist,
    "selecting_official": factories.selecting_official,
}
PAGE_ROLES = {
    MY_NOMINATIONS: "nominator",
    STAFF_HOME: "award_staff",
    SELECTION_HOME: "selecting_official",
}


def text(response) -> str:
    return response.content.decode()


# -- access ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [MY_NOMINATIONS, STAFF_HOME, SELECTION_HOME])
def test_role_page_anonymous_redirects_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "role"),
    [
        (url, role)
        for url, allowed in PAGE_ROLES.items()
        for role in ROLE_FACTORIES
        if role != allowed
    ],
)
def test_role_page_wrong_role_is_forbidden_with_friendly_page(client, url, role):
    user = ROLE_FACTORIES[role]()
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 403
    assert "You do not have access to this page" in text(response)
    assert f"You are signed in as <strong>{user.email}</strong>" in text(response)
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.note) == (
        "page.denied",
        "denied",
        user,
        f"GET {url}",
    )
    assert event.actor_role == str(primary_role(user))


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role"), list(PAGE_ROLES.items()))
def test_role_page_right_role_is_shown(client, url, role):
    client.force_login(ROLE_FACTORIES[role]())

    response = client.get(url)

    assert response.status_code == 200
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_home_anonymous_is_shown(client):
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_unknown_page_shows_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)


# -- home ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_shows_program_open_cycle_deadline_in_cycle_zone(client):
    cycle = recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=20))

    response = client.get(HOME)

    body = text(response)
    assert f"<h1>{cycle.program.name}</h1>" in body
    assert cycle.program.description in body
    assert "Authority: 22 U.S.C. 7109b" in body
    assert "The 2023 award is open for nominations" in body
    assert "Nominations close <strong><time datetime=" in body
    start = reverse("nominations:nomination_start_link", args=[cycle.pk])
    assert f'href="{reverse("account_signup")}?next={start}">Start a nomination</a>' in body


@pytest.mark.django_db
def test_home_says_an_open_cycle_past_its_deadline_is_closed_and_offers_no_start(client):
    """Staff have not closed it yet, but nobody can submit: no "Start a nomination"."""
    recipients.open_cycle()  # its deadline, March 2023, has passed

    body = text(client.get(HOME))

    assert "Nominations for the 2023 award are closed" in body
    assert "Nominations closed on <strong>" in body
    assert recipients.DEADLINE_2023_TEXT in body
    assert "Start a nomination" not in body
    assert "nominations/start/" not in body


@pytest.mark.django_db
def test_home_deadline_uses_the_cycles_own_time_zone(client):
    cycle = recipients.open_cycle()
    cycle.time_zone = "America/Los_Angeles"
    cycle.save(update_fields=["time_zone"])

    response = client.get(HOME)

    assert "March 31, 2023, 2:00 p.m. PDT" in text(response)


@pytest.mark.django_db
def test_home_signed_in_start_links_straight_to_a_new_draft(client):
    """Not to My nominations and its start button: one page fewer (issue 15)."""
    cycle = recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=20))
    client.force_login(factories.nominator())

    response = client.get(HOME)

    start = reverse("nominations:nomination_start_link", args=[cycle.pk])
    assert f'href="{start}">Start a nomination</a>' in text(response)


@pytest.mark.django_db
def test_home_signed_in_without_the_nominator_role_is_not_offered_to_start(client):
    recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=20))
    client.force_login(factories.award_staff())

    body = text(client.get(HOME))

    assert "Your account cannot make nominations." in body
    assert "nominations/start/" not in body


@pytest.mark.django_db
def test_home_without_open_cycle_says_nominations_are_closed(client):
    factories.CycleFactory(program=recipients.program(), state=CycleState.CLOSED)

    response = client.get(HOME)

    assert "Nominations are not open at the moment." in text(response)
    assert "Start a nomination" not in text(response)


@pytest.mark.django_db
def test_home_past_recipients_show_latest_approved_short_citation_by_year(client):
    recipients.announced_cycle(2022)
    recipients.past_recipient(
        2019, "Ms. Kendis Paris", "for her leadership of Truckers Against Trafficking"
    )

    response = client.get(HOME)

    body = text(response)
    assert (
        f'<span class="site-recipient__name">{recipients.BLUE_DOT}</span> '
        '<span class="site-recipient__detail">(Baltimore, MD)</span>, '
        f"{recipients.BLUE_DOT_SHORT}"
    ) in body
    assert "for an earlier draft" not in body
    assert (
        '<span class="site-recipient__name">Ms. Kendis Paris</span> '
        '<span class="site-recipient__detail">(Truckers Against Trafficking; Englewood, CO)</span>'
        ", for her leadership of Truckers Against Trafficking"
    ) in body
    assert body.index('id="recipients-2022"') < body.index('id="recipients-2019"')


@pytest.mark.django_db
def test_home_unapproved_citation_version_is_not_published(client):
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=2022, state=CycleState.ANNOUNCED
    )
    recipients.awarded_nomination(
        cycle, "Restore NYC", "for a draft text", sequence=1, approved=False
    )

    response = client.get(HOME)

    assert "Restore NYC</span>" in text(response)
    assert "for a draft text" not in text(response)
    assert "for an earlier draft" in text(response)


@pytest.mark.django_db
def test_home_past_recipient_row_hidden_when_year_ran_in_system(client):
    recipients.announced_cycle(2022)
    recipients.past_recipient(2022, "Imported duplicate of 2022")

    response = client.get(HOME)

    assert "Imported duplicate of 2022" not in text(response)
    assert recipients.BLUE_DOT in text(response)


@pytest.mark.django_db
def test_home_links_each_year_to_its_recipients_page_and_the_open_data(client):
    recipients.announced_cycle(2022)
    recipients.past_recipient(2019, "Ms. Kendis Paris", "for her leadership")

    body = text(client.get(HOME))

    assert (
        '<a class="usa-link" href="/recipients/2022/">The 2022 recipients and their citations</a>'
    ) in body
    assert '<a class="usa-link" href="/announcements/2022/">Read the 2022 announcement</a>' in body
    assert 'href="/recipients/2019/"' in body
    assert 'href="/announcements/2019/"' not in body
    for href in ("/data/recipients.json", "/data/recipients.csv", "/announcements/feed.atom"):
        assert f'<a class="usa-link" href="{href}">' in body
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{recipients.program().name}: announcements" href="/announcements/feed.atom">'
    ) in body


@pytest.mark.django_db
def test_home_cycle_not_yet_announced_keeps_recipients_private(client):
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=2024, state=CycleState.SELECTION
    )
    factories.NominationFactory(
        cycle=cycle,
        state=NominationState.SELECTED,
        nominee=factories.NomineeFactory(legal_name="Secret Choice"),
    )

    response = client.get(HOME)

    assert "Secret Choice" not in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    for offset in range(size):
        recipients.open_cycle(award_year=2023 + offset)
    for offset in range(size):
        recipients.announced_cycle(2010 + offset, recipients=size)
        recipients.past_recipient(1990 + offset, f"Past {offset}", "for past work")

    # program, open cycles, awarded nominations, their short citations, published years,
    # past recipients
    with django_assert_num_queries(6):
        response = client.get(HOME)

    assert response.status_code == 200


# -- my nominations --------------------------------------------------------------------


@pytest.mark.django_db
def test_my_nominations_lists_own_nominations_with_public_state(client):
    user = factories.nominator()
    cycle = recipients.open_cycle()
    factories.NominationFactory(
        cycle=cycle, nominator=user, nominee=factories.NomineeFactory(legal_name="Draft Org")
    )
    factories.NominationFactory(
        cycle=cycle,
        nominator=user,
        state=NominationState.SHORTLISTED,
        sequence=7,
        reference="PA-2023-0007",
        nominee=factories.NomineeFactory(legal_name="Shortlisted Org"),
    )
    factories.NominationFactory(
        cycle=cycle, nominee=factories.NomineeFactory(legal_name="Someone Else's")
    )
    client.force_login(user)

    response = client.get(MY_NOMINATIONS)

    body = text(response)
    assert '<th scope="row" data-label="Reference" class="text-no-wrap">Draft</th>' in body
    assert '<td data-label="Nominee">Draft Org</td>' in body
    assert '<th scope="row" data-label="Reference" class="text-no-wrap">PA-2023-0007</th>' in body
    # The panel's and the official's decisions stay private until the announcement.
    assert '<span class="usa-tag text-no-wrap">Under review</span>' in body
    assert "Shortlisted" not in body.replace("Shortlisted Org", "")
    assert "Someone Else" not in body


@pytest.mark.django_db
def test_my_nominations_last_saved_shown_in_eastern_time(client):
    user = factories.nominator()
    nomination = factories.NominationFactory(nominator=user)
    type(nomination).objects.filter(pk=nomination.pk).update(
        saved_at=dt.datetime(2023, 1, 15, 17, 30, tzinfo=dt.UTC)
    )
    client.force_login(user)

    response = client.get(MY_NOMINATIONS)

    assert "January 15, 2023, 12:30 p.m. EST" in text(response)


@pytest.mark.django_db
def test_my_nominations_empty_state(client):
    client.force_login(factories.nominator())

    response = client.get(MY_NOMINATIONS)

    assert "You have not started any nominations yet." in text(response)
    assert "<table" not in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 8])
def test_my_nominations_query_count_does_not_grow(client, django_assert_num_queries, size):
    user = factories.nominator()
    cycle = recipients.open_cycle()
    factories.NominationFactory.create_batch(size, cycle=cycle, nominator=user)
    client.force_login(user)

    # session, user, role groups, nominations with cycle and nominee, open cycles
    with django_assert_num_queries(5):
        response = client.get(MY_NOMINATIONS)

    assert text(response).count("<tr>") == size + 1


# -- staff home ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_home_counts_every_state_of_each_cycle_in_progress(client):
    factories.CycleFactory(program=recipients.program(), award_year=2030, state=CycleState.ARCHIVED)
    cycle = recipients.open_cycle(award_year=2023)
    factories.NominationFactory.create_batch(2, cycle=cycle)
    factories.NominationFactory(cycle=cycle, state=NominationState.VETTING, sequence=1)
    older = factories.CycleFactory(program=cycle.program, award_year=2022, state=CycleState.CLOSED)
    factories.NominationFactory(cycle=older, state=NominationState.VETTING, sequence=1)
    client.force_login(factories.award_staff())

    response = client.get(STAFF_HOME)

    body = text(response)
    assert "Presidential Award 2023</a>: Open for nominations" in body
    assert f"Nomination deadline: <strong>{_deadline_html()}" in body
    homes = response.context["cycle_homes"]
    assert [home.cycle for home in homes] == [cycle, older]
    assert [[(row.label, row.count) for row in home.state_counts] for home in homes] == [
        [
            (state.label, {"draft": 2, "vetting": 1}.get(state.value, 0))
            for state in NominationState
        ],
        [(state.label, {"vetting": 1}.get(state.value, 0)) for state in NominationState],
    ]
    assert (
        '<th scope="row"><a class="usa-link" '
        f'href="/staff/nominations/?cycle={cycle.pk}&amp;state=not_advanced">'
        "Not advanced</a></th>"
    ) in body


def _deadline_html() -> str:
    return f'<time datetime="2023-03-31T17:00:00-04:00">{recipients.DEADLINE_2023_TEXT}</time>'


@pytest.mark.django_db
def test_staff_home_without_cycle(client):
    client.force_login(factories.award_staff())

    response = client.get(STAFF_HOME)

    assert "No cycle is in progress" in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 10])
def test_staff_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    cycle = recipients.open_cycle()
    factories.NominationFactory.create_batch(size, cycle=cycle)
    for sequence in range(1, size + 1):
        factories.NominationFactory(cycle=cycle, state=NominationState.VETTING, sequence=sequence)
    client.force_login(factories.award_staff())

    # session, user, role groups, the five "Your turn" queries, the cycles in progress
    # with their program, one aggregate of counts, the nominations in the action queues
    with django_assert_num_queries(11):
        response = client.get(STAFF_HOME)

    assert response.status_code == 200


# -- selection home --------------------------------------------------------------------


@pytest.mark.django_db
def test_selection_home_without_slate_says_when_it_opens(client):
    recipients.open_cycle()
    client.force_login(factories.selecting_official())

    response = client.get(SELECTION_HOME)

    assert "Selection opens when staff send the slate." in text(response)


@pytest.mark.django_db
def test_selection_home_lists_the_shortlisted_nominations(client):
    cycle = factories.CycleFactory(
        program=recipients.program(), award_year=2024, state=CycleState.SELECTION
    )
    shortlisted = factories.NominationFactory(
        cycle=cycle,
        state=NominationState.SHORTLISTED,
        sequence=3,
        reference="PA-2024-0003",
        nominee=factories.NomineeFactory(legal_name="On The Slate, Inc."),
    )
    factories.NominationFactory(
        cycle=cycle,
        state=NominationState.NOT_ADVANCED,
        sequence=4,
        reference="PA-2024-0004",
        nominee=factories.NomineeFactory(legal_name="Not Advanced Org"),
    )
    client.force_login(factories.selecting_official())

    response = client.get(SELECTION_HOME)

    body = text(response)
    assert (
        f'<th scope="row" id="slate-{shortlisted.pk}" data-label="Reference">PA-2024-0003</th>\n'
        '            <td data-label="Nominee"><a class="usa-link" href="'
        f'{reverse("selection:slate_nomination", args=[shortlisted.pk])}">'
        "On The Slate, Inc.</a><br>"
    ) in body
    assert "Not Advanced Org" not in body
    assert "Selection opens when staff send the slate." not in body


@pytest.mark.django_db
def test_server_error_page_renders_without_queries(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in response.content.decode()
    assert "An official website of the United States government" in response.content.decode()
