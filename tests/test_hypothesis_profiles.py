"""The Hypothesis profiles of tests/conftest.py, and no test timing its examples."""

import ast
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.conftest import hypothesis_profile

TESTS = Path(__file__).parent


def test_the_ci_profile_is_derandomized_untimed_and_prints_the_failing_example():
    ci = settings.get_profile("ci")

    assert (ci.derandomize, ci.database, ci.deadline, ci.print_blob) == (True, None, None, True)
    assert HealthCheck.too_slow in ci.suppress_health_check


def test_the_dev_profile_keeps_failing_examples_under_dot_hypothesis():
    dev = settings.get_profile("dev")

    assert (dev.derandomize, dev.deadline, dev.print_blob) == (False, None, True)
    assert dev.database.path == TESTS.parent / ".hypothesis" / "examples"


def test_the_mutation_profile_is_ci_s_examples_unshrunk():
    mutation = settings.get_profile("mutation")

    assert (mutation.derandomize, mutation.database, mutation.deadline) == (True, None, None)
    assert mutation.phases == (Phase.explicit, Phase.reuse, Phase.generate)


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        ({}, "dev"),
        ({"CI": "true"}, "ci"),
        ({"CI": "TRUE"}, "ci"),
        ({"CI": "false"}, "dev"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ],
)
def test_the_ci_profile_runs_exactly_when_ci_is_set_unless_one_is_named(environ, profile):
    assert hypothesis_profile(environ) == profile


def test_the_loaded_profile_is_the_one_the_environment_names():
    assert settings.get_current_profile_name() == hypothesis_profile(os.environ)


def test_no_hypothesis_settings_in_the_tests_sets_a_deadline():
    """A deadline on a shared 2-core machine fails examples that were merely slow to be
    scheduled; the profiles have none, and no test may bring one back."""
    timed = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                path.name != "conftest.py"  # the profiles themselves
                and isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "settings"
                and any(keyword.arg == "deadline" for keyword in node.keywords)
            ):
                timed.append(f"{path.relative_to(TESTS)}:{node.lineno}")

    assert timed == []
