"""Keyboard and zoom: where focus lands after each update, driven by keyboard only, and
that nothing sticky hides it (WCAG 2.4.3, 2.4.7, 2.4.11, 4.1.3, 1.4.10).

`focus_seen` asks the browser what a sighted keyboard user would see: the focused
element, inside the window, and on top at its own position, not under the sticky step
bar or anything else.
"""

import pytest
from playwright.sync_api import Page, expect

from nominations.states import CycleState, NominationState
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# "visible", or why not: "body" (focus was dropped), "off-screen", "covered by …".
FOCUS_SEEN = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return "body";
  const box = focused.getBoundingClientRect();
  if (box.bottom <= 0 || box.top >= window.innerHeight) return "off-screen";
  const x = Math.min(Math.max(box.left + 4, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(box.top + 4, 0), window.innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  if (top && (focused === top || focused.contains(top) || top.contains(focused))) return "visible";
  return "covered by " + (top ? top.tagName.toLowerCase() + "." + top.className : "nothing");
}"""

STICKY_SHARE = """() => {
  let tallest = 0;
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    if (style.position !== "sticky" && style.position !== "fixed") continue;
    if (style.visibility === "hidden" || style.opacity === "0") continue;  // USWDS's overlay
    const box = element.getBoundingClientRect();
    const shown = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
    const wide = Math.min(box.right, window.innerWidth) - Math.max(box.left, 0);
    if (shown > 0 && wide > window.innerWidth / 2) tallest = Math.max(tallest, shown);
  }
  return tallest / window.innerHeight;
}"""


def focus_seen(page: Page) -> str:
    return page.evaluate(FOCUS_SEEN)


def press_on(page: Page, locator, key: str = "Enter") -> None:
    """Focus `locator` and press a key, as a keyboard user would."""
    locator.focus()
    page.keyboard.press(key)


def focused(page: Page):
    return page.locator("*:focus")


def open_nomination_form(page: Page, live_server, check_page, verified, width, height) -> None:
    """A nominator signs in and opens their draft's form in a window of this size."""
    user = verified(factories.nominator())
    nomination = factories.NominationFactory(nominator=user, nominator_name="Jordan Lee")
    sign_in(page, live_server.url, user.email, check_page)
    expect(page).to_have_url(f"{live_server.url}/my/nominations/")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/nominations/{nomination.pk}/edit/")


def test_saving_a_checklist_item_by_keyboard_leaves_focus_on_its_message(
    live_server, page, check_page, verified
):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, award_year=2031)
    nomination = factories.nomination_in(NominationState.VETTING, cycle=cycle)
    item = cycle.checklist_items.filter(required=True).first()
    staff = verified(factories.award_staff())
    sign_in(page, live_server.url, staff.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Award staff")
    page.goto(f"{live_server.url}/staff/nominations/{nomination.pk}/")
    row = page.locator(f"#check-{item.pk}")

    # Refused: no result chosen. Focus goes to the first choice of the refused group
    # (whose fieldset names the error), not to <body>.
    press_on(page, row.get_by_role("button", name="Save this check"))
    htmx_settled(page)
    expect(focused(page)).to_have_attribute("name", "result")
    expect(row.get_by_role("group", name="Result")).to_have_accessible_description(
        "Choose pass, concern, fail or not applicable."
    )
    assert focus_seen(page) == "visible"

    press_on(page, row.get_by_label("Pass", exact=True), " ")
    press_on(page, row.get_by_role("button", name="Save this check"))
    htmx_settled(page)
    expect(focused(page)).to_have_attribute("role", "status")
    expect(focused(page)).to_contain_text("Check recorded")
    assert focus_seen(page) == "visible"
    # The next Tab goes on inside the item, not to the footer.
    page.keyboard.press("Tab")
    assert page.evaluate(
        f"() => document.getElementById('check-{item.pk}').contains(document.activeElement)"
    )
    check_page("checklist item saved by keyboard")


def test_posting_and_editing_a_comment_by_keyboard_keeps_focus_in_the_discussion(
    page, check_page, lone_panelist_scoring
):
    discussion = page.locator("#discussion")

    discussion.get_by_label("Comment").fill("The outcomes are well documented.")
    press_on(page, discussion.get_by_role("button", name="Post comment"))
    htmx_settled(page)
    expect(focused(page)).to_have_attribute("role", "status")
    assert focus_seen(page) == "visible"

    press_on(page, discussion.get_by_role("link", name="Edit your comment"))
    htmx_settled(page)
    expect(focused(page)).to_have_value("The outcomes are well documented.")
    expect(focused(page)).to_have_accessible_name("Your comment")
    assert focus_seen(page) == "visible"
    check_page("comment opened for editing by keyboard")


def test_requesting_a_letter_on_the_form_shows_the_message_below_the_sticky_bar(
    live_server, page, check_page, verified
):
    open_nomination_form(page, live_server, check_page, verified, 1280, 800)

    page.get_by_label("Endorser's full name").fill("Ana Ruiz")
    page.get_by_label("Endorser's email address").fill("ana@partner.example.org")
    page.get_by_label("How they know the nominee").fill("Program partner")
    press_on(page, page.get_by_role("button", name="Send request"))
    htmx_settled(page)

    expect(focused(page)).to_contain_text("We emailed Ana Ruiz")
    assert (
        page.evaluate(
            "() => getComputedStyle(document.querySelector('.site-form-header')).position"
        )
        == "sticky"
    )
    assert focus_seen(page) == "visible"
    check_page("letter requested by keyboard")


def test_tabbing_back_up_the_form_never_leaves_focus_under_the_sticky_bar(
    live_server, page, check_page, verified
):
    open_nomination_form(page, live_server, check_page, verified, 1280, 720)
    page.get_by_role("button", name="Send request").focus()

    seen = []
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        seen.append(focus_seen(page))

    assert set(seen) == {"visible"}, seen


@pytest.mark.parametrize(
    ("width", "height"),
    [(320, 225), (640, 450), (375, 667)],
    ids=["400% zoom", "200% zoom", "phone"],
)
def test_the_step_bar_covers_at_most_a_quarter_of_the_window(
    live_server, page, check_page, verified, width, height
):
    open_nomination_form(page, live_server, check_page, verified, width, height)
    page.mouse.wheel(0, 1500)

    assert page.evaluate(STICKY_SHARE) <= 0.25
    jump = page.locator(".site-step-jump summary")
    if jump.is_visible():
        press_on(page, jump)
        assert page.evaluate(STICKY_SHARE) <= 0.25
    page.locator("#nomination-form textarea").first.focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert focus_seen(page) == "visible"


def test_a_date_field_shows_the_focus_outline_on_every_part_tabbed_to(
    live_server, page, check_page, verified
):
    """Month, day, year and the calendar button inside a date field: on each, the field
    carries USWDS's 4 px outline, not only the browser's thin ring on the button."""
    staff = verified(factories.award_staff())
    sign_in(page, live_server.url, staff.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Award staff")
    page.goto(f"{live_server.url}/staff/cycles/new/")
    field = page.locator("input[type=date]").first
    field_id = field.get_attribute("id")
    field.focus()

    outlines = []
    while page.evaluate("() => document.activeElement.id") == field_id:
        outlines.append(field.evaluate("e => getComputedStyle(e).outline"))
        page.keyboard.press("Tab")

    assert len(outlines) == 4, outlines  # month, day, year, the calendar button
    assert set(outlines) == {"rgb(36, 145, 255) solid 4px"}, outlines
