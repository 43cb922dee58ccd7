"""The selecting official reads each slate nomination before deciding (issue 15): the
nomination as entered, as a blind panel sees it, with its figures and briefing note."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Nomination
from nominations.states import CycleState, NominationState
from tests import factories
from tests.selection.test_slate import slate_cycle, text

pytestmark = pytest.mark.django_db
S = NominationState
SELECTION = reverse("selection:selection_home")


def url(nomination) -> str:
    return reverse("selection:slate_nomination", args=[nomination.pk])


def test_the_slate_links_each_nomination_to_its_page(official_client):
    cycle, nominations = slate_cycle([5, 2])

    body = text(official_client.get(SELECTION))

    for nomination in nominations:
        assert f'<a class="usa-link" href="{url(nomination)}">{nomination.nominee}</a>' in body


def test_the_page_shows_the_nomination_the_figures_and_the_note_without_the_nominator(
    official_client,
):
    cycle, nominations = slate_cycle([5, 2])
    nomination = nominations[0]
    Nomination.objects.filter(pk=nomination.pk).update(
        summary="Trained 4,000 clinicians to recognize trafficking.",
        nominator_name="Jordan Lee",
        nominator_phone="202-555-0100",
    )

    response = official_client.get(url(nomination))

    assert response.status_code == 200
    body = text(response)
    assert f"<h1>{nomination.nominee}</h1>" in body
    assert "Trained 4,000 clinicians to recognize trafficking." in body
    assert f"<strong>Briefing note:</strong> Why {nomination.reference} belongs on the slate." in (
        body
    )
    assert "Jordan Lee" not in body
    assert "202-555-0100" not in body
    assert nomination.nominator.email not in body


@pytest.mark.parametrize(
    ("cycle_state", "nomination_state"),
    [
        (CycleState.SELECTION, S.NOT_ADVANCED),
        (CycleState.REVIEW, S.SHORTLISTED),
        (CycleState.ANNOUNCED, S.AWARDED),
    ],
)
def test_a_nomination_off_the_slate_or_outside_selection_is_a_404_on_record(
    official_client, cycle_state, nomination_state
):
    nomination = factories.nomination_in(nomination_state, cycle=factories.cycle_in(cycle_state))
    before = AuditEvent.objects.count()

    response = official_client.get(url(nomination))

    assert response.status_code == 404
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.outcome) for e in events] == [("selection.read_denied", "denied")]


def test_a_party_to_the_nomination_is_refused(client):
    cycle, nominations = slate_cycle([5, 2])
    official = factories.selecting_official()
    Nomination.objects.filter(pk=nominations[0].pk).update(nominator=official)
    client.force_login(official)

    assert client.get(url(nominations[0])).status_code == 404
    assert client.get(url(nominations[1])).status_code == 200


@pytest.mark.parametrize("who", ["staff", "panelist", "nominator"])
def test_no_one_else_reads_it_here(client, who):
    cycle, nominations = slate_cycle([5])
    client.force_login(
        {
            "staff": factories.award_staff,
            "panelist": factories.panelist,
            "nominator": factories.nominator,
        }[who]()
    )

    assert client.get(url(nominations[0])).status_code == 403
