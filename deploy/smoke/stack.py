"""Everything the smoke run brings up, and takes down again whatever happens.

On 127.0.0.1: a scratch PostgreSQL database and its two roles (deploy/db-roles.sh: the
owner migrates, the app connects as the app role), a Redis database number of its own,
moto's S3 server with one bucket, an SMTP sink, then the site migrated, collected and
checked in the production profile, two gunicorn app servers and the task worker. Each
thing started registers how to undo it; `Stack.cleanup` undoes them in reverse order and
is safe to call twice (the runner calls it from `finally`, which SIGTERM and Ctrl-C
reach, and from atexit).
"""

import json
import logging
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import boto3
import psycopg
import redis
from moto.server import ThreadedMotoServer
from processes import Process, free_port, run, wait_until_serving
from sink import MailSink

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
ADMIN_DATABASE_URL = os.environ.get(
    "SMOKE_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# The scratch Redis database numbers (10-15 are for scratch work on this machine).
REDIS_SCRATCH_DBS = range(15, 9, -1)
PUBLIC_HOST = "awards.example.test"
SITE_URL = f"https://{PUBLIC_HOST}"
BUCKET = "awards-smoke"
S3_REGION = "us-east-1"
S3_KEY = "smoke-access-key"
S3_SECRET = "smoke-secret-key"  # moto accepts any
# Settings the app reads from the environment: none may leak in from the caller's shell.
APP_SETTINGS = re.compile(
    r"^(DJANGO_ENV|SECRET_KEY|DEBUG|DATABASE_URL|CACHE_URL|ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS"
    r"|AWARDS_.*|EMAIL_.*|DEFAULT_FROM_EMAIL|TASKS_BACKEND|MEDIA_ROOT|FILE_STORAGE|AWS_.*"
    r"|LOG_FORMAT|LOG_LEVEL|TRUSTED_PROXY_COUNT|CLIENT_IP_HEADER|SECURE_SSL_REDIRECT"
    r"|MFA_.*|WEB_CONCURRENCY|GUNICORN_CMD_ARGS|DJANGO_SETTINGS_MODULE)$"
)
# The proxy's headers, for waiting on a server before the checks begin.
PROXIED = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}


class SetupFailed(Exception):
    pass


def database_url(base: str, *, dbname: str, user: str | None = None, password: str = "") -> str:
    parts = urlsplit(base)
    host = parts.hostname or "127.0.0.1"
    port = f":{parts.port}" if parts.port else ""
    if user is None:
        credentials = parts.netloc.rpartition("@")[0]
    else:
        credentials = f"{user}:{password}" if password else user
    netloc = f"{credentials}@{host}{port}" if credentials else f"{host}{port}"
    return urlunsplit((parts.scheme, netloc, f"/{dbname}", parts.query, ""))


class Stack:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.workdir = Path(tempfile.mkdtemp(prefix="awards-smoke-"))
        self.media_root = self.workdir / "media"
        self.media_root.mkdir()
        self.db_name = f"awards_smoke_{os.getpid()}_{secrets.token_hex(3)}"
        self.admin_url = database_url(ADMIN_DATABASE_URL, dbname=self.db_name)
        # Roles are the cluster's, not the database's: named after the run, dropped after it.
        suffix = self.db_name.removeprefix("awards_")
        self.owner_role, self.app_role = f"{suffix}_owner", f"{suffix}_app"
        self.owner_password = secrets.token_urlsafe(18)
        self.app_password = secrets.token_urlsafe(18)
        self.owner_url = database_url(
            ADMIN_DATABASE_URL,
            dbname=self.db_name,
            user=self.owner_role,
            password=self.owner_password,
        )
        self.app_url = database_url(
            ADMIN_DATABASE_URL, dbname=self.db_name, user=self.app_role, password=self.app_password
        )
        self.redis_db: int | None = None
        self.moto: ThreadedMotoServer | None = None
        self.moto_port = free_port()
        self.sink = MailSink(self.workdir / "mail", free_port())
        self.secret_key = secrets.token_urlsafe(50)
        self.signing_p12 = self.workdir / "signing.p12"
        self.signing_passphrase = secrets.token_urlsafe(18)
        self.processes: dict[str, Process] = {}
        self.servers: dict[str, str] = {}  # name -> http://127.0.0.1:PORT
        self.cycle: dict = {}
        self._undo: list[tuple[str, Callable[[], None]]] = []

    # -- taking it down ----------------------------------------------------------------

    def on_cleanup(self, what: str, undo: Callable[[], None]) -> None:
        self._undo.append((what, undo))

    def cleanup(self) -> None:
        while self._undo:
            what, undo = self._undo.pop()
            try:
                undo()
            except Exception as error:  # go on undoing the rest
                print(f"warning: could not {what}: {type(error).__name__}: {error}")

    # -- bringing it up ----------------------------------------------------------------

    def prepare(self) -> None:
        self._database()
        self._redis()
        self._object_storage()
        self._mail()
        self._site()

    def say(self, text: str) -> None:
        print(f"-- {text}", flush=True)

    def _database(self) -> None:
        self.say(f"PostgreSQL: scratch database {self.db_name}")
        with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        self.on_cleanup("drop the scratch database", self._drop_database)

    def _drop_database(self) -> None:
        with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def _redis(self) -> None:
        chosen = os.environ.get("SMOKE_REDIS_DB")
        candidates = [int(chosen)] if chosen else list(REDIS_SCRATCH_DBS)
        for number in candidates:
            client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
            if chosen or client.dbsize() == 0:
                break
        else:
            # All scratch numbers hold keys: take the last, as the brief allows flushing it.
            number = candidates[-1]
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        client.flushdb()
        self.redis_db = number
        self.on_cleanup("flush the Redis database", client.flushdb)
        self.say(f"Redis: database {number} at {REDIS_HOST}:{REDIS_PORT} (flushed)")

    def _object_storage(self) -> None:
        self.start_moto()
        self.on_cleanup("stop the S3 server", self.stop_moto)
        self.s3().create_bucket(Bucket=BUCKET)
        self.say(f"S3: moto at 127.0.0.1:{self.moto_port}, bucket {BUCKET}")

    def start_moto(self) -> None:
        # Its request log would interleave with the checks' lines.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
        self.moto.start()

    def stop_moto(self) -> None:
        if self.moto is not None:
            self.moto.stop()
            self.moto = None

    def s3(self):
        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.moto_port}",
            region_name=S3_REGION,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
        )

    def _mail(self) -> None:
        self.sink.start()
        self.on_cleanup("stop the SMTP sink", self.sink.stop)
        self.say(f"SMTP sink: 127.0.0.1:{self.sink.port}, messages in {self.sink.folder}")

    # -- the site --------------------------------------------------------------------------

    def env(self, **overrides: str) -> dict:
        """The production profile's environment for an app process."""
        env = {name: value for name, value in os.environ.items() if not APP_SETTINGS.match(name)}
        env |= {
            "DJANGO_ENV": "production",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.app_url,
            "CACHE_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{self.redis_db}",
            "ALLOWED_HOSTS": PUBLIC_HOST,
            "CSRF_TRUSTED_ORIGINS": SITE_URL,
            "AWARDS_SITE_URL": SITE_URL,
            "AWARDS_SIGNING_P12": str(self.signing_p12),
            "AWARDS_SIGNING_P12_PASSPHRASE": self.signing_passphrase,
            "SECURE_SSL_REDIRECT": "true",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.sink.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
            "TRUSTED_PROXY_COUNT": "1",
            "FILE_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.moto_port}",
            "AWS_S3_REGION_NAME": S3_REGION,
            "AWS_ACCESS_KEY_ID": S3_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET,
            # Set so that no file can land in the project's uploads/ unseen: step 3
            # looks here for files that should have gone to the bucket.
            "MEDIA_ROOT": str(self.media_root),
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
        return env | overrides

    def manage(self, *args: str, env: dict | None = None, timeout: float = 180) -> str:
        """Run `manage.py args` (as the app role unless `env` says otherwise)."""
        result = run([PYTHON, "manage.py", *args], env=env or self.env(), cwd=ROOT, timeout=timeout)
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip().splitlines()
            raise SetupFailed(
                f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                + "\n".join(output[-25:])
            )
        return result.stdout

    def _site(self) -> None:
        owner = self.env(DATABASE_URL=self.owner_url)
        self.install(
            "migrate (as the owner role)", lambda: self.manage("migrate", "--noinput", env=owner)
        )
        self.say("loaddata program past_recipients, and an open cycle")
        # As the owner: loaddata resets the tables' sequences (setval), which the app
        # role, with USAGE and SELECT on sequences, may not do.
        self.manage("loaddata", "program", "past_recipients", env=owner)
        self.cycle = json.loads(self.manage("shell", "-c", OPEN_CYCLE).strip().splitlines()[-1])
        self.start_web("A")
        self.start_web("B")
        self.start_worker()

    def install(self, what: str, create_schema: Callable[[], object]) -> None:
        """The site as a deployment installs it: the two roles (deploy/db-roles.sh), the
        schema made by `create_schema` (`what`, as the owner role), the roles' grants
        again, the static files collected, a signing key made, and `check --deploy` clean."""
        self.say(f"deploy/db-roles.sh: roles {self.owner_role} and {self.app_role}")
        self.on_cleanup("drop the scratch roles", self._drop_roles)
        self._run_db_roles()
        self.say(what)
        create_schema()
        self.say("deploy/db-roles.sh again, collectstatic, a self-signed signing key")
        self._run_db_roles()
        self.manage("collectstatic", "--noinput", env=self.env(DATABASE_URL=self.owner_url))
        # An agency configures the key its PKI issued; the run makes one of its own.
        self.manage("signing_identity", "--create-self-signed", str(self.signing_p12))
        self.say("check --deploy --fail-level WARNING")
        self.manage("check", "--deploy", "--fail-level", "WARNING")

    # -- database roles (deploy/db-roles.sh) -----------------------------------------------

    def _run_db_roles(self) -> None:
        """deploy/db-roles.sh as its header says: an administrator's URL and the two
        passwords from the environment, the database and role names as arguments."""
        env = self.env(
            DB_ADMIN_URL=ADMIN_DATABASE_URL,
            AWARDS_DB_OWNER_PASSWORD=self.owner_password,
            AWARDS_DB_APP_PASSWORD=self.app_password,
            AWARDS_PYTHON=PYTHON,
        )
        argv = ["bash", "deploy/db-roles.sh", "--database", self.db_name]
        argv += ["--owner", self.owner_role, "--app", self.app_role]
        result = run(argv, env=env, cwd=ROOT, timeout=120)
        if result.returncode != 0:
            raise SetupFailed(
                f"deploy/db-roles.sh exited {result.returncode}:\n{result.stdout}{result.stderr}"
            )

    def _drop_roles(self) -> None:
        # The database goes first (cleanup runs in reverse), so nothing is left to own.
        self._drop_database()
        with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
            for role in (self.app_role, self.owner_role):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')

    # -- processes ----------------------------------------------------------------------------

    def start_web(self, name: str, *, workers: int = 2, **env_overrides: str) -> str:
        """Start gunicorn app server `name`; returns its address once /healthz answers."""
        port = free_port()
        argv = [GUNICORN, "-c", "deploy/gunicorn.conf.py", "awards_site.wsgi"]
        argv += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        process = self.spawn(f"web-{name}", argv, env=self.env(**env_overrides))
        address = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(process, f"{address}/healthz", PROXIED)
        except RuntimeError as error:
            raise SetupFailed(str(error)) from error
        self.servers[name] = address
        self.say(f"app server {name}: {address} (pid {process.pid})")
        return address

    def start_worker(self) -> None:
        argv = [PYTHON, "manage.py", "run_worker", "--interval", "0.5", "--no-startup-delay"]
        process = self.spawn("worker", argv, env=self.env())
        time.sleep(1)
        if not process.alive():
            raise SetupFailed(f"the worker exited at once:\n{process.tail()}")
        self.say(f"worker: manage.py run_worker (pid {process.pid})")

    def spawn(self, name: str, argv: list[str], *, env: dict) -> Process:
        process = Process(name, argv, env=env, cwd=ROOT, log=self.workdir / f"{name}.log")
        self.processes[name] = process
        self.on_cleanup(f"stop {name}", process.stop)
        return process

    def stop_web(self, name: str) -> None:
        self.processes[f"web-{name}"].stop()
        self.servers.pop(name, None)

    # -- reading the state -----------------------------------------------------------------

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """Rows of `query` on the scratch database, as the superuser."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def make_nominator(self, email: str, password: str) -> None:
        """A nominator with a verified address and `password`, for when the sign-up step
        could not make one or could not confirm its address (safe to run either way)."""
        code = MAKE_NOMINATOR.format(email=json.dumps(email), password=json.dumps(password))
        self.manage("shell", "-c", code)


# An open cycle made the way seed_demo makes the demo's 2024 cycle (its rubric, checklist
# and window), opened through the service by a member of staff nobody can sign in as.
OPEN_CYCLE = """
import json
from django.contrib.auth.models import Group
from django.utils import timezone
from accounts.models import User
from accounts.roles import Role
from demo.seeding import PROGRAM_SLUG, demo_cycle
from nominations.models import AwardProgram
from nominations.services.cycle import cycle_open

staff = User.objects.create_user("smoke-staff@example.org", None, full_name="Smoke Staff")
staff.groups.add(Group.objects.get(name=Role.AWARD_STAFF))
program = AwardProgram.objects.get(slug=PROGRAM_SLUG)
cycle = demo_cycle(program, timezone.now().year + 1, opened_days_ago=1)
cycle_open(cycle=cycle, actor=staff)
print(json.dumps({
    "pk": cycle.pk,
    "performance_start": cycle.performance_start.isoformat(),
    "performance_end": cycle.performance_end.isoformat(),
}))
"""

MAKE_NOMINATOR = """
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from accounts.models import User
from accounts.roles import Role

user = User.objects.filter(email={email}).first()
if user is None:
    user = User.objects.create_user({email}, {password}, full_name="Smoke Nominator")
user.set_password({password})
user.save()
user.groups.add(Group.objects.get(name=Role.NOMINATOR))
EmailAddress.objects.update_or_create(
    user=user, email={email}, defaults={{"verified": True, "primary": True}}
)
"""
