"""deploy/backup.sh and deploy/restore-drill.sh on a seeded site: the backup holds the
dump, the files and the audit head with their checksums; the drill restores it into a new
database that serves, and fails on a changed dump or a tampered audit log."""

import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.deploy.conftest import (
    CUT_NEWEST_EVENT,
    DEPLOY,
    REPO,
    REWRITE_AN_EVENT,
    admin_connect,
    db_roles,
    drop_database,
    ok,
    run,
    script_env,
    server_url,
    tamper_with_audit,
    unique_name,
)

pytestmark = pytest.mark.postgres

PARTS = {"SHA256SUMS", "audit-head", "database.dump", "files.tar.gz"}


@pytest.fixture
def backup(seeded_site, roles, tmp_path) -> Path:
    """A backup of the seeded site, taken as the app role, as awards-backup.service does."""
    ok(db_roles(seeded_site, roles))
    env = seeded_site.env(roles.url(roles.app, seeded_site.database))
    result = ok(run([DEPLOY / "backup.sh", tmp_path / "backups"], env=env))
    return Path(result.stdout.splitlines()[-1])


def drill(backup_dir: Path, *options: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run the drill (with no DATABASE_URL of its own: it must make its database); return
    its result and its process id, which names its database."""
    env = script_env(DRILL_ADMIN_URL=server_url("postgres"))
    process = subprocess.Popen(
        [str(DEPLOY / "restore-drill.sh"), *options, str(backup_dir)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate(timeout=600)
    return subprocess.CompletedProcess(
        process.args, process.returncode, stdout, stderr
    ), process.pid


def drill_databases(pid: int) -> list[str]:
    with admin_connect() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"awards_drill_%_{pid}"]
        ).fetchall()
    return [row[0] for row in rows]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sums(backup_dir: Path) -> None:
    """What someone able to replace a backup file could also do: checksums to match."""
    lines = [
        f"{sha256(backup_dir / name)}  {name}\n"
        for name in ("audit-head", "database.dump", "files.tar.gz")
    ]
    (backup_dir / "SHA256SUMS").write_text("".join(lines))


def newest_hash(database: str) -> str:
    with admin_connect(database) as conn:
        return conn.execute(
            "SELECT hash FROM nominations_auditevent ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]


def test_backup_holds_the_dump_the_files_and_the_audit_head_with_their_sums(backup, seeded_site):
    assert {path.name for path in backup.iterdir()} == PARTS
    assert backup.stat().st_mode & 0o777 == 0o700
    sums = dict(
        reversed(line.split("  ")) for line in (backup / "SHA256SUMS").read_text().splitlines()
    )
    assert sums == {name: sha256(backup / name) for name in PARTS - {"SHA256SUMS"}}
    assert (backup / "audit-head").read_text() == newest_hash(seeded_site.database) + "\n"
    stored = sorted(
        str(path.relative_to(seeded_site.media))
        for path in seeded_site.media.rglob("*")
        if path.is_file()
    )
    with tarfile.open(backup / "files.tar.gz") as tar:
        assert sorted(tar.getnames()) == stored
        for name in stored:
            assert tar.extractfile(name).read() == (seeded_site.media / name).read_bytes()
    assert stored  # seed_demo issued certificates


def test_restore_drill_passes_on_a_fresh_backup_and_drops_its_database(backup):
    result, pid = drill(backup)

    assert result.returncode == 0, result.stderr
    for check in (
        "ok: checksums of 3 files",
        "ok: database restored into awards_drill_",
        "ok: files restored into ",
        "ok: migrate --check and check",
        "ok: audit chain verified up to the recorded head "
        + (backup / "audit-head").read_text().strip(),
        "GET /readyz -> 200",
        "GET / -> 200",
        "ok: gunicorn on the restored database: /readyz and / answer 200",
        f"restore drill passed: {backup}",
    ):
        assert check in result.stdout
    assert drill_databases(pid) == []


def test_restore_drill_keeps_its_database_when_told(backup):
    result, pid = drill(backup, "--keep")
    try:
        assert result.returncode == 0, result.stderr
        kept = drill_databases(pid)
        assert len(kept) == 1
        assert f"kept: database {kept[0]}" in result.stdout
    finally:
        for name in drill_databases(pid):
            drop_database(name)


def test_restore_drill_fails_when_the_dump_was_changed(backup):
    dump = bytearray((backup / "database.dump").read_bytes())
    dump[len(dump) // 2] ^= 0xFF
    (backup / "database.dump").write_bytes(bytes(dump))

    result, pid = drill(backup)

    assert result.returncode == 1
    assert "FAILED: checksums do not match SHA256SUMS" in result.stderr
    assert "ok: database restored" not in result.stdout
    assert drill_databases(pid) == []


@pytest.mark.parametrize(
    ("tampering", "reported"),
    [
        (REWRITE_AN_EVENT, "audit chain broken at event #"),
        (CUT_NEWEST_EVENT, "audit chain truncated: the recorded head"),
    ],
    ids=["an event rewritten", "the newest event cut"],
)
def test_restore_drill_fails_on_a_dump_with_a_tampered_audit_log(backup, tampering, reported):
    # The dump is replaced by one of the same database with its audit log changed, and
    # the checksums are made to match: only the audit chain and the head can tell.
    scratch = unique_name("awards_deploy_tamper")
    env = script_env(ADMIN_URL=server_url("postgres"))
    pgurl = [sys.executable, DEPLOY / "pgurl.py", "ADMIN_URL"]
    ok(run([*pgurl, "--", "createdb", scratch], env=env))
    try:
        restore = [*pgurl, "--dbname", scratch, "--", "pg_restore", "--no-owner", "--no-acl"]
        ok(
            run(
                [*restore, "--exit-on-error", "--dbname", scratch, backup / "database.dump"],
                env=env,
            )
        )
        tamper_with_audit(scratch, tampering)
        dump = [*pgurl, "--dbname", scratch, "--", "pg_dump", "--format=custom"]
        ok(run([*dump, "--file", backup / "database.dump"], env=env))
    finally:
        drop_database(scratch)
    write_sums(backup)

    result, pid = drill(backup)

    assert result.returncode == 1
    assert reported in result.stderr
    assert "FAILED: verify_audit" in result.stderr
    assert "ok: checksums of 3 files" in result.stdout
    assert "GET /readyz" not in result.stdout
    assert drill_databases(pid) == []


def test_backup_of_a_broken_audit_chain_is_written_but_fails(seeded_site, roles, tmp_path):
    ok(db_roles(seeded_site, roles))
    tamper_with_audit(seeded_site.database, REWRITE_AN_EVENT)
    env = seeded_site.env(roles.url(roles.app, seeded_site.database))

    result = run([DEPLOY / "backup.sh", tmp_path / "backups"], env=env)

    assert result.returncode == 1
    assert "BACKUP WRITTEN BUT THE AUDIT CHAIN DID NOT VERIFY" in result.stderr
    (written,) = (tmp_path / "backups").iterdir()
    assert written.name.endswith("-AUDIT-FAILED")
    assert {path.name for path in written.iterdir()} == PARTS | {"audit-failure.txt"}
    assert (written / "audit-head").read_text() == ""
    assert "audit chain broken at event #" in (written / "audit-failure.txt").read_text()
