"""requirements-prod.lock, what a server installs: every runtime dependency, no test tool,
and the same versions as the development lock the test suite ran against."""

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", re.MULTILINE)
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-playwright",
    "playwright",
    "factory-boy",
    "faker",
    "hypothesis",
    "ruff",
    "moto",
    "aiosmtpd",
    "flask",
    "locust",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, str]:
    text = (REPO / lock).read_text()
    return {canonical(name): version for name, version in PINNED.findall(text)}


def test_the_production_lock_holds_no_test_tool():
    production = pins("requirements-prod.lock")

    assert {"django", "gunicorn", "django-storages", "boto3"} <= production.keys()
    assert sorted(TEST_TOOLS & production.keys()) == []
    assert TEST_TOOLS - {"locust"} <= pins("requirements.lock").keys()  # the guard sees them


def test_the_production_lock_holds_every_runtime_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = {
        canonical(re.split(r"[\[<>=!~ ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]
    }

    assert sorted(names - pins("requirements-prod.lock").keys()) == []


def test_the_production_lock_pins_what_the_tests_ran_against():
    production, development = pins("requirements-prod.lock"), pins("requirements.lock")

    assert {
        name: (version, development.get(name))
        for name, version in production.items()
        if development.get(name) != version
    } == {}
