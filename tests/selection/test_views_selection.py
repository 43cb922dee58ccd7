"""The selecting official's page, and the embargo on the decision until the announcement."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import SelectionDecision
from nominations.states import CycleState, NominationState
from reviews.models import PanelMember
from tests import factories
from tests.error_summary import assert_error_pattern
from tests.selection.conftest import OFFICIAL_NAME
from tests.selection.test_slate import references_in, slate_cycle, snapshot, text

pytestmark = pytest.mark.django_db
S = NominationState
SELECTION = reverse("selection:selection_home")
NAME = OFFICIAL_NAME


def post_data(selected, justification="", signed_name=NAME) -> dict:
    return {
        "selected": [str(nomination.pk) for nomination in selected],
        "justification": justification,
        "signed_name": signed_name,
        "confirm": "yes",
    }


def test_selection_page_shows_the_slate_in_rank_order_with_figures_and_notes(official_client):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)

    response = official_client.get(SELECTION)

    html = response.content.decode()
    assert references_in(html, cycle) == [second.reference, first.reference]
    body = text(response)
    assert "Award cap: up to 1 recipient." in body
    assert (
        '<td data-label="Rank">1</td> <td data-label="Score">20</td> '
        '<td data-label="Percentile">25</td> <td data-label="Reviews counted">2</td> '
        '<td data-label="SD">0.00</td> <td data-label="Select">'
    ) in body
    # The note spans the table under its row, not squeezed into a column of its own.
    assert (
        f'<tr class="site-slate__note-row"> <td colspan="8" data-label="Briefing note" '
        f'headers="slate-{second.pk}"><p class="site-slate__note site-preline"><strong>'
        f'Briefing note<span class="usa-sr-only"> on {second.reference}</span>:</strong> '
        f"Why {second.reference} belongs on the slate.</p></td> </tr>"
    ) in body
    assert f'name="selected" value="{second.pk}" id="select-{second.pk}">' in body
    assert "Select up to 1 recipient" in body


def test_selection_page_records_the_decision_and_shows_it(official_client, official):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)

    response = official_client.post(
        SELECTION, post_data([second], signed_name=" antony j. blinken")
    )

    assert response.status_code == 302
    decision = SelectionDecision.objects.get(cycle=cycle)
    assert (decision.decided_by, decision.selected) == (official, [second.reference])
    page = text(official_client.get(SELECTION))
    assert "You signed the decision as antony j. blinken on" in page
    assert f"Selected: {second.reference}." in page
    assert 'name="selected"' not in page


def test_selection_page_with_a_mismatched_name_shows_the_error_next_to_it(official_client):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    before = snapshot(cycle)

    response = official_client.post(
        SELECTION, post_data([first], justification="Broader reach.", signed_name="A. Blinken")
    )

    assert response.status_code == 200
    body = text(response)
    assert (
        '<span class="usa-error-message" id="id_signed_name-error" data-error-for="id_signed_name">'
        "The name you typed does not match the full name on your account.</span>"
    ) in body
    # Back on the summary, the choice carried and the typed name kept.
    assert "Check your decision before you sign" in body
    assert f'<input type="hidden" name="selected" value="{first.pk}">' in body
    assert f'name="selected" value="{second.pk}"' not in body
    assert '<input type="hidden" name="justification" value="Broader reach.">' in body
    assert 'value="A. Blinken"' in body
    assert snapshot(cycle) == before


def test_selection_page_out_of_rank_without_justification_shows_the_error(official_client):
    cycle, [first, _second] = slate_cycle([5, 2], cap=1)
    before = snapshot(cycle)

    response = official_client.post(SELECTION, post_data([first]))

    body = text(response)
    assert (
        'id="id_justification-error" data-error-for="id_justification">'
        "Your selection departs from the panel's rank order: explain why.</span>"
    ) in body.replace("&#x27;", "'")
    assert snapshot(cycle) == before


def test_selection_page_above_the_cap_shows_the_error(official_client):
    cycle, nominations = slate_cycle([2, 3], cap=1)
    before = snapshot(cycle)

    response = official_client.post(SELECTION, post_data(nominations))

    assert (
        '<span class="usa-error-message" id="id_selected-error">'
        "Select no more than 1: the award cap is 1. You selected 2.</span>"
    ) in text(response)
    assert snapshot(cycle) == before


def test_selection_page_a_second_decision_is_refused(official_client):
    cycle, [first, second] = slate_cycle([2, 3], cap=1)
    official_client.post(SELECTION, post_data([first]))
    before = snapshot(cycle)
    events = AuditEvent.objects.count()

    response = official_client.post(
        SELECTION, post_data([second], justification="Changed."), follow=True
    )

    assert "The selection has already been decided. The decision is final." in text(response)
    assert snapshot(cycle)[:-1] == before[:-1]  # all but the audit log's size
    assert list(
        AuditEvent.objects.order_by("pk").values_list("action", "outcome", "object_id", "note")[
            events:
        ]
    ) == [
        (
            "selection.decide",
            "denied",
            str(cycle.pk),
            "The selection has already been decided. The decision is final.",
        )
    ]


@pytest.mark.parametrize("actor_name", ["staff", "panelist", "other_nominator"])
def test_selection_page_refuses_others_changes_nothing_and_audits(client, actor_name):
    cycle, nominations = slate_cycle([2])
    actor = factories.actor_named(actor_name)
    actor.full_name = NAME
    actor.save()
    client.force_login(actor)
    states = list(cycle.nominations.values_list("state", flat=True))

    response = client.post(SELECTION, post_data(nominations))

    assert response.status_code == 403
    assert list(cycle.nominations.values_list("state", flat=True)) == states
    assert SelectionDecision.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", "outcome", "note")) == [
        ("page.denied", "denied", f"POST {SELECTION}")
    ]


@pytest.mark.parametrize("size", [2, 12])
def test_selection_page_query_count_does_not_grow(official_client, django_assert_num_queries, size):
    cycle, _ = slate_cycle([index % 9 + 1 for index in range(size)])

    # session, user, role groups, cycle in selection, what is withheld from the official (the party
    # rule's two: their addresses and the nominations they made, are the contact or individual
    # nominee of, or endorsed; and a seat's conflicts), rubric, the panelists' stored tallies,
    # the count at each score, the advanced rows' count, their result rows and their
    # nominations with entries, the decision, the "Your turn" slates waiting
    with django_assert_num_queries(15):
        response = official_client.get(SELECTION)

    assert len(references_in(response.content.decode(), cycle)) == size


# -- the embargo ---------------------------------------------------------------------------

OUTCOME_WORDS = re.compile(r"\bSelected\b|Not selected|Not advanced|Shortlisted|Awarded", re.I)


def test_decision_is_invisible_to_the_nominator_before_the_announcement(client, official):
    cycle, [chosen, passed_over] = slate_cycle([2, 3], cap=1)
    owner = chosen.nominator
    passed_over.nominator = owner
    passed_over.save()
    client.force_login(official)
    client.post(SELECTION, post_data([chosen]))
    assert set(cycle.nominations.values_list("state", flat=True)) == {S.SELECTED, S.NOT_SELECTED}
    client.force_login(owner)

    pages = [
        client.get(reverse("nominations:my_nominations")),
        client.get(reverse("nominations:nomination_detail", args=[chosen.pk])),
        client.get(reverse("nominations:nomination_detail", args=[passed_over.pk])),
        client.get(reverse("nominations:nomination_documents", args=[chosen.pk])),
    ]

    for page in pages:
        assert page.status_code == 200
        body = text(page)
        # Form controls use the attribute "selected"; the words a person reads must not.
        visible = re.sub(r"<[^>]+>", " ", body)
        assert OUTCOME_WORDS.findall(visible) == []
    assert "Under review" in text(pages[0])


@pytest.mark.parametrize("actor_name", ["panelist", "other_nominator", "anonymous"])
def test_selection_and_memo_are_closed_to_others_before_the_announcement(client, actor_name):
    cycle, nominations = slate_cycle([2])
    cycle_pk = cycle.pk
    if actor_name == "panelist":
        member = PanelMember.objects.filter(panel__cycle=cycle).first()
        client.force_login(member.user)
    elif actor_name != "anonymous":
        client.force_login(factories.actor_named(actor_name))

    responses = [
        client.get(SELECTION),
        client.get(reverse("selection:decision_memo", args=[cycle_pk])),
        client.get(reverse("selection:decision_memo_pdf", args=[cycle_pk])),
        client.get(reverse("selection:slate", args=[cycle_pk])),
    ]

    expected = 302 if actor_name == "anonymous" else 403
    assert [response.status_code for response in responses] == [expected] * 4
    assert cycle.state == CycleState.SELECTION


def test_selection_by_an_official_who_nominated_on_the_slate_is_refused_and_audited(
    official_client, official
):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    first.nominator = official
    first.save(update_fields=["nominator"])
    before = snapshot(cycle)

    response = official_client.post(SELECTION, post_data([second]))

    assert response.status_code == 200
    assert (
        f"You nominated {first.reference}, so you cannot decide this slate: another "
        "selecting official must record the decision."
    ) in response.content.decode()
    # Nothing changed but the one record of the refused attempt.
    assert snapshot(cycle)[:4] == before[:4]
    assert AuditEvent.objects.count() == before[4] + 1
    event = AuditEvent.objects.get(action="selection.decide")
    assert (event.outcome, event.actor) == ("denied", official)


def test_each_cycle_in_selection_has_its_own_page_linked_from_the_others(official_client):
    older, [older_pick] = slate_cycle([2], cap=1)
    newer, [newer_pick] = slate_cycle([3], cap=1)
    assert newer.award_year > older.award_year
    older_url = reverse("selection:selection_cycle", args=[older.pk])

    home = official_client.get(SELECTION).content.decode()
    response = official_client.post(older_url, post_data([older_pick]))

    assert references_in(home, newer) == [newer_pick.reference]
    assert f'href="{older_url}"' in home
    assert response["Location"] == older_url
    assert list(SelectionDecision.objects.values_list("cycle", flat=True)) == [older.pk]
    assert official_client.get(older_url).status_code == 200


def test_selection_page_of_a_cycle_not_in_selection_is_not_found(official_client):
    cycle = factories.cycle_in(CycleState.REVIEW)

    response = official_client.get(reverse("selection:selection_cycle", args=[cycle.pk]))

    assert response.status_code == 404


def test_signing_without_the_box_records_nothing_and_says_why(official_client):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    events = AuditEvent.objects.count()
    data = post_data([first])
    del data["confirm"]

    response = official_client.post(SELECTION, data)

    assert response.status_code == 200
    assert_error_pattern(response, "id_confirm")
    assert (
        '<span class="usa-error-message" id="id_confirm-error" role="alert">Tick the box to '
        "confirm that you understand. Nothing was changed.</span>"
    ) in response.content.decode()
    assert (
        "<li>The 1 nomination listed as selected is selected; every other nomination on the "
        "slate (1 of 2) is not selected.</li>"
    ) in text(response)
    assert not SelectionDecision.objects.filter(cycle=cycle).exists()
    assert AuditEvent.objects.count() == events
    first.refresh_from_db()
    assert first.state == S.SHORTLISTED
