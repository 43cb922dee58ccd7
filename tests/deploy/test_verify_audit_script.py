"""deploy/verify-audit.sh, run by awards-verify-audit.timer: the chain and the head
recorded last time, kept in a file outside the database."""

import pytest

from tests.deploy.conftest import (
    CUT_NEWEST_EVENT,
    DEPLOY,
    admin_connect,
    ok,
    run,
    tamper_with_audit,
)

pytestmark = pytest.mark.postgres

SCRIPT = DEPLOY / "verify-audit.sh"


def newest_hash(database: str) -> str:
    with admin_connect(database) as conn:
        return conn.execute(
            "SELECT hash FROM nominations_auditevent ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]


def test_verify_audit_script_needs_a_recorded_head_then_keeps_it_current(seeded_site, tmp_path):
    head_file = tmp_path / "audit" / "head"
    head_file.parent.mkdir()
    env = seeded_site.env()

    refused = run([SCRIPT, head_file], env=env)
    assert refused.returncode == 1
    assert "AUDIT CHECK FAILED: no recorded head" in refused.stderr
    assert not head_file.exists()

    ok(run([SCRIPT, "--init", head_file], env=env))
    assert head_file.read_text() == newest_hash(seeded_site.database) + "\n"

    again = ok(run([SCRIPT, head_file], env=env))
    assert "audit chain OK" in again.stdout


def test_verify_audit_script_fails_loudly_when_the_log_was_cut_back(seeded_site, tmp_path):
    head_file = tmp_path / "head"
    env = seeded_site.env()
    ok(run([SCRIPT, "--init", head_file], env=env))
    recorded = head_file.read_text()

    tamper_with_audit(seeded_site.database, CUT_NEWEST_EVENT)
    result = run([SCRIPT, head_file], env=env)

    assert result.returncode == 1
    assert "audit chain truncated" in result.stderr
    assert "AUDIT CHECK FAILED: verify_audit refused the log" in result.stderr
    assert head_file.read_text() == recorded
