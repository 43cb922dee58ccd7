"""Reflow and visible focus on every page, as every role that can open it (WCAG 1.4.10,
2.4.7, 2.4.11).

The authorization matrix's world (every object in every state the pages care about) is
built once; each page the matrix lets a role open is loaded as that role at 320 CSS
pixels wide (a 1280-pixel window at 400% zoom) and again at 320 × 225 (400% zoom of a
1280 × 900 window). At both sizes the page must not scroll sideways. At 320 × 225 every
control in the page's main content is given focus in turn and must show on screen, whole
across, on top (not under the sticky step bar or anything else). axe-core checks each
page in its small-screen layout, and no two pages may share a title.

The Django admin is left out: it is for superusers, not one of the service's pages, and
keeps Django's own layout. Files (PDFs, CSV, ZIP) are not pages and are skipped.

The world's e-mail addresses, names and web addresses are made long first, with words
no line can break inside, as real ones are: an address with a long surname, a coalition's
full legal name, a web page deep in a site.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests import factories
from tests.awards_site.authorization_run import ALLOWED
from tests.awards_site.authorization_table import ADMIN_ROWS, TABLE
from tests.awards_site.authorization_world import build_world
from tests.browser.axe import axe_violations, format_violations
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Who opens each page: per role, its actors in order of preference; the first the
# matrix lets in opens the page for that role.
ROLES = {
    "visitor": ("anonymous",),
    "endorser": ("endorser_valid_token",),
    "nominator": ("nominator",),
    "panelist": (
        "panelist_assigned",
        "panelist_unattested",
        "panelist_unassigned",
        "panelist_conflicted",
        "panelist_party",
    ),
    "chair": ("chair",),
    "staff": ("staff",),
    "official": ("official",),
    "staff, not yet enrolled in MFA": ("staff_password_only",),
    "staff, code pending": ("staff_code_pending",),
}

# Sideways scroll of the page itself, in CSS pixels, and the outermost elements that
# stick out of the window (their parent does not): what to fix.
PAGE_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const overflow = document.documentElement.scrollWidth - width;
  if (overflow <= 0) return "";
  const name = (element) => element.tagName.toLowerCase() +
    (typeof element.className === "string" && element.className.trim() ?
      "." + element.className.trim().split(/\\s+/).join(".") : "");
  const scrolls = (element) => {  // inside a box that scrolls (or clips) on its own
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const element of document.querySelectorAll("body *")) {
    if (scrolls(element)) continue;
    const parent = element.parentElement;
    if (element.getBoundingClientRect().right > width + 1 &&
        !(parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1)) {
      culprits.push(name(element));
    } else if (element.scrollWidth > element.clientWidth + 1 && !element.children.length &&
               getComputedStyle(element).overflowX === "visible") {
      culprits.push("text of " + name(element));  // a word wider than its box
    }
  }
  return overflow + " px sideways (" + [...new Set(culprits)].slice(0, 3).join(", ") + ")";
}"""

# Stacked tables (USWDS shows each cell on a line of its own, under the label in its
# data-label, on a small screen): the cells of their rows that carry no label.
UNLABELLED_CELLS = """() => [...document.querySelectorAll(
    ".usa-table--stacked tbody tr > :is(td, th)")].filter(
  (cell) => !cell.dataset.label && cell.textContent.trim() && cell.colSpan === 1 &&
    cell.closest("tr").children.length > 1).map(
  (cell) => cell.closest("table").querySelector("caption").textContent.trim().slice(0, 40) +
    ": “" + cell.textContent.trim().slice(0, 30) + "”")"""

# After a resize, the page's scripts measure the step bar again (its height sets the
# form's scroll margin) on the next frame: a person does not press Tab sooner.
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# Each control in <main> focused in turn: "" when it shows, else why not. A visually
# hidden radio or checkbox shows through its label (USWDS draws the control there).
FOCUS_PROBLEMS = """() => {
  const problems = [];
  const controls = document.querySelectorAll(
    "main a[href], main button, main input:not([type=hidden]), main select, main textarea," +
    " main summary, main [tabindex]:not([tabindex='-1'])");
  for (const control of controls) {
    if (control.disabled || !control.getClientRects().length) continue;
    if (getComputedStyle(control).visibility === "hidden") continue;
    control.focus();
    if (document.activeElement !== control) continue;
    let shown = control;
    if (["radio", "checkbox"].includes(control.type) && control.labels.length) {
      shown = control.labels[0];
    }
    const box = shown.getBoundingClientRect();
    const name = control.tagName.toLowerCase() + (control.id ? "#" + control.id : "") +
      " “" + (control.textContent || control.name || "").trim().slice(0, 40) + "”";
    if (box.bottom <= 0 || box.top >= window.innerHeight) {
      problems.push(name + ": off-screen vertically"); continue;
    }
    if (box.left < -1 || box.right > window.innerWidth + 1) {
      problems.push(name + ": cut off sideways (" + Math.round(box.left) + " to " +
        Math.round(box.right) + ")"); continue;
    }
    const first = shown.getClientRects()[0];  // a link that wraps: its first line
    const x = Math.min(Math.max(first.left + 4, 0), window.innerWidth - 1);
    const y = Math.min(Math.max(first.top + 4, 0), window.innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (!top || !(shown === top || shown.contains(top) || top.contains(shown) ||
                  control === top || control.contains(top))) {
      problems.push(name + ": covered by " +
        (top ? top.tagName.toLowerCase() + "." + top.className : "nothing"));
    }
  }
  return problems;
}"""


@pytest.fixture
def world(settings, tmp_path):
    settings.AWARDS_REQUIRE_MFA = True
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    lengthen(world)
    return world


LONG_LOCAL_PART = ".alexandrafeatherstonehaughcholmondeley"
LONG_NAME = (
    "Coalition to Abolish Slavery and Trafficking of the Greater Los Angeles Metropolitan"
    " Area and the Counties of Ventura, Riverside and San Bernardino, Incorporated"
)
LONG_WEBSITE = "https://www.antitraffickingcoalitionofthegreaterlosangelesarea.example.org/"


def longer(address: str) -> str:
    local, domain = address.split("@")
    return f"{local}{LONG_LOCAL_PART}@{domain}"


def lengthen(world) -> None:
    """Every e-mail address made long the same way (so whoever was a party to a
    nomination still is), and every nominee given a long name and web address."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from nominations.models import EndorsementRequest, Nominee, OutboxMessage
    from reviews.models import PanelInvitation

    for model in (User, EmailAddress, EndorsementRequest, PanelInvitation):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(email=longer(row.email))
    for nominee in Nominee.objects.all():
        Nominee.objects.filter(pk=nominee.pk).update(
            contact_email=longer(nominee.contact_email) if nominee.contact_email else "",
            legal_name=LONG_NAME if nominee.legal_name else "",
            website=LONG_WEBSITE,
        )
    for message in OutboxMessage.objects.all():
        OutboxMessage.objects.filter(pk=message.pk).update(to=[longer(a) for a in message.to])


# Addresses whose page is an answer other than 200: allauth's old address of the page a
# refused sign-in through an identity provider shows (401), which it redirects to.
PAGE_STATUSES = {"accounts/social/login/error/": (401,)}


def pages_by_role(world) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(role, actor, path) of every HTML page a role opens, one actor per role; and the
    addresses the matrix lets a role open that answered neither a page nor a file (the
    sweep would otherwise lose them without a word)."""
    from tests.awards_site.authorization_paths import path_for

    found, lost = [], []
    for key, row in TABLE.items():
        if key in ADMIN_ROWS or row.get is None:
            continue
        for role, actors in ROLES.items():
            actor = next((a for a in actors if row.get.get(a) == ALLOWED), None)
            if actor is None:
                continue
            path = path_for(world, key, actor) + row.query
            response = world.client_for(actor).get(path, follow=True)
            if response.status_code not in PAGE_STATUSES.get(key, (200,)):
                lost.append(f"{role} {path}: {response.status_code}")
            elif response["Content-Type"].startswith("text/html"):
                found.append((role, actor, path))
    return found, lost


def sign_in_as(page, base_url: str, session_key: str | None) -> None:
    """The browser carries this session (none: signed out) and nothing else."""
    page.context.clear_cookies()
    if session_key:
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": base_url}
        page.context.add_cookies([cookie])


def test_every_page_reflows_at_320_pixels_with_focus_in_view(live_server, page, world):
    problems = []
    titles: dict[str, set[str]] = {}
    # Two addresses of one page: the official's home shows the newest cycle in selection,
    # which has its own address too.
    same_page = {"/selection/": f"/selection/{world.cycle_selection.pk}/"}
    pages, lost = pages_by_role(world)
    assert lost == []
    current_actor = None
    for role, actor, path in pages:
        if actor != current_actor:
            sign_in_as(page, live_server.url, world.sessions.get(actor))
            current_actor = actor
        where = f"{role} {path}"
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(live_server.url + path)
        address = re.split(r"[?#]", page.url)[0].removeprefix(live_server.url)
        titles.setdefault(page.title(), set()).add(same_page.get(address, address))
        if overflow := page.evaluate(PAGE_OVERFLOW):
            problems.append(f"{where} at 320 × 640: scrolls {overflow}")
        if violations := axe_violations(page):
            problems.append(f"{where} at 320 × 640: axe: {format_violations(violations)}")
        problems += [f"{where}: no data-label on {c}" for c in page.evaluate(UNLABELLED_CELLS)]
        page.set_viewport_size({"width": 320, "height": 225})
        page.evaluate(NEXT_FRAMES)
        if overflow := page.evaluate(PAGE_OVERFLOW):
            problems.append(f"{where} at 320 × 225: scrolls {overflow}")
        problems += [f"{where} at 320 × 225: {p}" for p in page.evaluate(FOCUS_PROBLEMS)]

    shared = {title: sorted(urls) for title, urls in titles.items() if len(urls) > 1}
    assert len(pages) > 150
    assert problems == [], "\n".join(problems)
    assert shared == {}, "pages that share a title (WCAG 2.4.2):\n" + "\n".join(
        f"{title}: {' '.join(urls)}" for title, urls in shared.items()
    )


# Pairs of the header's parts that overlap on screen (none: an empty list).
HEADER_OVERLAPS = """() => {
  const parts = [...document.querySelectorAll(
    ".usa-logo, .usa-nav__primary-item, .usa-nav__secondary-item")].filter(
      (part) => part.getClientRects().length);
  const found = [];
  parts.forEach((a, i) => parts.slice(i + 1).forEach((b) => {
    if (a.contains(b) || b.contains(a)) return;
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    const across = p.left < q.right - 1 && q.left < p.right - 1;
    if (across && p.top < q.bottom - 1 && q.top < p.bottom - 1) {
      found.push(a.textContent.trim().slice(0, 30) + " / " + b.textContent.trim().slice(0, 30));
    }
  }));
  return found;
}"""


@pytest.mark.parametrize(
    ("width", "text_size"),
    [(1024, 16), (1280, 16), (1920, 24), (2560, 32)],
    ids=["1024 wide", "1280 wide", "150% text", "200% text"],
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed in"])
def test_the_header_keeps_its_parts_apart_at_any_text_size(
    live_server, page, check_page, verified, width, text_size, signed_in
):
    """WCAG 1.4.4 and 1.4.10: the site title, the main links and the account menu never
    overlap, with a long e-mail address signed in, at the browser's default text size
    and with its font size setting at 150% and 200% (the header keeps its desktop layout
    only in a window wide enough for the larger text)."""
    page.set_viewport_size({"width": width, "height": 800})
    if signed_in:
        user = verified(factories.nominator(email=longer("jordan.lee@partner.example.org")))
        sign_in(page, live_server.url, user.email, check_page)
    page.context.new_cdp_session(page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": text_size, "fixed": 13}}
    )
    page.goto(live_server.url + "/")

    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root == text_size
    expect(page.locator(".usa-nav__secondary")).to_be_visible()  # the desktop layout
    if signed_in:
        expect(page.locator(".site-account-menu__email")).to_contain_text(user.email)
    assert page.evaluate(HEADER_OVERLAPS) == []
    assert page.evaluate(PAGE_OVERFLOW) == ""
    check_page(f"header, {width} wide, text at {text_size} px")
