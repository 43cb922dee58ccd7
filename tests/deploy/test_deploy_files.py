"""The deployment files under deploy/ point at things that exist, so they cannot rot: each
systemd unit's command is a manage.py command (with options it accepts), gunicorn with a
configuration that loads, or one of the deploy scripts; every variable of the
environment-file example is read by the settings, gunicorn's configuration or a script,
and every variable the settings read is in the example."""

import configparser
import json
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from tests.deploy.conftest import DEPLOY, REPO, SETTINGS_VARIABLES

UNITS = DEPLOY / "systemd"
INSTALLED_AT = "/srv/awards"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
ENV_EXAMPLE = DEPLOY / "awards.env.example"
SCRIPTS = sorted(DEPLOY.glob("*.sh"))
# Read by a library from the environment, not by our code: boto3's credentials.
READ_BY_LIBRARIES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(path.read_text())
    return parser


def services() -> list[Path]:
    return sorted(UNITS.glob("*.service"))


def example_variables() -> dict[str, str]:
    """The example's variables, set or commented out, with their example values."""
    found = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.fullmatch(r"#?([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def variables_read_by_deploy_files() -> set[str]:
    gunicorn = set(re.findall(r'"([A-Z][A-Z0-9_]+)"', GUNICORN_CONF.read_text()))
    scripts = {
        name
        for script in SCRIPTS
        for name in re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", script.read_text())
    }
    return gunicorn | scripts


def test_every_service_runs_as_awards_with_the_environment_file_and_a_sandbox():
    assert {path.name for path in services()} >= {"awards-web.service", "awards-worker.service"}
    for path in services():
        service = unit(path)["Service"]
        assert service["User"] == "awards", path.name
        assert service["EnvironmentFile"] == "/etc/awards/awards.env", path.name
        assert service["WorkingDirectory"] == INSTALLED_AT, path.name
        for key, value in {
            "NoNewPrivileges": "yes",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "CapabilityBoundingSet": "",
        }.items():
            assert service[key] == value, (path.name, key)


def test_web_and_worker_restart_always_and_write_only_media_root():
    media_root = example_variables()["MEDIA_ROOT"]
    for name in ("awards-web.service", "awards-worker.service"):
        parsed = unit(UNITS / name)
        assert parsed["Service"]["Restart"] == "always"
        assert parsed["Service"]["ReadWritePaths"] == media_root
        assert parsed["Install"]["WantedBy"] == "multi-user.target"
    # The scheduled announcement issues certificates, so it writes there too.
    assert unit(UNITS / "awards-announce.service")["Service"]["ReadWritePaths"] == media_root


def test_each_timer_starts_a_oneshot_service_and_each_oneshot_has_a_timer():
    timers = sorted(UNITS.glob("*.timer"))
    oneshots = {path.stem for path in services() if unit(path)["Service"]["Type"] == "oneshot"}
    assert {path.stem for path in timers} == oneshots
    assert oneshots == {
        "awards-announce",
        "awards-overdue",
        "awards-reminders",
        "awards-retention",
        "awards-prune-tasks",
        "awards-clearsessions",
        "awards-verify-audit",
        "awards-backup",
    }
    for path in timers:
        timer = unit(path)
        assert timer["Timer"]["OnCalendar"], path.name
        assert timer["Install"]["WantedBy"] == "timers.target"


def exec_start(path: Path) -> list[str]:
    return shlex.split(unit(path)["Service"]["ExecStart"])


@pytest.mark.parametrize("path", services(), ids=lambda path: path.name)
def test_each_unit_runs_something_that_exists(path, settings):
    # As in production, where prune_db_task_results checks its backend is the database's.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    argv = exec_start(path)
    program = argv[0]
    assert program.startswith(f"{INSTALLED_AT}/"), program
    local = REPO / program.removeprefix(f"{INSTALLED_AT}/")
    if program.endswith("/.venv/bin/python"):
        assert argv[1] == "manage.py"
        name, options = argv[2], argv[3:]
        commands = get_commands()
        assert name in commands, f"{path.name}: no manage.py command {name!r}"
        # The options parse as the command defines them.
        command = load_command_class(commands[name], name)
        command.create_parser("manage.py", name).parse_args(options)
    elif program.endswith("/.venv/bin/gunicorn"):
        assert argv[1:] == ["-c", "deploy/gunicorn.conf.py", "awards_site.wsgi"]
        assert (REPO / argv[2]).is_file()
    else:
        assert local.parent == DEPLOY, program
        assert local.is_file() and os.access(local, os.X_OK), program


def test_the_verify_and_backup_timers_use_the_scripts_with_their_folders():
    verify = unit(UNITS / "awards-verify-audit.service")["Service"]
    assert exec_start(UNITS / "awards-verify-audit.service")[1] == "/var/lib/awards/audit/head"
    assert verify["StateDirectory"] == "awards/audit"
    backup = unit(UNITS / "awards-backup.service")["Service"]
    assert exec_start(UNITS / "awards-backup.service")[1:] == [backup["ReadWritePaths"]]


def gunicorn_settings(**env: str) -> dict:
    saved = dict(os.environ)
    try:
        for key in list(os.environ):
            if key.startswith("GUNICORN_") or key in {"FORWARDED_ALLOW_IPS", "PROXY_ALLOW_IPS"}:
                del os.environ[key]
        os.environ.update(env)
        return runpy.run_path(str(GUNICORN_CONF))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_configuration_reads_the_environment_and_keeps_the_access_log_off():
    defaults = gunicorn_settings()
    assert defaults["bind"] == ["127.0.0.1:8000"]
    assert defaults["accesslog"] is None
    assert defaults["errorlog"] == "-"
    assert defaults["proxy_protocol"] == "off"
    assert 1 <= defaults["workers"] <= 8

    chosen = gunicorn_settings(
        GUNICORN_BIND="unix:/run/awards/gunicorn.sock",
        GUNICORN_WORKERS="3",
        GUNICORN_TIMEOUT="90",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        FORWARDED_ALLOW_IPS="10.0.0.5",
        GUNICORN_PROXY_PROTOCOL="v2",
        PROXY_ALLOW_IPS="10.0.0.6",
    )
    assert (chosen["bind"], chosen["workers"], chosen["timeout"]) == (
        ["unix:/run/awards/gunicorn.sock"],
        3,
        90,
    )
    assert chosen["graceful_timeout"] == 20
    assert (chosen["forwarded_allow_ips"], chosen["proxy_protocol"], chosen["proxy_allow_ips"]) == (
        "10.0.0.5",
        "v2",
        "10.0.0.6",
    )


GUNICORN_LOG_LINE = """
import json, logging.config, runpy
config = runpy.run_path("deploy/gunicorn.conf.py")
logging.config.dictConfig(config["logconfig_dict"])
logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 42)
"""


def test_gunicorn_writes_its_own_lines_as_json_in_production():
    env = {**os.environ, "DJANGO_ENV": "production", "LOG_FORMAT": ""}

    result = subprocess.run(
        [sys.executable, "-c", GUNICORN_LOG_LINE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr)
    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"]) == (
        "INFO",
        "gunicorn.error",
        "Booting worker with pid: 42",
        "-",
    )
    assert entry["time"].endswith("+00:00")


def test_gunicorn_accepts_its_configuration():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(GUNICORN_CONF),
            "--check-config",
            "awards_site.wsgi",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_example_variable_is_read_by_the_site_gunicorn_or_a_script():
    unread = set(example_variables()) - (
        SETTINGS_VARIABLES | variables_read_by_deploy_files() | READ_BY_LIBRARIES
    )
    assert unread == set()


def test_every_variable_the_settings_read_is_in_the_example():
    assert SETTINGS_VARIABLES - set(example_variables()) == set()


def test_the_proxy_takes_a_little_more_than_the_largest_upload():
    largest_upload = int(example_variables()["AWARDS_MAX_UPLOAD_BYTES"])
    nginx = (DEPLOY / "nginx" / "awards.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert largest_upload < megabytes * 1024 * 1024 <= largest_upload + 4 * 1024 * 1024
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert f"proxy_set_header {header} " in nginx
    assert "location = /healthz" in nginx and "location = /readyz" in nginx


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_each_script_is_executable_bash_that_parses(script):
    assert os.access(script, os.X_OK)
    assert script.read_text().startswith("#!/usr/bin/env bash\n")
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
