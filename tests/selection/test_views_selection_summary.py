"""The selecting official's page, issue 15: every slate entry links to its entry in the
decision memo, the briefing notes span the table, the decision is summarized (who is
selected, who is not, whose name to type) before it is signed, and the signed decision
says when, in the cycle's time zone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.models import AwardProgram, Cycle, SelectionDecision
from nominations.states import NominationState
from tests import factories
from tests.selection.conftest import OFFICIAL_NAME
from tests.selection.test_slate import references_in, slate_cycle, snapshot, text

pytestmark = pytest.mark.django_db
S = NominationState
SELECTION = reverse("selection:selection_home")
NAME = OFFICIAL_NAME


def with_signatory(cycle: Cycle, name: str, title: str = "Secretary of State") -> None:
    Cycle.objects.filter(pk=cycle.pk).update(signatory_name=name, signatory_title=title)
    AwardProgram.objects.filter(pk=cycle.program_id).update(signatory_name="", signatory_title="")


def review(client, selected, justification=""):
    return client.post(
        SELECTION,
        {
            "stage": "review",
            "selected": [str(nomination.pk) for nomination in selected],
            "justification": justification,
        },
    )


# -- links to the memo -------------------------------------------------------------------------


def test_each_slate_entry_links_to_its_entry_in_the_memo_which_the_official_may_read(
    official_client,
):
    cycle, nominations = slate_cycle([5, 2, 7])
    memo = reverse("selection:decision_memo", args=[cycle.pk])

    body = text(official_client.get(SELECTION))

    memo_page = official_client.get(memo)
    assert memo_page.status_code == 200
    for nomination in nominations:
        link = (
            f'<a class="usa-link" href="{memo}#memo-{nomination.reference}">In the decision memo'
            f'<span class="usa-sr-only"> for {nomination.reference}</span></a>'
        )
        assert body.count(link) == 1
        assert f'<h3 id="memo-{nomination.reference}">' in text(memo_page)


@pytest.mark.parametrize("size", [2, 12])
def test_selection_page_with_links_query_count_does_not_grow(
    official_client, django_assert_num_queries, size
):
    cycle, _ = slate_cycle([index % 9 + 1 for index in range(size)])

    # As test_views_selection's budget: the links are built from the rows already read.
    with django_assert_num_queries(15):
        response = official_client.get(SELECTION)

    html = response.content.decode()
    assert len(references_in(html, cycle)) == size
    assert html.count("In the decision memo<span") == size


# -- the summary before signing ----------------------------------------------------------------


def test_review_summarizes_the_decision_and_states_the_name_to_type(official_client):
    cycle, [first, second, third] = slate_cycle([5, 2, 7], cap=2)
    with_signatory(cycle, NAME)
    before = snapshot(cycle)

    response = review(official_client, [second, first])

    assert response.status_code == 200
    body = text(response)
    assert (
        "<dt>Selected: 2 of up to 2</dt> <dd> "
        '<ul class="usa-list site-selection-summary__list" id="summary-selected"> '
        f"<li>{second.reference}: {second.nominee}</li>"
        f"<li>{first.reference}: {first.nominee}</li> </ul> </dd> "
        "<dt>Not selected: 1</dt> <dd> "
        '<ul class="usa-list site-selection-summary__list" id="summary-not-selected"> '
        f"<li>{third.reference}: {third.nominee}</li> </ul> </dd> "
        "<dt>The panel’s rank order</dt> <dd>Your selection follows it.</dd>"
    ) in body
    assert (
        '<p id="expected-name">Type your full name as it appears on your account: '
        f"<strong>{NAME}</strong>.</p>"
    ) in body
    assert (
        f'<p id="signatory">You sign as this cycle’s signatory, {NAME}, Secretary of State.</p>'
    ) in body
    assert (
        "<li>The 2 nominations listed as selected are selected; every other nomination on the "
        "slate (1 of 3) is not selected.</li>"
    ) in body
    assert 'name="selected" value="' in body
    assert 'type="checkbox" name="selected"' not in body  # the ticks are carried, not asked
    assert snapshot(cycle) == before


def test_review_tells_a_delegate_whose_name_the_cycle_carries_and_lets_them_sign(
    official_client, official
):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    with_signatory(cycle, "Marco Rubio")

    body = text(review(official_client, [second]))

    assert (
        "This cycle’s signatory is Marco Rubio, Secretary of State; you are signed in as "
        f"{NAME}. You may decide as the selecting official (the signatory or a delegate): the "
        f"decision records your name, {NAME}, and the certificates still name Marco Rubio."
    ) in body
    assert f"as it appears on your account: <strong>{NAME}</strong>." in body

    signed = official_client.post(
        SELECTION,
        {
            "stage": "sign",
            "selected": [str(second.pk)],
            "justification": "",
            "signed_name": NAME,
            "confirm": "yes",
        },
    )

    assert signed.status_code == 302
    decision = SelectionDecision.objects.get(cycle=cycle)
    assert (decision.decided_by, decision.signed_name) == (official, NAME)


def test_review_with_an_account_without_a_name_says_it_cannot_be_signed(client):
    cycle, [first] = slate_cycle([2], cap=1)
    client.force_login(factories.selecting_official(full_name=""))

    body = text(review(client, [first]))

    assert (
        '<p id="expected-name">Your account has no full name, so the decision cannot be signed '
        "yet: ask award staff to add your name to your account.</p>"
    ) in body


def test_review_of_a_choice_above_the_cap_stays_on_the_ticks_with_the_error(official_client):
    cycle, nominations = slate_cycle([2, 3], cap=1)
    before = snapshot(cycle)

    body = text(review(official_client, nominations))

    assert (
        '<span class="usa-error-message" id="id_selected-error">'
        "Select no more than 1: the award cap is 1. You selected 2.</span>"
    ) in body
    assert "Check your decision before you sign" not in body
    for nomination in nominations:
        assert f'id="select-{nomination.pk}" checked>' in body
    assert snapshot(cycle) == before


def test_review_out_of_rank_order_asks_for_the_justification_first(official_client):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)

    body = text(review(official_client, [first])).replace("&#x27;", "'")

    assert "Your selection departs from the panel's rank order: explain why.</span>" in body
    assert "Check your decision before you sign" not in body

    body = text(review(official_client, [first], justification="Broader reach."))

    assert "<dd>Your selection departs from it.</dd>" in body
    assert '<dd class="site-preline">Broader reach.</dd>' in body


def test_change_goes_back_to_the_ticks_with_the_choice_kept(official_client):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)

    response = official_client.post(
        SELECTION,
        {"stage": "change", "selected": [str(first.pk)], "justification": "Broader reach."},
    )

    body = text(response)
    assert f'id="select-{first.pk}" checked>' in body
    assert f'id="select-{second.pk}">' in body
    assert "Broader reach.</textarea>" in body
    assert '<span class="usa-error-message" id="id_selected-error" hidden>' in body
    assert "usa-form-group--error" not in body
    assert not SelectionDecision.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_review_query_count_does_not_grow(official_client, django_assert_num_queries, size):
    cycle, nominations = slate_cycle([index % 9 + 1 for index in range(size)])

    # The page's reads (see test_views_selection) less the decision, read only to
    # refuse a second one, which the POST reads before the summary: the same number.
    with django_assert_num_queries(15):
        response = review(official_client, nominations[:1])

    assert text(response).count("<li>PA-") == size


# -- the signed decision -----------------------------------------------------------------------


def test_signed_decision_says_when_in_the_cycles_zone_with_one_full_stop(official_client):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    official_client.post(
        SELECTION,
        {
            "stage": "sign",
            "selected": [str(second.pk)],
            "signed_name": NAME,
            "confirm": "yes",
        },
    )
    decided_at = SelectionDecision.objects.get(cycle=cycle).decided_at

    body = text(official_client.get(SELECTION))

    moment = timezone.localtime(decided_at, cycle.zone)
    meridiem = "a.m." if moment.hour < 12 else "p.m."
    shown = moment.strftime(f"%B %-d, %Y, %-I:%M {meridiem} %Z")
    assert (
        f'<p class="usa-alert__text">You signed the decision as {NAME} on <time datetime="'
        f'{timezone.localtime(decided_at).isoformat()}">{shown}</time>. It is final, and stays '
        "private until the recipients are announced.</p>"
    ) in body
    assert ".." not in body.split("usa-alert__text", 2)[2][:300]
