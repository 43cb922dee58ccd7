"""The smoke run's checks, in order. Each takes the running `Stack`, returns a short note
for its "ok" line, and raises `Failed` (or anything else) with the reason it failed.

The steps share one nominator: step 2 signs them up, and the later steps make one
directly if sign-up failed, so that each step still says something of its own.
"""

import io
import json
import re
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import requests
from browser import Browser, location
from processes import free_port, run
from sink import body_text
from stack import ADMIN_DATABASE_URL, BUCKET, PUBLIC_HOST, ROOT, Stack

NOMINATOR_IP = "203.0.113.7"
# What a client may write into X-Forwarded-For itself, before the proxy appends the real
# address: the app must never record it.
SPOOFED_IP = "192.0.2.66"
# The twelve clients of the login-limit check.
CLIENTS_NET = "198.51.100."
MAIL_TIMEOUT = 30
TASKS_TABLE = "django_tasks_database_dbtaskresult"
AUDIT_TABLE = "nominations_auditevent"


class Failed(Exception):
    pass


@dataclass
class Problems:
    found: list[str] = field(default_factory=list)

    def check(self, condition: bool, problem: str) -> bool:
        if not condition:
            self.found.append(problem)
        return condition

    def raise_any(self) -> None:
        if self.found:
            raise Failed("; ".join(self.found))


@dataclass
class Nominator:
    email: str
    password: str
    browser: Browser | None = None  # signed in, once step 3 or 4 has done it


class Run:
    """Shared state between the steps."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        token = secrets.token_hex(4)
        self.nominator = Nominator(
            email=f"smoke-nominator-{token}@example.org",
            # Nothing in common with the address: Django's similarity check would refuse it.
            password=secrets.token_urlsafe(18),
        )
        self.signed_up = False

    @property
    def a(self) -> str:
        return self.stack.servers["A"]

    @property
    def b(self) -> str:
        return self.stack.servers["B"]

    def browser(self, client_ip: str = NOMINATOR_IP, spoofed_ip: str = SPOOFED_IP) -> Browser:
        return Browser(host=PUBLIC_HOST, client_ip=client_ip, spoofed_ip=spoofed_ip)

    def ensure_nominator(self) -> str:
        """The nominator exists and may sign in; says how it came to be if not by sign-up."""
        if self.signed_up:
            return ""
        self.stack.make_nominator(self.nominator.email, self.nominator.password)
        self.signed_up = True
        return "nominator made directly, as sign-up failed"

    def sign_in(self, server: str, browser: Browser) -> requests.Response:
        return browser.submit(
            server,
            "/accounts/login/",
            {"login": self.nominator.email, "password": self.nominator.password},
        )

    def db_now(self) -> datetime:
        return self.stack.sql("SELECT now()")[0][0]

    def tasks_since(self, since: datetime, timeout: float = 5) -> list[tuple[str, str]]:
        """(task path, status) of the tasks enqueued since `since`, waiting up to
        `timeout` seconds for them to finish."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.stack.sql(
                f"SELECT task_path, status FROM {TASKS_TABLE} WHERE enqueued_at >= %s",  # noqa: S608
                (since,),
            )
            done = all(status in ("SUCCESSFUL", "FAILED") for _, status in rows)
            if (rows and done) or time.monotonic() > deadline:
                return rows
            time.sleep(0.3)


def through_worker(run: Run, since: datetime, problems: Problems, what: str) -> str:
    """Checks that a task enqueued since `since` ran successfully: the mail went through
    the worker, not out of the request."""
    tasks = run.tasks_since(since)
    if not tasks:
        problems.check(False, f"{what} was sent by the request itself, not through the worker")
        return ""
    failed = [path for path, status in tasks if status != "SUCCESSFUL"]
    problems.check(not failed, f"tasks did not succeed: {', '.join(failed)}")
    return ", ".join(sorted({path.rsplit(".", 1)[-1] for path, _ in tasks}))


# -- 1 ----------------------------------------------------------------------------------------


def health_without_proxy(run: Run) -> str:
    """A load balancer calls /healthz and /readyz directly: its own Host (an address,
    not in ALLOWED_HOSTS), plain HTTP, no proxy headers."""
    problems = Problems()
    for name, server in run.stack.servers.items():
        for path in ("/healthz", "/readyz"):
            response = requests.get(server + path, timeout=30, allow_redirects=False)
            problems.check(
                response.status_code == 200,
                f"{name} {path} answered {response.status_code} {snippet(response)}",
            )
    problems.raise_any()
    return "A and B, Host 127.0.0.1:PORT, no X-Forwarded-* headers"


# -- 2 ----------------------------------------------------------------------------------------


def sign_up(run: Run) -> str:
    problems = Problems()
    nominator = run.nominator
    browser = run.browser()
    since = run.db_now()
    response = browser.submit(
        run.a,
        "/accounts/signup/",
        {
            "full_name": "Smoke Test Nominator",
            "email": nominator.email,
            "password1": nominator.password,
            "password2": nominator.password,
        },
    )
    if response.status_code not in (302, 303):
        raise Failed(f"sign-up on A answered {response.status_code} {errors_on(response)}")
    message = run.stack.sink.wait_for(
        to=nominator.email, contains="/accounts/confirm-email/", timeout=MAIL_TIMEOUT
    )
    if message is None:
        raise Failed(f"no confirmation e-mail reached the sink within {MAIL_TIMEOUT} s")
    tasks = through_worker(run, since, problems, "the confirmation e-mail")
    link = re.search(
        r"(https?://[^\s<>\"]+)(/accounts/confirm-email/[^\s<>\"/]+/)", body_text(message)
    )
    if link is None:
        raise Failed("the confirmation e-mail has no confirmation link")
    problems.check(
        link.group(1) == f"https://{PUBLIC_HOST}",
        f"the link points at {link.group(1)}, not the site's address",
    )
    # Confirm on the other app server, as a load balancer may send the click there.
    confirmed = browser.submit(run.b, link.group(2), {})
    problems.check(
        confirmed.status_code in (302, 303),
        f"confirming on B answered {confirmed.status_code} {snippet(confirmed)}",
    )
    verified = run.stack.sql(
        "SELECT verified FROM account_emailaddress WHERE email = %s", (nominator.email,)
    )
    if problems.check(verified == [(True,)], f"the address is not verified ({verified})"):
        run.signed_up = True
    problems.raise_any()
    return f"mail via the worker ({tasks}), confirmed on B"


# -- 3 ----------------------------------------------------------------------------------------


def nominate_with_attachment(run: Run) -> str:
    made = run.ensure_nominator()
    problems = Problems()
    browser = run.browser()
    signed_in = run.sign_in(run.a, browser)
    if signed_in.status_code not in (302, 303) or "/accounts/login" in location(signed_in):
        raise Failed(f"sign-in on A answered {signed_in.status_code} {errors_on(signed_in)}")
    run.nominator.browser = browser

    page, token = browser.form(run.a, "/my/nominations/")
    if page.status_code != 200 or not token:
        raise Failed(f"My nominations on A answered {page.status_code} {snippet(page)}")
    started = browser.post(
        run.a,
        "/nominations/start/",
        data={"csrfmiddlewaretoken": token, "cycle": run.stack.cycle["pk"]},
    )
    edit_path = location(started)
    match = re.fullmatch(r"/nominations/(\d+)/edit/", edit_path)
    if started.status_code != 302 or match is None:
        raise Failed(f"starting a nomination answered {started.status_code} → {edit_path!r}")
    pk = int(match.group(1))

    form, token = browser.form(run.a, edit_path)
    expected = re.search(r'name="expected_saved_at" value="([^"]*)"', form.text)
    saved = browser.post(
        run.a,
        edit_path,
        data={
            "csrfmiddlewaretoken": token,
            "expected_saved_at": expected.group(1) if expected else "",
            "review": "1",
            **nomination_fields(run.stack.cycle),
        },
    )
    if saved.status_code != 302 or location(saved) != f"/nominations/{pk}/review/":
        raise Failed(f"saving the form answered {saved.status_code} {errors_on(saved)}")

    pdf = small_pdf()
    uploaded = browser.post(
        run.a,
        f"/nominations/{pk}/attachments/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("smoke-evidence.pdf", pdf, "application/pdf")},
    )
    if uploaded.status_code != 302:
        raise Failed(f"the upload answered {uploaded.status_code} {errors_on(uploaded)}")
    submitted = browser.post(
        run.a, f"/nominations/{pk}/submit/", data={"csrfmiddlewaretoken": token}
    )
    problems.check(
        location(submitted) == f"/nominations/{pk}/submitted/",
        f"submit answered {submitted.status_code} → {location(submitted)!r}",
    )
    rows = run.stack.sql("SELECT state, reference FROM nominations_nomination WHERE id = %s", (pk,))
    if not problems.check(
        bool(rows) and rows[0][0] == "submitted", f"the nomination is {rows}, not submitted"
    ):
        problems.raise_any()
    reference = rows[0][1]
    # The worker mails the nominator a copy of the nomination as a PDF.
    receipt = run.stack.sink.wait_for(
        to=run.nominator.email, contains=f"Reference number: {reference}", timeout=MAIL_TIMEOUT
    )
    if problems.check(receipt is not None, f"no receipt for {reference} within {MAIL_TIMEOUT} s"):
        types = [part.get_content_type() for part in receipt.iter_attachments()]
        problems.check("application/pdf" in types, f"the receipt's attachments are {types}")

    documents = browser.get(run.a, f"/nominations/{pk}/documents/")
    link = re.search(rf'href="(/nominations/{pk}/files/\d+/)"', documents.text)
    if link is None:
        raise Failed(f"the documents page lists no attachment ({documents.status_code})")
    download = browser.get(run.b, link.group(1))
    problems.check(
        download.status_code == 200 and download.content == pdf,
        f"the download from B answered {download.status_code} with "
        f"{len(download.content)} bytes, not the {len(pdf)} uploaded",
    )
    problems.check(stored_in_bucket(run.stack, pdf), f"no object in bucket {BUCKET} holds the PDF")
    local = [str(path) for path in run.stack.media_root.rglob("*") if path.is_file()]
    problems.check(not local, f"files on local disk: {', '.join(local)}")
    problems.raise_any()
    return ", ".join(
        filter(
            None,
            [
                made,
                f"{reference} submitted on A, receipt mailed with its PDF copy; "
                "the attachment downloaded from B and in the bucket",
            ],
        )
    )


def nomination_fields(cycle: dict) -> dict:
    return {
        "nominator_name": "Sam Smoke",
        "nominator_title": "Program Analyst",
        "nominator_organization": "Department of Smoke Tests",
        "nominator_phone": "202-555-0199",
        "kind": "organization",
        "legal_name": "Smoke Test Survivor Network",
        "city": "Baltimore",
        "state_or_province": "MD",
        "country": "United States",
        "contact_name": "Ana Ruiz",
        "contact_email": "director@smoke-network.example.org",
        "performance_start": cycle["performance_start"],
        "performance_end": cycle["performance_end"],
        "criterion_sustained": "on",
        "p_protection": "on",
        "summary": "Built a survivor-led referral network that reached 400 people.",
        "justification": "Over the performance period the network trained 1,200 first "
        "responders and opened two shelters.",
        "suggested_citation": "for its survivor-led network that connects victims of human "
        "trafficking with housing, legal aid and work",
    }


def small_pdf() -> bytes:
    # reportlab is one of the app's own dependencies (its PDFs are made with it).
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=LETTER)
    page.drawString(72, 720, f"Smoke run evidence {secrets.token_hex(8)}")
    page.showPage()
    page.save()
    return buffer.getvalue()


def stored_in_bucket(stack: Stack, content: bytes) -> bool:
    s3 = stack.s3()
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        if s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read() == content:
            return True
    return False


# -- 4 ----------------------------------------------------------------------------------------


def client_addresses(run: Run) -> str:
    run.ensure_nominator()
    problems = Problems()
    rows = run.stack.sql(
        f"SELECT action, host(source_ip) FROM {AUDIT_TABLE} WHERE actor_email = %s",  # noqa: S608
        (run.nominator.email,),
    )
    addresses = {address for _, address in rows}
    if problems.check(bool(rows), "the nominator's actions wrote no audit rows"):
        problems.check(
            addresses == {NOMINATOR_IP},
            f"audit rows record {sorted(map(str, addresses))}, not the client's {NOMINATOR_IP}",
        )
    # Eleven clients behind the proxy each mistype once; the twelfth signs in.
    refused = []
    for number in range(1, 12):
        client = run.browser(client_ip=f"{CLIENTS_NET}{number}", spoofed_ip="")
        response = client.submit(
            run.a,
            "/accounts/login/",
            {"login": f"nobody-{number}@example.org", "password": "not the password"},
        )
        if response.status_code != 200:
            refused.append(f"{number}: {response.status_code}")
    problems.check(not refused, f"failed sign-ins answered other than 200: {', '.join(refused)}")
    twelfth = run.browser(client_ip=f"{CLIENTS_NET}12", spoofed_ip="")
    response = run.sign_in(run.a, twelfth)
    problems.check(
        response.status_code in (302, 303) and "/accounts/login" not in location(response),
        f"the 12th client, with the right password, got {response.status_code} "
        f"{too_many(response)}",
    )
    # Each attempt, failed or not, is an account.sign_in event from its own client.
    sign_ins = run.stack.sql(
        f"SELECT host(source_ip) FROM {AUDIT_TABLE} "  # noqa: S608
        "WHERE action = 'account.sign_in' AND host(source_ip) LIKE %s",
        (f"{CLIENTS_NET}%",),
    )
    recorded = {address for (address,) in sign_ins}
    expected = {f"{CLIENTS_NET}{number}" for number in range(1, 13)}
    problems.check(
        recorded == expected,
        f"sign-in audit events came from {len(recorded)} of the 12 client addresses",
    )
    problems.raise_any()
    return (
        f"{len(rows)} audit rows from {NOMINATOR_IP}; 11 failures, then the 12th signed in; "
        "12 sign-in events, one per client address"
    )


def too_many(response: requests.Response) -> str:
    if response.status_code == 429 or "too many" in response.text.lower():
        return "(rate-limited: every client counted as one address)"
    return snippet(response)


# -- 5 ----------------------------------------------------------------------------------------


def database_connections_dropped(run: Run) -> str:
    run.ensure_nominator()
    problems = Problems()
    browser = run.nominator.browser or run.browser()
    pages = ["/"] + (["/my/nominations/"] if run.nominator.browser else [])
    # Every gunicorn worker of both servers opens its connection before the kill.
    for server in (run.a, run.b):
        for _ in range(6):
            for path in pages:
                browser.get(server, path)
    killed = run.stack.sql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        (run.stack.db_name,),
    )[0][0]
    answers: dict[str, list[int]] = {}
    for name, server in (("A", run.a), ("B", run.b)):
        for _ in range(6):
            for path in pages:
                answers.setdefault(name, []).append(browser.get(server, path).status_code)
    for name, statuses in answers.items():
        problems.check(
            all(status == 200 for status in statuses),
            f"{name} answered {statuses} after the kill",
        )
    time.sleep(3)  # the worker polls every 0.5 s: it has met its dead connection by now
    worker = run.stack.processes["worker"]
    last_words = worker.tail(1).strip()
    problems.check(
        worker.alive(), f"the worker exited ({worker.popen.returncode}: {last_words[:160]})"
    )
    since = run.db_now()
    reset = run.browser().submit(run.a, "/accounts/password/reset/", {"email": run.nominator.email})
    problems.check(
        reset.status_code in (302, 303),
        f"the password reset request answered {reset.status_code} {snippet(reset)}",
    )
    message = run.stack.sink.wait_for(
        to=run.nominator.email, contains="/accounts/password/reset/key/", timeout=MAIL_TIMEOUT
    )
    if problems.check(message is not None, f"no password reset e-mail within {MAIL_TIMEOUT} s"):
        through_worker(run, since, problems, "the password reset e-mail")
    problems.raise_any()
    return f"{killed} connections killed; {sum(map(len, answers.values()))} requests answered 200"


# -- 6 and 7 ---------------------------------------------------------------------------------


def readiness(run: Run) -> str:
    problems = Problems()
    stack = run.stack
    before = requests.get(run.a + "/readyz", timeout=30)
    problems.check(before.status_code == 200, f"/readyz answered {before.status_code} at first")
    stack.stop_moto()
    try:
        down = requests.get(run.a + "/readyz", timeout=60)
        problems.check(
            down.status_code == 503 and "storage" in down.text,
            f"with S3 down, /readyz answered {down.status_code} {snippet(down)}",
        )
    finally:
        stack.start_moto()
    problems.check(
        eventually(lambda: requests.get(run.a + "/readyz", timeout=30).status_code == 200),
        "/readyz did not answer 200 again once S3 was back",
    )
    cache_down = redis_down_server(run)
    down = requests.get(cache_down + "/readyz", timeout=30)
    problems.check(
        down.status_code == 503 and "cache" in down.text,
        f"with Redis unreachable, /readyz answered {down.status_code} {snippet(down)}",
    )
    problems.raise_any()
    return "503 naming storage (S3 stopped), then 200; 503 naming cache (Redis unreachable)"


def redis_down_server(run: Run) -> str:
    """A third app server whose Redis address has nobody listening (started once)."""
    if "C" not in run.stack.servers:
        closed = free_port()
        run.stack.start_web("C", workers=1, CACHE_URL=f"redis://127.0.0.1:{closed}/0")
    return run.stack.servers["C"]


def sign_in_without_redis(run: Run) -> str:
    run.ensure_nominator()
    problems = Problems()
    server = redis_down_server(run)
    browser = run.browser()
    page, token = browser.form(server, "/accounts/login/")
    if page.status_code == 503:
        answer = page
    else:
        problems.check(page.status_code == 200, f"the sign-in page answered {page.status_code}")
        answer = browser.post(
            server,
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "login": run.nominator.email,
                "password": run.nominator.password,
            },
        )
    problems.check(
        answer.status_code == 503
        and "sign" in answer.text.lower()
        and "unavailable" in answer.text.lower(),
        f"sign-in answered {answer.status_code} {snippet(answer)}",
    )
    reset = browser.get(server, "/accounts/password/reset/")
    problems.check(reset.status_code != 500, "the password reset page answered 500")
    problems.raise_any()
    run.stack.stop_web("C")
    return "sign-in answered 503 saying so"


# -- 8 ----------------------------------------------------------------------------------------


def backup_and_restore(run: Run) -> str:
    """deploy/backup.sh DEST_DIR with the app's environment (it prints the backup's folder
    on its last line), then deploy/restore-drill.sh on that folder with DRILL_ADMIN_URL;
    both as their headers say."""
    stack = run.stack
    destination = stack.workdir / "backups"
    env = stack.env(AWARDS_PYTHON=sys.executable)
    backup = run_script(["deploy/backup.sh", str(destination)], env)
    script_failed(backup, "deploy/backup.sh")
    last_line = backup.stdout.strip().splitlines()[-1] if backup.stdout.strip() else ""
    folder = destination / Path(last_line).name
    if not last_line or not folder.is_dir():
        raise Failed(f"deploy/backup.sh named no backup folder (last line {last_line!r})")
    drill = run_script(
        ["deploy/restore-drill.sh", str(folder)], env | {"DRILL_ADMIN_URL": ADMIN_DATABASE_URL}
    )
    script_failed(drill, "deploy/restore-drill.sh")
    return f"{folder.name}: {', '.join(sorted(path.name for path in folder.iterdir()))}"


def run_script(argv: list[str], env: dict):
    return run(["bash", *argv], env=env, cwd=ROOT, timeout=240)


def script_failed(result, name: str) -> None:
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise Failed(f"{name} exited {result.returncode}:\n" + indent("\n".join(output[-15:])))


# -- 9 ----------------------------------------------------------------------------------------

PRIVILEGED = {
    "TRUNCATE": f"TRUNCATE {AUDIT_TABLE}",
    "UPDATE": f"UPDATE {AUDIT_TABLE} SET note = note",  # noqa: S608
    "DELETE": f"DELETE FROM {AUDIT_TABLE}",  # noqa: S608
    "ALTER TABLE": f"ALTER TABLE {AUDIT_TABLE} ADD COLUMN smoke_probe integer",
}


def least_privilege(run: Run) -> str:
    stack = run.stack
    problems = Problems()
    with psycopg.connect(stack.app_url) as conn:
        for what, statement in PRIVILEGED.items():
            try:
                conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                pass
            except psycopg.Error as error:
                problems.check(False, f"{what} refused, but not for want of privilege: {error}")
            else:
                problems.check(False, f"{what} of the audit table succeeded as the app role")
            conn.rollback()
    problems.raise_any()
    return f"as {stack.app_role}: " + ", ".join(PRIVILEGED) + " refused"


# -- 10 ---------------------------------------------------------------------------------------

LOG_FIELDS = ("time", "level", "logger", "message")
# gunicorn's own text format: "[2026-01-01 10:00:00 +0000] [1234] [INFO] Booting worker".
GUNICORN_TEXT_LINE = re.compile(r": \[\d{4}-\d\d-\d\d [^\]]+\] \[\d+\] \[[A-Z]+\] ")


def json_logs(run: Run) -> str:
    problems = Problems()
    request_id = f"smoke-{secrets.token_hex(8)}"
    browser = run.browser()
    browser.get(run.a, "/", headers={"X-Request-ID": request_id})
    time.sleep(1)
    lines = []
    for name in ("web-A", "web-B"):
        log = run.stack.processes[name].log
        lines += [(name, line) for line in log.read_text(errors="replace").splitlines() if line]
    if not problems.check(bool(lines), "the app servers wrote no log lines"):
        problems.raise_any()
    not_json, incomplete, not_utc, records = [], [], [], []
    for name, line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            not_json.append(f"{name}: {line[:90]}")
            continue
        records.append(record)
        missing = [key for key in LOG_FIELDS if record.get(key) in (None, "")]
        if missing:
            incomplete.append(f"{', '.join(missing)} missing in {line[:90]}")
        elif not is_utc(record["time"]):
            not_utc.append(str(record["time"]))
    gunicorns_own = [line for line in not_json if GUNICORN_TEXT_LINE.search(line)]
    problems.check(
        not not_json,
        f"{len(not_json)} of {len(lines)} lines are not JSON ({len(gunicorns_own)} of them "
        f"gunicorn's own messages), e.g. {not_json[:2]}",
    )
    problems.check(not incomplete, f"{len(incomplete)} lines lack fields, e.g. {incomplete[:1]}")
    problems.check(not not_utc, f"times not in UTC, e.g. {not_utc[:2]}")
    tagged = [record for record in records if record.get("request_id") == request_id]
    access = [
        record
        for record in tagged
        if "access" in str(record.get("logger"))
        and str(record.get("message", "")).startswith("GET / ")
        and record.get("status") == 200
    ]
    if problems.check(
        bool(access),
        f"no access-log line for GET / with request_id {request_id} "
        f"({len(tagged)} lines carry that id: {tagged[:2]})",
    ):
        client = access[0].get("client")
        problems.check(
            client == browser.client_ip,
            f"the access log names client {client!r}, not {browser.client_ip}",
        )
    problems.raise_any()
    return f"{len(lines)} JSON lines; access line for request_id {request_id}"


def is_utc(value) -> bool:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.utcoffset() == UTC.utcoffset(None)


# -- helpers ----------------------------------------------------------------------------------


def snippet(response: requests.Response) -> str:
    """A hint of what a page said: its title, or its first words."""
    title = re.search(r"<title>\s*(.*?)\s*</title>", response.text, re.S)
    text = title.group(1) if title else response.text[:120]
    return f"({' '.join(text.split())[:120]!r})" if text.strip() else ""


def errors_on(response: requests.Response) -> str:
    """The form's error messages (fields and alerts), or else a hint of the page."""
    errors = re.findall(
        r'class="(?:usa-error-message|usa-alert__text)"[^>]*>\s*(.*?)\s*</', response.text, re.S
    )
    errors = [" ".join(re.sub(r"<[^>]+>", " ", error).split()) for error in errors]
    return f"{snippet(response)} errors: {errors[:5]}" if errors else snippet(response)


def eventually(condition: Callable[[], bool], timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except requests.RequestException:
            pass
        time.sleep(0.5)
    return False


def indent(text: str) -> str:
    return "\n".join(f"     {line}" for line in text.splitlines())


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("1 /healthz and /readyz answer a load balancer directly", health_without_proxy),
    ("2 sign-up on A, confirmation mail through the worker, confirmed on B", sign_up),
    ("3 nomination with a PDF on A, downloaded from B, stored in S3", nominate_with_attachment),
    ("4 audit rows and login limits per real client address", client_addresses),
    (
        "5 database connections killed: no 500, worker alive, mail flows",
        database_connections_dropped,
    ),
    ("6 /readyz answers 503 naming an unreachable dependency", readiness),
    ("7 sign-in with Redis unreachable answers 503", sign_in_without_redis),
    ("8 backup and restore drill", backup_and_restore),
    ("9 the app role cannot truncate, update or delete the audit table", least_privilege),
    ("10 JSON log lines with a request id, and an access log", json_logs),
]
