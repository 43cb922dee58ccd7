"""`manage.py certificates`: one PDF per awarded recipient of a cycle."""

import hashlib
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from accounts.models import User
from nominations.models import AuditEvent, Certificate, Cycle
from nominations.services.certificates import certificate_issue
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

BLUE_DOT = "Mercy Medical Center\u2019s Blue Dot Human Trafficking Initiative"
CDM = "Centro de los Derechos del Migrante, Inc."


def text_of(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(reader.pages[0].extract_text().split())


def run(*args) -> str:
    out = StringIO()
    call_command("certificates", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())
    return Cycle.objects.get(award_year=2022)


def test_seeded_2022_writes_one_preview_per_recipient(seeded, tmp_path):
    output = run("--cycle", "2022", "--out", str(tmp_path / "out"))

    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["PA-2022-0001-preview.pdf", "PA-2022-0002-preview.pdf"]
    first, second = (text_of(tmp_path / "out" / name) for name in files)
    assert f"Presented to {BLUE_DOT}" in first
    assert "for its innovative and holistic approach for the care and wellbeing" in first
    assert f"Presented to {CDM}" in second
    assert "by Antony J. Blinken, Secretary of State" in second
    assert "Washington, DC, February 13, 2023" in second
    assert "Preview: not an issued certificate" in second
    assert output.count("(preview: no certificate issued)") == 2
    assert Certificate.objects.count() == 0


def test_seeded_2022_with_issue_as_issues_and_writes_the_stored_files(seeded, tmp_path):
    events = AuditEvent.objects.filter(action="certificate.issue").count()

    run("--cycle", "2022", "--out", str(tmp_path), "--issue-as", "staff@example.org")

    certificates = list(Certificate.objects.order_by("serial"))
    assert [c.serial for c in certificates] == ["PA-2022-0001-C1", "PA-2022-0002-C1"]
    for certificate in certificates:
        written = (tmp_path / f"{certificate.serial}.pdf").read_bytes()
        assert hashlib.sha256(written).hexdigest() == certificate.sha256
    assert "Serial number PA-2022-0002-C1" in text_of(tmp_path / "PA-2022-0002-C1.pdf")
    assert AuditEvent.objects.filter(action="certificate.issue").count() == events + 2


def test_issued_certificates_are_written_byte_for_byte_and_not_reissued(seeded, tmp_path):
    staff = User.objects.get(email="staff@example.org")
    issued = [
        certificate_issue(nomination=nomination, actor=staff)
        for nomination in seeded.nominations.order_by("sequence")
    ]

    run("--cycle", "2022", "--out", str(tmp_path), "--issue-as", "staff@example.org")

    assert Certificate.objects.count() == 2
    for certificate in issued:
        written = (tmp_path / f"{certificate.serial}.pdf").read_bytes()
        assert hashlib.sha256(written).hexdigest() == certificate.sha256


def test_issue_as_someone_not_staff_writes_nothing_and_says_why(seeded, tmp_path):
    factories.nominator(email="someone@example.org")

    with pytest.raises(CommandError) as error:
        run("--cycle", "2022", "--out", str(tmp_path), "--issue-as", "someone@example.org")

    assert "PA-2022-0001: Only award staff can issue certificates" in str(error.value)
    assert list(tmp_path.iterdir()) == []
    assert Certificate.objects.count() == 0


def test_cycle_without_awards_is_an_error(tmp_path):
    factories.cycle_in("selection", award_year=2031)

    with pytest.raises(CommandError, match="has no awarded recipients"):
        run("--cycle", "2031", "--out", str(tmp_path))


def test_unknown_year_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No cycle for 1999"):
        run("--cycle", "1999", "--out", str(tmp_path))
