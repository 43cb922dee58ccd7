"""The staff progress dashboard and the Remind button."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import OutboxMessage
from reviews.models import Assignment, PanelMember
from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def panel_cycle(*, nominations: int = 2, panelists: int = 2):
    cycle = factories.review_cycle(nominations=nominations, panelists=panelists)
    items = list(cycle.nominations.order_by("reference"))
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    return cycle, items, members


def progress_url(cycle) -> str:
    return reverse("reviews:progress", args=[cycle.pk])


def remind_url(member) -> str:
    return reverse("reviews:member_remind", args=[member.pk])


def test_progress_shows_panelists_and_nominations(client):
    cycle, items, (a, b) = panel_cycle()
    for nomination in items:
        factories.review_of(nomination, b, overall=3)
    factories.review_of(items[0], a, overall=3, submitted=False)
    PanelMember.objects.filter(pk=b.pk).update(last_reminded_at=timezone.now())
    unsigned = factories.seat(cycle, attested=False)
    client.force_login(factories.award_staff())

    response = client.get(progress_url(cycle))

    body = text(response)
    assert response.status_code == 200
    rows = {row.member.pk: row for row in response.context["progress"].panelists}
    assert (rows[a.pk].assigned, rows[a.pk].drafts, rows[a.pk].not_started) == (2, 1, 1)
    assert f'action="{remind_url(a)}"' in body
    assert f'action="{remind_url(b)}"' not in body  # nothing left to do
    assert f'action="{remind_url(unsigned)}"' not in body
    assert "Must sign first" in body
    assert "Nothing to remind" in body
    assert '<span class="usa-tag bg-gold text-ink">Not signed</span>' in body
    assert "Never" in body
    assert "<caption>Reviews by nomination (3 reviewers needed for each)</caption>" in body
    assert (
        f'<th scope="row" data-label="Reference" class="text-no-wrap">{items[0].reference}</th>'
        in body
    )
    assert '<span class="usa-tag bg-secondary-dark">Short</span> 1' in body


def test_progress_pages_the_nominations_and_keeps_every_panelist(client, monkeypatch):
    monkeypatch.setattr("reviews.views.progress.NOMINATIONS_PAGE_SIZE", 2)
    cycle, items, (a, b) = panel_cycle(nominations=5)
    factories.review_of(items[2], a, overall=3)
    client.force_login(factories.award_staff())

    second = client.get(progress_url(cycle), {"page": "2"})
    beyond = client.get(progress_url(cycle), {"page": "40"})

    body = text(second)
    assert [row.nomination for row in second.context["rows"]] == items[2:4]
    assert (second.context["rows"][0].assigned, second.context["rows"][0].submitted) == (2, 1)
    assert "Showing 3–4 of 5 nominations." in body
    assert 'href="?page=1#nominations"' in body
    assert 'href="?page=3#nominations"' in body
    assert {row.member.pk for row in second.context["progress"].panelists} == {a.pk, b.pk}
    assert [row.nomination for row in beyond.context["rows"]] == items[4:]


@pytest.mark.parametrize("who", ["chair", "panelist", "nominator"])
def test_progress_refused_to_everyone_but_staff_and_audited(client, who):
    cycle, _, _ = panel_cycle()
    user = {
        "chair": lambda: factories.seat(cycle, chair=True).user,
        "panelist": lambda: factories.seat(cycle).user,
        "nominator": factories.nominator,
    }[who]()
    client.force_login(user)

    response = client.get(progress_url(cycle))

    assert response.status_code == 403
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "page.denied",
        "denied",
        user,
        str(cycle.pk),
    )


def test_remind_button_sends_one_panelist_their_digest(client, django_capture_on_commit_callbacks):
    cycle, items, (a, b) = panel_cycle()
    staff = factories.award_staff()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind_url(a), follow=True)

    assert response.redirect_chain == [(progress_url(cycle), 302)]
    name = a.user.full_name
    assert f"Reminder sent to {name}." in text(response)
    assert [m.to for m in mail.outbox] == [[a.user.email]]
    assert all(item.reference in mail.outbox[0].body for item in items)
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [[a.user.email]]
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.last_reminded_at is not None
    assert b.last_reminded_at is None
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == ("review.remind", staff, str(a.pk))


def test_remind_button_with_nothing_to_remind_says_so(client, django_capture_on_commit_callbacks):
    cycle, items, (a, _b) = panel_cycle()
    Assignment.objects.filter(member=a).update(declined_at=timezone.now())
    client.force_login(factories.award_staff())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind_url(a), follow=True)

    assert "No reminder sent" in text(response)
    assert (len(mail.outbox), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.parametrize("who", ["chair", "panelist", "nominator"])
def test_remind_button_refused_to_non_staff_with_nothing_changed(
    client, django_capture_on_commit_callbacks, who
):
    cycle, _, (a, _b) = panel_cycle()
    user = {
        "chair": lambda: factories.seat(cycle, chair=True).user,
        "panelist": lambda: a.user,
        "nominator": factories.nominator,
    }[who]()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind_url(a))

    assert response.status_code == 403
    assert (len(mail.outbox), OutboxMessage.objects.count()) == (0, 0)
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [("page.denied", "denied")]
    a.refresh_from_db()
    assert a.last_reminded_at is None


def test_remind_button_get_not_allowed(client):
    _, _, (a, _b) = panel_cycle()
    client.force_login(factories.award_staff())

    assert client.get(remind_url(a)).status_code == 405


def test_remind_unknown_member_is_404(client):
    client.force_login(factories.award_staff())

    assert client.post(reverse("reviews:member_remind", args=[999999])).status_code == 404


@pytest.mark.parametrize("size", [2, 15])
def test_progress_query_count_does_not_grow(client, django_assert_num_queries, size):
    cycle, items, members = panel_cycle(nominations=size, panelists=3)
    for nomination in items:
        factories.review_of(nomination, members[0], overall=3)
    factories.conflict(items[0], members[1])
    Assignment.objects.filter(nomination=items[1], member=members[2]).update(
        declined_at=timezone.now()
    )
    client.force_login(factories.award_staff())

    # session, user, role groups, cycle, then panel, panelists with conflict counts, their
    # assignments counted; the nominations' count, the page of them with nominees, and
    # their assignments counted
    with django_assert_num_queries(10):
        response = client.get(progress_url(cycle))

    assert len(response.context["rows"]) == size
