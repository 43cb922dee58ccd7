"""The cycle page's "Announce" button: what it will do, doing it, and the public pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from nominations.models import Certificate, Citation, Nomination, OutboxMessage
from nominations.states import CycleState, NominationState
from selection.services.certificates import certificate_issue
from tests import factories
from tests.selection.test_services_announce import announceable_cycle

pytestmark = pytest.mark.django_db
S = NominationState
HOME = reverse("nominations:home")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def cycle_url(cycle) -> str:
    return reverse("nominations:staff_cycle", args=[cycle.pk])


def announce_url(cycle) -> str:
    return reverse("nominations:staff_cycle_transition", args=[cycle.pk, "announce"])


def test_cycle_page_lists_what_announcing_will_do_before_the_click(staff_client, staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    factories.certificate_issued(made["second"], by=staff)

    body = text(staff_client.get(cycle_url(cycle)))

    assert "<h3>What announcing does</h3>" in body
    assert (
        f"2 recipients awarded: Restore NYC, Inc. ({made['first'].reference}); "
        f"Coalition of Immokalee Workers, Inc. ({made['second'].reference}, certificate "
        "already issued)</li>"
    ) in body
    assert "<li>1 certificate issued</li>" in body
    assert (
        "<li>4 notices queued: 2 congratulations to recipients’ nominators and 2 “not "
        "selected” emails to the nominators of the other nominations the panel reviewed"
    ) in body
    assert 'id="announce-problems"' not in body
    assert ">Announce the recipients…</a>" in body


def test_cycle_page_names_what_would_stop_the_certificates(staff_client, staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    cycle.program.signatory_name = ""
    cycle.program.save()

    body = text(staff_client.get(cycle_url(cycle)))

    assert "Announcing would also stop at:" in body
    assert (
        "<li>No certificate can be issued for Restore NYC, Inc.: neither the cycle nor the "
        "program names a signatory.</li>"
    ) in body


def test_cycle_page_shows_no_preview_outside_selection(staff_client):
    cycle = factories.cycle_in(CycleState.REVIEW)

    body = text(staff_client.get(cycle_url(cycle)))

    assert "What announcing does" not in body


def test_announce_button_announces_awards_and_reports_the_counts(
    staff_client, staff, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(announce_url(cycle), {"confirm": "yes"}, follow=True)

    assert response.status_code == 200
    assert (
        f"{cycle} is now announced: 2 awarded, 2 certificates issued, 4 notices queued."
    ) in text(response)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.ANNOUNCED
    assert list(
        Nomination.objects.filter(state=S.AWARDED).order_by("sequence").values_list("pk")
    ) == [(made["first"].pk,), (made["second"].pk,)]
    assert Certificate.objects.count() == 2
    assert OutboxMessage.objects.count() == 4
    assert len(mail.outbox) == 4


def test_announce_refused_shows_the_reasons_and_changes_nothing(
    staff_client, staff, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    Citation.objects.filter(nomination=made["second"]).update(approved_at=None, approved_by=None)
    before = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(announce_url(cycle), {"confirm": "yes"}, follow=True)

    assert (
        "Cannot announce; nothing was changed: Coalition of Immokalee Workers, Inc. has no "
        "approved short and full citation."
    ) in text(response)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert Nomination.objects.filter(state=S.AWARDED).count() == 0
    assert Certificate.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert AuditEvent.objects.count() == before + 1
    refused = AuditEvent.objects.latest("pk")
    assert (
        refused.action,
        refused.outcome,
        refused.actor_id,
        refused.actor_role,
        refused.object_type,
        refused.object_id,
        refused.from_state,
        refused.to_state,
        refused.note,
    ) == (
        "cycle.announce",
        "denied",
        staff.pk,
        Role.AWARD_STAFF,
        "nominations.cycle",
        str(cycle.pk),
        CycleState.SELECTION,
        "",
        "Coalition of Immokalee Workers, Inc. has no approved short and full citation.",
    )


@pytest.mark.parametrize("decided", [S.SELECTED, S.NOT_SELECTED])
def test_a_party_to_a_slate_nomination_learns_nothing_of_the_outcome(staff_client, staff, decided):
    """Selected or not, the same answers: the names on the cycle page and the announce
    pages would otherwise tell them whether theirs was selected."""
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    theirs = made["second"] if decided == S.SELECTED else made["not_selected"]
    Nomination.objects.filter(pk=theirs.pk).update(nominator=staff)
    before = AuditEvent.objects.count()

    page = text(staff_client.get(cycle_url(cycle)))
    get = staff_client.get(announce_url(cycle))
    post = staff_client.post(announce_url(cycle), {"confirm": "yes"})
    schedule = staff_client.get(reverse("selection:announce_schedule", args=[cycle.pk]))

    assert 'id="announce-party"' in page
    for name in ("Restore NYC, Inc.", "Coalition of Immokalee Workers, Inc.", "Polaris Project"):
        assert name not in page
    assert (get.status_code, post.status_code, schedule.status_code) == (403, 403, 403)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert Certificate.objects.count() == 0
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.outcome) for e in events] == [("party.denied", "denied")] * 3


def test_announce_by_a_selecting_official_is_forbidden_and_audited(client, staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    client.force_login(factories.selecting_official())
    before = AuditEvent.objects.count()

    response = client.post(announce_url(cycle), {"confirm": "yes"})

    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert Certificate.objects.count() == 0
    assert list(AuditEvent.objects.values_list("outcome")[before:]) == [("denied",)]


def test_recipients_become_public_only_through_the_announcement(
    client, staff, django_capture_on_commit_callbacks
):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    early = certificate_issue(nomination=made["first"], actor=staff)
    verify_early = reverse("selection:certificate_verify", args=[early.serial])

    home = text(client.get(HOME))
    assert "Restore NYC, Inc." not in home
    assert "Coalition of Immokalee Workers, Inc." not in home
    assert client.get(verify_early).status_code == 404

    staff_client = client.__class__()
    staff_client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(announce_url(cycle), {"confirm": "yes"})

    home = text(client.get(HOME))
    assert f'<h3 id="recipients-{cycle.award_year}">{cycle.award_year}</h3>' in home
    for name in ("Restore NYC, Inc.", "Coalition of Immokalee Workers, Inc."):
        assert (
            f'<span class="site-recipient__name">{name}</span> '
            '<span class="site-recipient__detail">(Baltimore, MD)</span>, '
            "for its survivor-led referral network"
        ) in home
    for name in ("Polaris Project", "Safe Horizon, Inc.", "Freedom Network USA"):
        assert name not in home
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    assert serials == [early.serial, f"{made['second'].reference}-C1"]
    for serial in serials:
        response = client.get(reverse("selection:certificate_verify", args=[serial]))
        assert response.status_code == 200
        assert "Valid certificate" in text(response)


def test_announce_without_the_confirmation_changes_nothing(staff_client, staff, media_root):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    events = AuditEvent.objects.count()

    response = staff_client.post(announce_url(cycle))

    assert response.status_code == 200
    assert (
        '<span class="usa-error-message" id="id_confirm-error" role="alert">Tick the box to '
        "confirm that you understand. Nothing was changed.</span>"
    ) in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (0, events)
    assert OutboxMessage.objects.count() == 0
