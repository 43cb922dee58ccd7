"""Staff who are a party to a nomination, in the browser: the pages that withhold its
panel data (conflicts, assignments, results, slate, memo) and the refusals pass axe-core
and say why in plain words."""

import pytest
from playwright.sync_api import expect

from nominations.models import Cycle, Nomination, SlateEntry
from nominations.states import CycleState, NominationState
from reviews.models import PanelMember
from tests import factories
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_staff_pages_withhold_their_nomination_and_pass_axe(
    live_server, page, check_page, verified
):
    cycle = factories.review_cycle(nominations=2, panelists=2, criteria=1)
    mine, other = cycle.nominations.order_by("reference")
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    factories.conflict(other, members[0], reason="My cousin runs it.")
    factories.conflict(mine, members[1], reason="My old employer.")
    for member in members:
        factories.review_of(mine, member, overall=4)
        factories.review_of(other, member, overall=2)
    staff = verified(factories.award_staff())
    factories.letter_request(mine, email=staff.email)
    base = live_server.url
    sign_in(page, base, staff.email, check_page)

    page.goto(f"{base}/review/staff/cycles/{cycle.pk}/conflicts/")
    check_page("conflicts, one nomination withheld")
    expect(page.get_by_text("You are a party to 1 nomination of this cycle")).to_be_visible()
    expect(page.get_by_text("My old employer.")).to_have_count(0)

    page.goto(f"{base}/review/staff/cycles/{cycle.pk}/assignments/")
    check_page("assignments, one nomination withheld")
    expect(
        page.get_by_text("You are a party to this nomination, so its reviewers are not shown")
    ).to_be_visible()

    page.goto(f"{base}/review/staff/cycles/{cycle.pk}/results/")
    check_page("results, one nomination withheld")
    expect(page.get_by_text("you are a party to this nomination").first).to_be_visible()

    page.goto(f"{base}/review/nominations/{mine.pk}/")
    check_page("scoring page refused")
    expect(page.get_by_text("You are a party to this nomination")).to_be_visible()

    Nomination.objects.filter(cycle=cycle).update(state=NominationState.SHORTLISTED)
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.SELECTION)
    for nomination in (mine, other):
        SlateEntry.objects.create(
            nomination=nomination,
            briefing_note=f"Why {nomination.reference} belongs.",
            written_by=factories.award_staff(),
        )

    page.goto(f"{base}/staff/cycles/{cycle.pk}/slate/")
    check_page("slate, one row withheld")
    expect(page.get_by_text(f"Why {other.reference} belongs.")).to_be_visible()
    expect(page.get_by_text(f"Why {mine.reference} belongs.")).to_have_count(0)

    page.goto(f"{base}/staff/cycles/{cycle.pk}/decision-memo/")
    check_page("decision memo, one row withheld")
    expect(page.get_by_text(f"Why {mine.reference} belongs.")).to_have_count(0)
