"""refuse_panel_access: audits one denial on the nomination and answers 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from nominations.models import AuditEvent, NominationState
from reviews.access import refuse_panel_access
from tests import factories


@pytest.mark.django_db
def test_refuse_panel_access_audits_denial_and_raises_permission_denied():
    nomination = factories.nomination_in(NominationState.IN_REVIEW)
    user = factories.panelist()
    request = RequestFactory().get(f"/reviews/nominations/{nomination.pk}/score/")
    request.user = user

    with pytest.raises(PermissionDenied):
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("situation", "reason"),
    [
        ("nominator", "Only award staff and the nomination's panel see this page."),
        ("other panel", "You are not on the panel that reviews this nomination."),
        ("removed", "You were removed from the panel that reviews this nomination."),
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
        ("too early", "The panel does not see this nomination at this stage of the cycle."),
    ],
)
def test_refuse_panel_access_says_why_in_plain_words(situation, reason):
    cycle = factories.review_cycle(nominations=1, panelists=0)
    nomination = cycle.nominations.get()
    user = factories.nominator() if situation == "nominator" else factories.panelist()
    if situation == "other panel":
        factories.seat(factories.review_cycle(nominations=0, panelists=0), user)
    elif situation in {"removed", "unsigned", "conflicted", "too early"}:
        seat = factories.seat(
            cycle, user, removed=situation == "removed", attested=situation != "unsigned"
        )
        if situation == "conflicted":
            factories.conflict(nomination, seat)
        if situation == "too early":
            nomination = factories.nomination_in(NominationState.VETTING, cycle=cycle)

    assert refused_with(user, nomination) == reason


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
