"""The staff home's action queues, and who may reach any staff page or file."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import Attachment
from nominations.selectors.staff import current_cycle, cycles_in_progress
from nominations.states import CycleState, NominationState
from tests import factories

STAFF_HOME = reverse("nominations:staff_home")


@pytest.mark.django_db
def test_staff_home_action_queues(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2023)
    today = timezone.localdate(timezone=cycle.zone)
    submitted = factories.nomination_in(NominationState.SUBMITTED, cycle=cycle)
    waiting = factories.nomination_in(NominationState.RETURNED, cycle=cycle, info_due_date=today)
    overdue = factories.nomination_in(
        NominationState.RETURNED, cycle=cycle, info_due_date=today - dt.timedelta(days=1)
    )
    cleared = factories.nomination_in(NominationState.CLEARED, cycle=cycle)
    factories.nomination_in(NominationState.VETTING, cycle=cycle)
    client.force_login(staff)

    response = client.get(STAFF_HOME)

    [home] = response.context["cycle_homes"]
    queues = home.action_queues
    assert [(q.key, q.title, [n.pk for n in q.nominations], q.total) for q in queues] == [
        ("to_vet", "To vet", [submitted.pk], 1),
        ("returned", "Returned, waiting for the nominator", [waiting.pk], 1),
        ("overdue", "Overdue responses", [overdue.pk], 1),
        ("cleared", "Cleared, waiting for the panel", [cleared.pk], 1),
    ]
    body = response.content.decode()
    assert (
        f'<h4 class="usa-summary-box__heading" id="queue-{cycle.pk}-overdue">'
        "Overdue responses (1)</h4>"
    ) in body
    detail = reverse("nominations:staff_nomination", args=[overdue.pk])
    assert f'<a class="usa-summary-box__link" href="{detail}">{overdue.reference}</a>' in body


@pytest.mark.django_db
def test_staff_home_long_queue_links_to_the_filtered_queue(client, staff):
    cycle = factories.cycle_in(CycleState.CLOSED, award_year=2023)
    for _ in range(12):
        factories.nomination_in(NominationState.SUBMITTED, cycle=cycle)
    client.force_login(staff)

    response = client.get(STAFF_HOME)

    to_vet = response.context["cycle_homes"][0].action_queues[0]
    assert (len(to_vet.nominations), to_vet.total) == (10, 12)
    assert f'href="/staff/nominations/?cycle={cycle.pk}&amp;state=submitted">See all 12</a>' in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 12])
def test_staff_home_with_queues_query_count_does_not_grow(
    client, django_assert_num_queries, staff, size
):
    cycles = [
        factories.cycle_in(CycleState.CLOSED, award_year=2023 + offset)
        for offset in range(size if size < 3 else 3)
    ]
    for cycle in cycles:
        for state in (
            NominationState.SUBMITTED,
            NominationState.RETURNED,
            NominationState.CLEARED,
        ):
            for _ in range(size):
                factories.nomination_in(state, cycle=cycle)
    client.force_login(staff)

    # session, user, role groups, the "Your turn" items (one query each: responses and
    # overdue, conflicts to decide, signed selections, citations to approve, requests
    # about records), the cycles in progress, counts, the action queues' nominations: the
    # same for one cycle with 3 nominations and three with 36 each
    with django_assert_num_queries(11):
        response = client.get(STAFF_HOME)

    # Returned nominations with no due date wait for the nominator; none is overdue.
    assert [[q.total for q in home.action_queues] for home in response.context["cycle_homes"]] == [
        [size, size, 0, size]
    ] * len(cycles)


# -- access to every staff page and file -----------------------------------------------

OTHER_ROLES = {
    "nominator": factories.nominator,
    "panelist": factories.panelist,
    "selecting_official": factories.selecting_official,
}


def staff_pages(nomination) -> list[tuple[str, str]]:
    return [
        ("get", STAFF_HOME),
        ("get", reverse("nominations:staff_queue")),
        ("get", reverse("nominations:staff_export")),
        ("get", reverse("nominations:staff_nomination", args=[nomination.pk])),
        ("post", reverse("nominations:staff_transition", args=[nomination.pk, "start_vetting"])),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(OTHER_ROLES))
def test_other_roles_get_403_on_every_staff_page_each_audited(client, role):
    nomination = factories.nomination_in(NominationState.SUBMITTED)
    user = OTHER_ROLES[role]()
    client.force_login(user)

    for method, url in staff_pages(nomination):
        before = AuditEvent.objects.count()

        response = getattr(client, method)(url)

        assert response.status_code == 403, url
        events = list(AuditEvent.objects.filter(pk__gt=0)[before:])
        assert [(e.action, e.outcome, e.actor, e.note) for e in events] == [
            ("page.denied", "denied", user, f"{method.upper()} {url}")
        ]
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    assert not AuditEvent.objects.filter(outcome="done").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(OTHER_ROLES))
def test_other_roles_cannot_download_nomination_files_and_are_audited(client, role):
    nomination = factories.nomination_in(NominationState.SUBMITTED)
    attachment = Attachment.objects.create(
        nomination=nomination,
        file="attachments/x.pdf",
        original_name="x.pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=nomination.nominator,
    )
    user = OTHER_ROLES[role]()
    client.force_login(user)
    url = reverse("nominations:attachment_download", args=[nomination.pk, attachment.pk])

    response = client.get(url)

    # Files answer 404, not 403: whether a nomination has files is nobody else's business.
    assert response.status_code == 404
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.note) == (
        "attachment.download",
        "denied",
        user,
        f"GET {url}",
    )


@pytest.mark.django_db
def test_anonymous_staff_pages_redirect_without_audit(client):
    nomination = factories.nomination_in(NominationState.SUBMITTED)

    for method, url in staff_pages(nomination):
        response = getattr(client, method)(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_staff_home_shows_every_cycle_in_progress_each_with_its_queues(client, staff):
    open_new = factories.cycle_in(CycleState.OPEN, award_year=2032)
    open_old = factories.cycle_in(CycleState.OPEN, award_year=2031)
    in_review = factories.cycle_in(CycleState.REVIEW, award_year=2030)
    factories.cycle_in(CycleState.ANNOUNCED, award_year=2029)
    factories.cycle_in(CycleState.ARCHIVED, award_year=2028)
    new_item = factories.nomination_in(NominationState.SUBMITTED, cycle=open_new)
    old_item = factories.nomination_in(NominationState.SUBMITTED, cycle=open_old)
    client.force_login(staff)

    response = client.get(STAFF_HOME)

    homes = response.context["cycle_homes"]
    assert [home.cycle for home in homes] == [open_new, open_old, in_review]
    assert [[n.pk for n in home.action_queues[0].nominations] for home in homes] == [
        [new_item.pk],
        [old_item.pk],
        [],
    ]
    html = response.content.decode()
    for cycle in (open_new, open_old, in_review):
        assert f'href="{reverse("nominations:staff_queue")}?cycle={cycle.pk}"' in html
    assert f'href="{reverse("reviews:results", args=[in_review.pk])}"' in html
    assert f'<option value="{open_old.pk}">' in html


@pytest.mark.django_db
def test_staff_home_switcher_shows_the_chosen_cycle_only(client, staff):
    open_new = factories.cycle_in(CycleState.OPEN, award_year=2032)
    open_old = factories.cycle_in(CycleState.OPEN, award_year=2031)
    client.force_login(staff)

    response = client.get(STAFF_HOME, {"cycle": open_old.pk})

    assert [home.cycle for home in response.context["cycle_homes"]] == [open_old]
    html = response.content.decode()
    assert f'<option value="{open_old.pk}" selected>' in html
    assert f"?cycle={open_new.pk}&amp;" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["", "nonsense", "announced"])
def test_staff_home_switcher_without_a_cycle_in_progress_shows_all(client, staff, choice):
    open_new = factories.cycle_in(CycleState.OPEN, award_year=2032)
    open_old = factories.cycle_in(CycleState.OPEN, award_year=2031)
    announced = factories.cycle_in(CycleState.ANNOUNCED, award_year=2030)
    client.force_login(staff)

    response = client.get(STAFF_HOME, {"cycle": announced.pk if choice == "announced" else choice})

    assert [home.cycle for home in response.context["cycle_homes"]] == [open_new, open_old]


@pytest.mark.django_db
def test_an_announced_cycle_is_not_current(client, staff):
    announced = factories.cycle_in(CycleState.ANNOUNCED, award_year=2033)
    selection = factories.cycle_in(CycleState.SELECTION, award_year=2032)
    client.force_login(staff)

    response = client.get(STAFF_HOME)

    assert current_cycle() == selection
    assert cycles_in_progress() == [selection]
    assert [home.cycle for home in response.context["cycle_homes"]] == [selection]
    assert f"?cycle={announced.pk}" not in response.content.decode()


@pytest.mark.django_db
def test_staff_home_with_only_announced_cycles_says_none_is_in_progress(client, staff):
    factories.cycle_in(CycleState.ANNOUNCED, award_year=2033)
    client.force_login(staff)

    response = client.get(STAFF_HOME)

    assert response.context["cycle_homes"] == []
    assert "No cycle is in progress" in response.content.decode()
