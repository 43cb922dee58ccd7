"""Award staff set up a cycle in the browser: settings, rubric, checklist, open; then the
outbox. axe-core and the CSP check run on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.models import Cycle, OutboxMessage
from nominations.states import CycleState
from tests import factories
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rubric_rows(page):
    """The criteria's rows in the cycle page's rubric table (in its scrolling region)."""
    return page.get_by_role("region", name="Criteria panelists score, in order").locator("tbody th")


def test_staff_set_up_a_cycle_and_open_it(live_server, page, check_page, verified):
    program = factories.AwardProgramFactory()
    staff = verified(factories.award_staff())
    OutboxMessage.objects.create(
        to=["ana@example.org"], subject="Nomination PA-2031-0001 received", body="Thank you."
    )
    sign_in(page, live_server.url, staff.email, check_page)
    opens = timezone.localdate() + dt.timedelta(days=1)
    deadline = opens + dt.timedelta(days=60)

    page.goto(f"{live_server.url}/staff/cycles/")
    check_page("cycles list, empty")
    page.get_by_role("link", name="Set up a new cycle").click()
    check_page("new cycle form")
    page.get_by_label("Award year").fill(str(opens.year + 1))
    page.get_by_label("Award cap").fill("9")
    page.get_by_role("button", name="Set up the cycle").click()
    expect(page.locator("#id_award_cap-error")).to_have_text(
        "The award cap cannot be more than the program's cap of 5."
    )
    check_page("new cycle form with errors")

    page.get_by_label("Award cap").fill("5")
    page.get_by_label("Nominations open").fill(f"{opens.isoformat()}T09:00")
    page.get_by_label("Nomination deadline").fill(f"{deadline.isoformat()}T17:00")
    page.get_by_label("Performance window starts").fill(f"{opens.year - 1}-01-01")
    page.get_by_label("Performance window ends").fill(f"{opens.year - 1}-12-31")
    page.get_by_role("button", name="Set up the cycle").click()
    expect(page.locator("#blockers-open")).to_contain_text("The rubric has no criteria.")
    check_page("cycle page with blockers")

    page.get_by_role("link", name="Edit the rubric").click()
    page.locator("#id_form-0-name").fill("Impact")
    page.locator("#id_form-0-ORDER").fill("2")
    page.locator("#id_form-1-name").fill("Reach")
    page.locator("#id_form-1-weight").fill("0")
    page.locator("#id_form-1-ORDER").fill("1")
    page.get_by_role("button", name="Save the rubric").click()
    expect(page.locator("#id_form-1-weight-error")).to_have_text("The weight must be more than 0.")
    expect(page.locator("#id_form-0-name")).to_have_value("Impact")
    check_page("rubric page with errors")
    page.locator("#id_form-1-weight").fill("1.5")
    page.get_by_role("button", name="Save the rubric").click()
    expect(rubric_rows(page)).to_have_count(2)
    expect(rubric_rows(page).first).to_contain_text("Reach")
    page.get_by_role("link", name="Edit the checklist").click()
    page.locator("#id_form-0-text").fill("Nominee type allowed by the statute")
    check_page("checklist page")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator("#blockers-open")).to_have_count(0)

    page.get_by_role("button", name="Open for nominations").click()
    expect(page.get_by_role("link", name="Close nominations…")).to_be_visible()
    check_page("cycle page, open")
    assert Cycle.objects.get().state == CycleState.OPEN

    page.get_by_role("link", name="Copy to a new cycle").click()
    check_page("copy a cycle")
    page.get_by_role("button", name="Copy to a new cycle").click()
    expect(page.locator("h1")).to_have_text(f"{program.short_name} {opens.year + 2}")
    expect(rubric_rows(page).first).to_contain_text("Reach")
    check_page("copied cycle")
    assert Cycle.objects.get(award_year=opens.year + 2).state == CycleState.SETUP

    page.goto(f"{live_server.url}/staff/outbox/")
    expect(page.get_by_text("Nomination PA-2031-0001 received", exact=True)).to_be_visible()
    check_page("outbox")


def test_two_open_cycles_on_the_public_home_and_the_staff_home_switcher(
    live_server, page, check_page, verified
):
    program = factories.AwardProgramFactory()
    sooner = factories.CycleFactory(
        program=program,
        award_year=2031,
        state=CycleState.OPEN,
        deadline=timezone.now() + dt.timedelta(days=5),
    )
    later = factories.CycleFactory(
        program=program,
        award_year=2032,
        state=CycleState.OPEN,
        deadline=timezone.now() + dt.timedelta(days=50),
    )
    factories.nomination_in("submitted", cycle=sooner)
    factories.nomination_in("submitted", cycle=later)
    staff = verified(factories.award_staff())

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Read the call for nominations")).to_have_count(2)
    expect(page.get_by_role("heading", level=3).first).to_have_text(
        "The 2031 award is open for nominations"
    )
    check_page("public home, two open calls")

    sign_in(page, live_server.url, staff.email, check_page)
    page.goto(f"{live_server.url}/staff/")
    for cycle in (later, sooner):
        expect(page.locator(f"#queue-{cycle.pk}-to_vet")).to_have_text("To vet (1)")
    check_page("staff home, every cycle in progress")
    page.get_by_label("Cycle", exact=True).select_option(str(sooner.pk))
    page.get_by_role("button", name="Show").click()
    expect(page.locator(f"#queue-{sooner.pk}-to_vet")).to_have_text("To vet (1)")
    expect(page.locator(f"#queue-{later.pk}-to_vet")).to_have_count(0)
    check_page("staff home, one cycle")


def test_a_deadline_the_clocks_repeat_asks_which_and_saves_the_one_picked(
    live_server, page, check_page, verified
):
    cycle = factories.CycleFactory(state=CycleState.SETUP, award_year=2027)
    staff = verified(factories.award_staff())
    sign_in(page, live_server.url, staff.email, check_page)

    page.goto(f"{live_server.url}/staff/cycles/{cycle.pk}/edit/")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Nominations open").fill("2026-10-01T09:00")
    page.get_by_label("Nomination deadline").fill("2026-11-01T01:30")
    page.get_by_role("button", name="Save the settings").click()
    choice = page.get_by_role("group", name="Nomination deadline: which 1:30 a.m. do you mean?")
    expect(choice).to_be_visible()
    expect(page.get_by_label("Nomination deadline", exact=True)).to_have_value("2026-11-01T01:30")
    check_page("cycle settings asking which 1:30 a.m.")

    # The USWDS radio button sits off-screen; its label is what a person clicks.
    choice.locator("label", has_text="November 1, 2026, 1:30 a.m. CST").click()
    expect(choice.get_by_role("radio", name="November 1, 2026, 1:30 a.m. CST")).to_be_checked()
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".site-cycle-facts")).to_contain_text("to November 1, 2026, 1:30 a.m. CST")
    cycle.refresh_from_db()
    assert cycle.deadline == dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.UTC)
