"""The load test's users: nominators writing and submitting, panelists scoring, staff
reading the results and the queue.

Run by bench/load.py (headless); BENCH_LOAD_USERS names the JSON file it prepared: the
password, where the proxy sends requests (none in the development profile), the open cycle,
the nominators' emails, each panelist's authenticator secret and unscored nominations,
and the staff's secrets and pages. Every user signs in through the real login form, then
types the authenticator app's code when the account has one, and sends the CSRF token
as the pages do (a form field, or the X-CSRFToken header for htmx). A response that is
not what the page would get counts as a failure.

In the production profile the users talk to the site's https:// address, as browsers do,
and `Proxy` stands in for the TLS-terminating proxy in front of the app server: the
site's Secure cookies and the CSRF check's Origin are what they are for a browser.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter

PLAN = json.loads(Path(os.environ["BENCH_LOAD_USERS"]).read_text())
NOMINATORS = itertools.cycle(PLAN["nominators"])
PANELISTS = itertools.cycle(PLAN["panelists"])
STAFF = itertools.cycle(PLAN["staff"])
ADDRESSES = itertools.count(1)
# How often staff open each page: the first pages three times as often as the second.
STAFF_PAGES = {
    "results": 3,
    "results by score, page 2": 1,
    "staff queue": 3,
    "staff queue, page 2": 1,
}
STAFF_PAGE_NAMES, STAFF_PAGE_WEIGHTS = list(STAFF_PAGES), list(STAFF_PAGES.values())
HIDDEN = re.compile(r'name="(?P<name>[\w-]+)"[^>]*?value="(?P<value>[^"]*)"')
OUTCOME = re.compile(r'data-autosave-result="(\w+)"')
CRITERION = re.compile(r'name="(criterion_\d+)"')
NOMINATION_FIELDS = {
    "nominator_name": "Load Test Nominator",
    "nominator_title": "Program Analyst",
    "nominator_organization": "Department of Transportation",
    "nominator_phone": "202-555-0142",
    "kind": "organization",
    "legal_name": "Load Test Survivor Network",
    "city": "Chicago",
    "state_or_province": "IL",
    "country": "United States",
    "contact_name": "Director",
    "contact_email": "director@loadtest.example.org",
    "criterion_sustained": "on",
    "p_protection": "on",
    "suggested_citation": "for its survivor-led network that connects victims with housing",
}


class Proxy(HTTPAdapter):
    """The TLS-terminating proxy, for one client: a request to the site's https:// address
    goes to the app server in plain HTTP with the headers the proxy adds (the public host,
    X-Forwarded-Proto and the client's address in X-Forwarded-For); the response comes
    back as the answer to the https:// request, whose cookies the client keeps."""

    def __init__(self, upstream: str, client_address: str) -> None:
        super().__init__()
        self.upstream, self.client_address = upstream, client_address

    def send(self, request, **kwargs):
        forwarded = request.copy()
        forwarded.url = self.upstream + request.path_url
        forwarded.headers["Host"] = urlsplit(request.url).netloc
        forwarded.headers["X-Forwarded-Proto"] = "https"
        forwarded.headers["X-Forwarded-For"] = self.client_address
        response = super().send(forwarded, **kwargs)
        response.request, response.url = request, request.url
        return response


def authenticator_code(secret: str, period: int = 30) -> str:
    """The six digits an authenticator app shows for `secret` now (RFC 6238: HMAC-SHA1 of
    the 30-second counter). Near a period's end the next period is awaited, so that the
    code is still current when the server checks it."""
    remaining = period - time.time() % period
    if remaining < 3:
        time.sleep(remaining + 0.1)
    counter = int(time.time() // period).to_bytes(8, "big")
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def hidden_value(html: str, name: str) -> str:
    for match in HIDDEN.finditer(html):
        if match.group("name") == name:
            return match.group("value")
    return ""


def outcome(html: str) -> str:
    found = OUTCOME.search(html)
    return found.group(1) if found else html[:80]


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)

    def sign_in(self, email: str, totp_secret: str = "") -> None:
        if PLAN["proxy"]:
            number = next(ADDRESSES)
            address = f"198.51.{100 + number // 250}.{number % 250 + 1}"
            self.client.mount(self.host, Proxy(PLAN["proxy"]["upstream"], address))
            # As a browser does with a form's POST; Django's CSRF check compares it with
            # the site's https:// address.
            self.client.headers["Origin"] = self.host
        self.client.get("/accounts/login/", name="login page")
        response = self.client.post(
            "/accounts/login/",
            {"login": email, "password": PLAN["password"], "csrfmiddlewaretoken": self.csrf},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{email} could not sign in: {response.status_code}")
        if not totp_secret:
            return
        step = response.headers["Location"]
        self.client.get(step, name="authenticator code page")
        response = self.client.post(
            step,
            {"code": authenticator_code(totp_secret), "csrfmiddlewaretoken": self.csrf},
            name="authenticator code",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{email}'s code was refused: {response.status_code}")

    @property
    def csrf(self) -> str:
        cookies = self.client.cookies
        return cookies.get("__Host-csrftoken") or cookies.get("csrftoken", "")

    def htmx(self) -> dict:
        return {"HX-Request": "true", "X-CSRFToken": self.csrf}

    def page(self, url: str, name: str) -> None:
        """GET a page this user may open: anything but 200 (a redirect to sign in, a
        refusal) is a failure."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{name}: {response.status_code}")


class Nominator(SignedIn):
    """Starts a draft, autosaves it three times as the text grows, then submits it."""

    def on_start(self) -> None:
        self.sign_in(next(NOMINATORS))

    @task
    def write_and_submit(self) -> None:
        started = self.client.post(
            "/nominations/start/",
            {"cycle": PLAN["open_cycle"], "csrfmiddlewaretoken": self.csrf},
            name="start a nomination",
            allow_redirects=False,
        )
        edit = started.headers.get("Location", "")
        if started.status_code != 302 or not edit.endswith("/edit/"):
            return
        page = self.client.get(edit, name="nomination form")
        expected = hidden_value(page.text, "expected_saved_at")
        period = {"performance_start": PLAN["performance_start"]}
        period["performance_end"] = PLAN["performance_end"]
        for words in (40, 120, 240):
            data = NOMINATION_FIELDS | period | {"expected_saved_at": expected}
            data["summary"] = " ".join(["survivors"] * (words // 4))
            data["justification"] = " ".join(["partnership"] * words)
            with self.client.post(
                edit, data, headers=self.htmx(), name="autosave nomination", catch_response=True
            ) as response:
                if 'data-autosave-result="saved"' not in response.text:
                    response.failure(f"autosave not saved: {outcome(response.text)}")
                    return
                expected = hidden_value(response.text, "expected_saved_at")
        submit = edit.replace("/edit/", "/submit/")
        with self.client.post(
            submit,
            {"csrfmiddlewaretoken": self.csrf},
            name="submit nomination",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not response.headers.get("Location", "").endswith("/submitted/"):
                response.failure(f"not submitted: {response.status_code}")


class Panelist(SignedIn):
    """Opens an unscored nomination, autosaves two drafts, then submits the review.

    One user per planned panelist (fixed_count), so no two users score as one panelist:
    their autosaves would conflict as two tabs do.
    """

    fixed_count = len(PLAN["panelists"])

    def on_start(self) -> None:
        plan = next(PANELISTS)
        self.nominations = itertools.cycle(plan["nominations"])
        self.sign_in(plan["email"], plan["totp_secret"])

    @task
    def score(self) -> None:
        pk = next(self.nominations)
        url = f"/review/nominations/{pk}/"
        page = self.client.get(url, name="scoring page")
        criteria = CRITERION.findall(page.text)
        data = {
            "revision": hidden_value(page.text, "revision"),
            "page": hidden_value(page.text, "page"),
            "csrfmiddlewaretoken": self.csrf,
        }
        if "Submit changes" not in page.text:
            for step, text in enumerate(
                ("Strong partnerships.", "Strong partnerships, clear results.")
            ):
                data |= {"overall": str(3 + step), "strengths": text}
                data |= dict.fromkeys(criteria[: step + 2], "3")
                with self.client.post(
                    url, data, headers=self.htmx(), name="autosave review", catch_response=True
                ) as response:
                    if 'data-autosave-result="saved"' not in response.text:
                        response.failure(f"autosave not saved: {outcome(response.text)}")
                        return
                    data["revision"] = hidden_value(response.text, "revision")
        data |= dict.fromkeys(criteria, "2") | {"overall": "2", "submit": "submit"}
        data["weaknesses"] = "Little on sustainability."
        with self.client.post(
            url, data, name="submit review", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"review not submitted: {response.status_code}")


class Staff(SignedIn):
    """Opens the review cycle's results and its queue, first pages and second pages."""

    fixed_count = len(PLAN["staff"])

    def on_start(self) -> None:
        plan = next(STAFF)
        self.sign_in(plan["email"], plan["totp_secret"])

    @task
    def open_a_page(self) -> None:
        (name,) = random.choices(STAFF_PAGE_NAMES, weights=STAFF_PAGE_WEIGHTS)
        self.page(PLAN["staff_pages"][name], name)
