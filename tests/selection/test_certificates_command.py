"""`manage.py certificates`: one PDF per awarded recipient of a cycle."""

import hashlib
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from core.models import AuditEvent
from nominations.models import Certificate, Cycle
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


@pytest.fixture
def unissued():
    """An announced cycle whose two awarded recipients have no certificate yet."""
    staff = factories.award_staff()
    cycle = factories.cycle_in(
        "announced",
        award_year=2031,
        signatory_name="Antony J. Blinken",
        presentation_place="Washington, DC",
    )
    for _ in range(2):
        factories.citations_approved(factories.nomination_in("awarded", cycle=cycle), by=staff)
    return cycle


def test_seeded_2022_writes_each_recipients_issued_certificate(seeded, tmp_path):
    output = run("--cycle", "2022", "--out", str(tmp_path / "out"))

    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["PA-2022-0001-C1.pdf", "PA-2022-0002-C1.pdf"]
    for certificate in Certificate.objects.order_by("serial"):
        written = (tmp_path / "out" / f"{certificate.serial}.pdf").read_bytes()
        assert hashlib.sha256(written).hexdigest() == certificate.sha256
    first, second = (text_of(tmp_path / "out" / name) for name in files)
    assert f"Presented to {BLUE_DOT}" in first
    assert "for its innovative and holistic approach for the care and wellbeing" in first
    assert f"Presented to {CDM}" in second
    assert "Presented on behalf of the President of the United States" in second
    assert "Antony J. Blinken Secretary of State" in second
    assert "Washington, DC, February 13, 2023" in second
    assert "Serial number PA-2022-0002-C1" in second
    assert "(preview" not in output
    assert Certificate.objects.count() == 2


def test_recipients_without_a_certificate_get_a_watermarked_preview(unissued, tmp_path):
    output = run("--cycle", "2031", "--out", str(tmp_path))

    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        f"{n.reference}-preview.pdf" for n in unissued.nominations.order_by("sequence")
    ]
    assert "PREVIEW — NOT VALID" in text_of(tmp_path / files[0])
    assert output.count("(preview: no certificate issued)") == 2
    assert Certificate.objects.count() == 0


def test_issue_as_issues_the_missing_certificates_and_writes_the_stored_files(unissued, tmp_path):
    staff = factories.award_staff(email="issuer@example.org")
    events = AuditEvent.objects.filter(action="certificate.issue").count()

    run("--cycle", "2031", "--out", str(tmp_path), "--issue-as", staff.email)

    certificates = list(Certificate.objects.order_by("serial"))
    assert [c.serial for c in certificates] == [
        f"{n.reference}-C1" for n in unissued.nominations.order_by("sequence")
    ]
    for certificate in certificates:
        written = (tmp_path / f"{certificate.serial}.pdf").read_bytes()
        assert hashlib.sha256(written).hexdigest() == certificate.sha256
    assert AuditEvent.objects.filter(action="certificate.issue").count() == events + 2


def test_issued_certificates_are_written_byte_for_byte_and_not_reissued(seeded, tmp_path):
    issued = list(Certificate.objects.order_by("serial"))

    run("--cycle", "2022", "--out", str(tmp_path), "--issue-as", "staff@example.org")

    assert list(Certificate.objects.order_by("serial")) == issued
    for certificate in issued:
        written = (tmp_path / f"{certificate.serial}.pdf").read_bytes()
        assert hashlib.sha256(written).hexdigest() == certificate.sha256


def test_issue_as_someone_not_staff_writes_nothing_and_says_why(unissued, tmp_path):
    factories.nominator(email="someone@example.org")
    first = unissued.nominations.order_by("sequence").first()

    with pytest.raises(CommandError) as error:
        run("--cycle", "2031", "--out", str(tmp_path), "--issue-as", "someone@example.org")

    assert f"{first.reference}: Only award staff can issue certificates" in str(error.value)
    assert list(tmp_path.iterdir()) == []
    assert Certificate.objects.count() == 0


def test_cycle_without_awards_is_an_error(tmp_path):
    factories.cycle_in("selection", award_year=2031)

    with pytest.raises(CommandError, match="has no awarded recipients"):
        run("--cycle", "2031", "--out", str(tmp_path))


def test_unknown_year_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No cycle for 1999"):
        run("--cycle", "1999", "--out", str(tmp_path))
