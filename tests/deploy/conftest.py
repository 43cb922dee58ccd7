"""Scratch PostgreSQL databases and roles for the deployment scripts' tests.

The scripts run as the operator runs them: subprocesses, with their environment, against
databases created here on the server the suite runs on (its DATABASE_URL's, whose role
must be a superuser, as in CI) and dropped afterwards, with every role created here.
"""

import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SETTINGS_SOURCE = (REPO / "awards_site" / "settings.py").read_text()
SETTINGS_VARIABLES = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z0-9_]+)"', SETTINGS_SOURCE))
# What the scripts find through the environment of the test run itself otherwise.
FOREIGN_VARIABLES = {"DATABASE_URL", "DB_ADMIN_URL", "DRILL_ADMIN_URL", "BACKUP_KEEP_DAYS"}


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def server_url(dbname: str, *, user: str = "", password: str = "") -> str:
    """A postgres:// URL to the suite's server, as its own role or as `user`."""
    db = settings.DATABASES["default"]
    user = user or db.get("USER") or "postgres"
    password = password if user != db.get("USER") else db.get("PASSWORD") or ""
    credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(dbname, safe='')}"


def admin_connect(dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(server_url(dbname), autocommit=True)


def script_env(**overrides: str) -> dict[str, str]:
    """The test run's environment without anything that configures the site or libpq,
    in the development profile, plus `overrides`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SETTINGS_VARIABLES | FOREIGN_VARIABLES
        and not key.startswith(("DJANGO_", "PG"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "awards_site.settings"
    env["AWARDS_PYTHON"] = sys.executable
    env.update(overrides)
    return env


def run(args: list[str | Path], *, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env=env)


def drop_database(name: str) -> None:
    with admin_connect() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@dataclass
class Roles:
    owner: str
    app: str
    owner_password: str
    app_password: str

    def url(self, role: str, dbname: str) -> str:
        password = self.owner_password if role == self.owner else self.app_password
        return server_url(dbname, user=role, password=password)


@dataclass
class Site:
    """A scratch database and its MEDIA_ROOT."""

    database: str
    media: Path

    def env(self, database_url: str = "", **overrides: str) -> dict[str, str]:
        return script_env(
            DATABASE_URL=database_url or server_url(self.database),
            MEDIA_ROOT=str(self.media),
            **overrides,
        )


@pytest.fixture
def roles():
    """Names and passwords for an owner and an app role; both dropped afterwards (after
    the databases of `empty_site` and `seeded_site`, which depend on this fixture)."""
    made = Roles(
        owner=unique_name("awards_owner_t"),
        app=unique_name("awards_app_t"),
        owner_password=uuid.uuid4().hex,
        app_password=uuid.uuid4().hex,
    )
    yield made
    with admin_connect() as conn:
        for role in (made.app, made.owner):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """A database migrated and filled by seed_demo (users, cycles, nominations, reviews,
    certificate files, ~120 audit events), copied by each test that needs one."""
    name = unique_name("awards_deploy_tpl")
    media = tmp_path_factory.mktemp("template-media")
    with admin_connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        env = script_env(DATABASE_URL=server_url(name), MEDIA_ROOT=str(media))
        ok(manage("migrate", "--noinput", "-v", "0", env=env))
        ok(manage("seed_demo", env=env))
        yield Site(database=name, media=media)
    finally:
        drop_database(name)


@pytest.fixture
def seeded_site(roles, seeded_template, tmp_path):
    """A copy of the seeded template (owned, like every object in it, by the suite's
    superuser, as a database that one role migrated and ran), with its own files."""
    name = unique_name("awards_deploy")
    with admin_connect() as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(seeded_template.database)
            )
        )
    media = tmp_path / "media"
    shutil.copytree(seeded_template.media, media)
    yield Site(database=name, media=media)
    drop_database(name)


@pytest.fixture
def empty_site(roles, tmp_path):
    name = unique_name("awards_deploy")
    with admin_connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    media = tmp_path / "media"
    media.mkdir()
    yield Site(database=name, media=media)
    drop_database(name)


def db_roles(site: Site, roles: Roles, *, admin_url: str = "", passwords: bool = True):
    env = script_env(DB_ADMIN_URL=admin_url or server_url("postgres"))
    if passwords:
        env |= {
            "AWARDS_DB_OWNER_PASSWORD": roles.owner_password,
            "AWARDS_DB_APP_PASSWORD": roles.app_password,
        }
    return run(
        [
            DEPLOY / "db-roles.sh",
            "--database",
            site.database,
            "--owner",
            roles.owner,
            "--app",
            roles.app,
        ],
        env=env,
    )


# Changes to the audit log that only the table's owner could make, trigger disabled.
CUT_NEWEST_EVENT = (
    "DELETE FROM nominations_auditevent WHERE id = (SELECT max(id) FROM nominations_auditevent)"
)
REWRITE_AN_EVENT = (
    "UPDATE nominations_auditevent SET note = 'rewritten' "
    "WHERE id = (SELECT min(id) + 3 FROM nominations_auditevent)"
)


def tamper_with_audit(database: str, statement: str) -> None:
    with admin_connect(database) as conn:
        conn.execute("ALTER TABLE nominations_auditevent DISABLE TRIGGER USER")
        conn.execute(statement)
        conn.execute("ALTER TABLE nominations_auditevent ENABLE TRIGGER USER")
