"""The load test's users: nominators writing and submitting, panelists scoring.

Run by bench/load.py (headless, against gunicorn on 127.0.0.1); BENCH_LOAD_USERS names
the JSON file it prepared: the password, the open cycle, the nominators' emails and each
panelist's unscored nominations. Every user signs in through the real login form and
sends the CSRF token as the pages do (a form field, or the X-CSRFToken header for htmx).
A response that is not what the page would get counts as a failure.
"""

import itertools
import json
import os
import re
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_USERS"]).read_text())
NOMINATORS = itertools.cycle(PLAN["nominators"])
PANELISTS = itertools.cycle(PLAN["panelists"])
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

    def sign_in(self, email: str) -> None:
        self.client.get("/accounts/login/", name="login page")
        response = self.client.post(
            "/accounts/login/",
            {"login": email, "password": PLAN["password"], "csrfmiddlewaretoken": self.csrf},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{email} could not sign in: {response.status_code}")

    @property
    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def htmx(self) -> dict:
        return {"HX-Request": "true", "X-CSRFToken": self.csrf}


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
        self.sign_in(plan["email"])

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
