"""core.scanning: the EICAR default, the command scanner, and the hook's reach:
every upload path (attachment, checklist evidence, endorser's letter) calls the
configured scanner with the file's bytes and cleaned name."""

import logging
import sys
import time

import pytest
from django.core.exceptions import ValidationError

from core import scanning
from core.scanning import (
    EICAR_NAME,
    EICAR_SIGNATURE,
    UNCHECKED,
    command_scan,
    eicar_scan,
    infected_message,
)
from tests.core import hostile_uploads
from tests.core.pdf_samples import upload, valid_pdf

# A stand-in for clamdscan: reads stdin, exits 1 (printing ClamAV's line) if it holds the
# EICAR signature, 0 otherwise.
STAND_IN = (
    "import sys; data = sys.stdin.buffer.read(); "
    "infected = b'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' in data; "
    "print('stream: Eicar-Test-Signature FOUND' if infected else 'stream: OK'); "
    "sys.exit(1 if infected else 0)"
)


def python_command(code: str) -> str:
    return f'"{sys.executable}" -c "{code}"'


def refusal(scanner, data: bytes, name: str = "letter.pdf") -> list[str]:
    with pytest.raises(ValidationError) as caught:
        scanner(data, name)
    return caught.value.messages


# -- the default: EICAR only --------------------------------------------------------------------


def test_eicar_scan_refuses_the_test_file():
    assert refusal(eicar_scan, EICAR_SIGNATURE) == [
        "This file was flagged by the virus scanner (EICAR-Test-Signature), so it was not "
        "accepted. Check the file with your own antivirus software, then upload a clean copy."
    ]


def test_eicar_scan_refuses_the_signature_inside_a_pdf():
    assert refusal(eicar_scan, hostile_uploads.pdf_with_eicar()) == [infected_message(EICAR_NAME)]


def test_eicar_scan_accepts_a_clean_pdf():
    assert eicar_scan(valid_pdf(), "letter.pdf") is None


# -- the command scanner ----------------------------------------------------------------------


def test_command_scan_clean_file_passes(settings):
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command(STAND_IN)

    assert command_scan(valid_pdf(), "letter.pdf") is None


def test_command_scan_infected_file_is_refused_with_the_signature(settings, caplog):
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command(STAND_IN)

    with caplog.at_level(logging.WARNING, logger="core.scanning"):
        messages = refusal(command_scan, hostile_uploads.pdf_with_eicar())

    assert messages == [infected_message("Eicar-Test-Signature")]
    assert caplog.messages == [
        "Upload 'letter.pdf' refused by the virus scanner: Eicar-Test-Signature"
    ]


def test_command_scan_infected_without_a_signature_line_is_refused(settings):
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command("import sys; sys.exit(1)")

    assert refusal(command_scan, valid_pdf()) == [
        "This file was flagged by the virus scanner, so it was not accepted. Check the file "
        "with your own antivirus software, then upload a clean copy."
    ]


@pytest.mark.parametrize(
    ("command", "logged"),
    [
        (
            python_command("import sys; sys.stderr.write('clamd is down'); sys.exit(2)"),
            "exited with 2: clamd is down",
        ),
        ("/nonexistent/clamdscan -", "could not run"),
        ("", "AWARDS_UPLOAD_SCAN_COMMAND is empty"),
    ],
    ids=["error-status", "missing-command", "no-command"],
)
def test_command_scan_failure_refuses_as_not_checked_and_logs(settings, caplog, command, logged):
    settings.AWARDS_UPLOAD_SCAN_COMMAND = command

    with caplog.at_level(logging.ERROR, logger="core.scanning"):
        messages = refusal(command_scan, valid_pdf())

    assert messages == [UNCHECKED]
    assert UNCHECKED == (
        "This file could not be checked for viruses just now, so it was not accepted. "
        "Try again later."
    )
    assert len(caplog.records) == 1
    assert logged in caplog.records[0].getMessage()


def test_command_scan_timeout_refuses_as_not_checked_and_logs(settings, monkeypatch, caplog):
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command("import time; time.sleep(5)")
    monkeypatch.setattr(scanning, "SCAN_TIMEOUT_SECONDS", 0.5)

    with caplog.at_level(logging.ERROR, logger="core.scanning"):
        messages = refusal(command_scan, valid_pdf())

    assert messages == [UNCHECKED]
    assert "ran past 0.5 seconds" in caplog.records[0].getMessage()


def test_command_scan_timeout_ends_the_commands_children_too(settings, monkeypatch, tmp_path):
    """A wrapper script's own child (a scanner it started) is ended with it."""
    marker = tmp_path / "still-running"
    child = tmp_path / "child.py"
    child.write_text(f"import time\ntime.sleep(1.5)\nopen({str(marker)!r}, 'w').write('x')\n")
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, {str(child)!r}])\n"
        "time.sleep(5)\n"
    )
    settings.AWARDS_UPLOAD_SCAN_COMMAND = f'"{sys.executable}" "{wrapper}"'
    monkeypatch.setattr(scanning, "SCAN_TIMEOUT_SECONDS", 0.5)

    messages = refusal(command_scan, valid_pdf())
    time.sleep(2)

    assert messages == [UNCHECKED]
    assert not marker.exists()


def test_command_scan_gets_the_bytes_on_stdin_and_never_the_name(settings, tmp_path):
    seen = tmp_path / "seen.bin"
    arguments = tmp_path / "argv.txt"
    code = (
        "import sys, pathlib; "
        f"pathlib.Path(r'{seen}').write_bytes(sys.stdin.buffer.read()); "
        f"pathlib.Path(r'{arguments}').write_text(repr(sys.argv))"
    )
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command(code)
    data = valid_pdf()

    command_scan(data, "$(touch pwned).pdf")

    assert seen.read_bytes() == data
    assert arguments.read_text() == "['-c']"


# -- the hook on every upload path --------------------------------------------------------------

scanned: list[tuple[bytes, str]] = []


def recording_scanner(data: bytes, name: str) -> None:
    scanned.append((data, name))


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("path", hostile_uploads.UPLOAD_PATHS)
def test_every_upload_path_calls_the_scanner_with_the_bytes_and_name(client, settings, path):
    settings.AWARDS_UPLOAD_SCANNER = f"{__name__}.recording_scanner"
    target = hostile_uploads.UPLOAD_PATHS[path](client)
    scanned.clear()
    data = valid_pdf("Scanned letter")

    response = target.post(client, upload(data, "Scanned letter.pdf"))

    assert response.status_code == 302
    assert scanned == [(data, "Scanned letter.pdf")]
    assert target.stored_rows() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("path", hostile_uploads.UPLOAD_PATHS)
def test_every_upload_path_refuses_what_the_scan_command_flags(client, settings, path):
    settings.AWARDS_UPLOAD_SCANNER = "core.scanning.command_scan"
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command(STAND_IN)
    target = hostile_uploads.UPLOAD_PATHS[path](client)

    response = target.post(client, upload(hostile_uploads.pdf_with_eicar(), "letter.pdf"))

    assert response.status_code == 200
    assert target.error_html(infected_message("Eicar-Test-Signature")) in response.content.decode()
    assert (target.stored_rows(), hostile_uploads.stored_files()) == (0, [])


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_upload_path_with_a_broken_scan_command_refuses_as_not_checked(client, settings):
    settings.AWARDS_UPLOAD_SCANNER = "core.scanning.command_scan"
    settings.AWARDS_UPLOAD_SCAN_COMMAND = python_command("import sys; sys.exit(2)")
    target = hostile_uploads.attachment_target(client)

    response = target.post(client, upload(valid_pdf(), "letter.pdf"))

    assert target.error_html(UNCHECKED) in response.content.decode()
    assert (target.stored_rows(), hostile_uploads.stored_files()) == (0, [])
