"""The attestation page: only the seat's own panelist signs it, once, by their name."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.states import CycleState
from tests import factories

pytestmark = pytest.mark.django_db


def seat_for(user, **kwargs):
    cycle = factories.CycleFactory(state=CycleState.REVIEW, configured=False)
    member = factories.seat(cycle, user=user, **kwargs)
    member.panel.attestation_text = "I will keep every nomination confidential."
    member.panel.save()
    return member


def url(member) -> str:
    return reverse("reviews:attestation_sign", args=[member.panel_id])


def test_attestation_page_shows_statement_and_form_to_unsigned_seat(client):
    user = factories.panelist(full_name="Ana Ruiz")
    member = seat_for(user, attested=False)
    client.force_login(user)

    response = client.get(url(member))

    body = response.content.decode()
    assert response.status_code == 200
    assert "I will keep every nomination confidential." in body
    assert 'name="full_name"' in body
    assert 'name="agree"' in body


def test_attestation_sign_records_and_goes_home(client):
    user = factories.panelist(full_name="Ana Ruiz")
    member = seat_for(user, attested=False)
    client.force_login(user)

    response = client.post(url(member), {"full_name": "ana ruiz", "agree": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:panelist_home")
    member.refresh_from_db()
    assert (member.attestation_name, member.attestation_statement) == (
        "ana ruiz",
        "I will keep every nomination confidential.",
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor) == ("panel.attest", "done", user)


def test_attestation_name_mismatch_shows_error_next_to_field(client):
    user = factories.panelist(full_name="Ana Ruiz")
    member = seat_for(user, attested=False)
    client.force_login(user)

    response = client.post(url(member), {"full_name": "Ann Ruiz", "agree": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "full_name": ["Type your full name as it is on your account: Ana Ruiz."]
    }
    assert 'id="id_full_name-error"' in response.content.decode()
    member.refresh_from_db()
    assert member.attested_at is None
    assert AuditEvent.objects.count() == 0


def test_attestation_without_agreement_is_refused(client):
    user = factories.panelist(full_name="Ana Ruiz")
    member = seat_for(user, attested=False)
    client.force_login(user)

    response = client.post(url(member), {"full_name": "Ana Ruiz"})

    assert response.context["form"].errors == {
        "agree": ["Tick the box to confirm that you agree to the statement."]
    }
    member.refresh_from_db()
    assert member.attested_at is None


def test_attestation_signed_seat_is_read_only(client):
    user = factories.panelist(full_name="Ana Ruiz")
    member = seat_for(user, attested=True)
    member.attestation_statement = "The words as signed."
    member.save()
    client.force_login(user)

    page = client.get(url(member))
    again = client.post(url(member), {"full_name": "Ana Ruiz", "agree": "on"})

    body = page.content.decode()
    assert "The words as signed." in body
    assert "Signed as" in body
    assert 'name="full_name"' not in body
    assert again.status_code == 200
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("case", ["someone_elses_seat", "removed_seat", "other_panel"])
def test_attestation_refused_for_other_seats_and_audited(client, case):
    user = factories.panelist(full_name="Ana Ruiz")
    if case == "someone_elses_seat":
        member = seat_for(factories.panelist(), attested=False)
    elif case == "removed_seat":
        member = seat_for(user, attested=False, removed=True)
    else:
        seat_for(user, attested=False)
        member = seat_for(factories.panelist(), attested=False)
    client.force_login(user)

    page = client.get(url(member))
    posted = client.post(url(member), {"full_name": "Ana Ruiz", "agree": "on"})

    assert (page.status_code, posted.status_code) == (403, 403)
    member.refresh_from_db()
    assert member.attested_at is None
    events = list(AuditEvent.objects.values_list("action", "outcome", "actor"))
    assert events == [("panel.attest", "denied", user.pk)] * 2


@pytest.mark.parametrize("make_user", [factories.award_staff, factories.nominator])
def test_attestation_page_other_roles_forbidden(client, make_user):
    member = seat_for(factories.panelist(), attested=False)
    intruder = make_user()
    client.force_login(intruder)

    response = client.get(url(member))

    assert response.status_code == 403
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome) == ("page.denied", "denied")


def test_attestation_page_after_panel_review_ended_says_why_and_signs_nothing(client):
    user = factories.panelist(full_name="Ana Ruiz")
    member = seat_for(user, attested=False)
    type(member.panel.cycle).objects.filter(pk=member.panel.cycle_id).update(
        state=CycleState.SELECTION
    )
    client.force_login(user)

    page = client.get(url(member)).content.decode()
    response = client.post(url(member), {"full_name": "Ana Ruiz", "agree": "on"})

    assert "can no longer be signed" in page
    assert "I will keep every nomination confidential." in page
    assert 'name="full_name"' not in page
    assert response.status_code == 200
    assert "can no longer be signed" in response.content.decode()
    member.refresh_from_db()
    assert member.attested_at is None
    assert not AuditEvent.objects.filter(action="panel.attest", outcome="done").exists()
