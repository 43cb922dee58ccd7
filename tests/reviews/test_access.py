"""refuse_panel_access: audits one denial on the nomination and answers 403 with the
reason to a member of the panel the nomination was sent to, 404 to anyone else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from core.models import AuditEvent
from nominations.models import Cycle
from nominations.states import CycleState, NominationState
from reviews.access import refuse_panel_access
from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize("on_the_panel", [True, False])
def test_refuse_panel_access_audits_denial_and_refuses(on_the_panel):
    cycle = factories.review_cycle(nominations=1, panelists=0)
    nomination = cycle.nominations.get()
    user = factories.panelist()
    if on_the_panel:
        factories.conflict(nomination, factories.seat(cycle, user))
    request = RequestFactory().get(f"/reviews/nominations/{nomination.pk}/score/")
    request.user = user

    with pytest.raises(PermissionDenied if on_the_panel else Http404):
        refuse_panel_access(request, nomination=nomination, what="scoring page")

    event = AuditEvent.objects.get()
    assert (
        event.action,
        event.outcome,
        event.actor,
        event.object_type,
        event.object_id,
        event.note,
    ) == (
        "panel.access_denied",
        "denied",
        user,
        "nominations.nomination",
        str(nomination.pk),
        f"scoring page: GET /reviews/nominations/{nomination.pk}/score/",
    )


def refused_with(user, nomination) -> str:
    request = RequestFactory().get(f"/review/nominations/{nomination.pk}/")
    request.user = user
    with pytest.raises(PermissionDenied) as refused:
        refuse_panel_access(request, nomination=nomination, what="scoring page")
    return str(refused.value)


PARTY_REASON = (
    "You are a party to this nomination (you made it, are its nominee or the nominee's "
    "contact, or were asked for a letter of support), so you cannot open it, its files or "
    "its discussion, and you cannot score it."
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("situation", "reason"),
    [
        (
            "unsigned",
            "Sign the panel's conflict-of-interest and confidentiality attestation first: "
            "your panel review page has the link.",
        ),
        (
            "conflicted",
            "You have a conflict of interest with this nomination, so you cannot open it, "
            "its files or its discussion, and your score does not count.",
        ),
        ("nominator", PARTY_REASON),
        ("nominee contact", PARTY_REASON),
    ],
)
def test_refuse_panel_access_tells_a_member_of_the_panel_why(situation, reason):
    cycle = factories.review_cycle(nominations=1, panelists=0)
    nomination = cycle.nominations.get()
    user = factories.panelist()
    seat = factories.seat(cycle, user, attested=situation != "unsigned")
    if situation == "conflicted":
        factories.conflict(nomination, seat)
    elif situation == "nominator":
        nomination.nominator = user
        nomination.save()
    elif situation == "nominee contact":
        nomination.nominee.contact_email = user.email.upper()
        nomination.nominee.save()

    assert refused_with(user, nomination) == reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "situation",
    ["nominator", "other panel", "removed", "vetting", "draft", "announced", "no seat"],
)
def test_refuse_panel_access_is_not_found_for_a_nomination_not_sent_to_the_users_panel(
    situation,
):
    cycle = factories.review_cycle(nominations=1, panelists=0)
    nomination = cycle.nominations.get()
    user = factories.nominator() if situation == "nominator" else factories.panelist()
    if situation == "other panel":
        factories.seat(factories.review_cycle(nominations=0, panelists=0), user)
    elif situation != "no seat" and situation != "nominator":
        factories.seat(cycle, user, removed=situation == "removed")
    if situation == "vetting":
        nomination = factories.nomination_in(NominationState.VETTING, cycle=cycle)
    elif situation == "draft":
        nomination = factories.nomination_in(NominationState.DRAFT)
    elif situation == "announced":
        Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.ANNOUNCED)
        nomination.refresh_from_db()
    request = RequestFactory().get(f"/review/nominations/{nomination.pk}/")
    request.user = user

    with pytest.raises(Http404):
        refuse_panel_access(request, nomination=nomination, what="scoring page")

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "panel.access_denied",
        "denied",
        user,
        str(nomination.pk),
    )


@pytest.mark.django_db
def test_forbidden_page_shows_the_reason(client):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    nomination = cycle.nominations.get()
    seat = cycle.panel.members.get()
    factories.conflict(nomination, seat)
    client.force_login(seat.user)

    response = client.get(f"/review/nominations/{nomination.pk}/")

    assert response.status_code == 403
    assert "You have a conflict of interest with this nomination" in response.content.decode()
    assert "different role" not in response.content.decode()
