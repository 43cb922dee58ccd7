"""Virus scanners for the upload hook. AWARDS_UPLOAD_SCANNER names one of them, or any
callable `(data: bytes, name: str) -> None` that raises ValidationError to refuse a file.

- `eicar_scan`, the default: refuses only the EICAR anti-virus test signature, so an
  operator can check that the hook is wired by uploading the EICAR test file. It is not
  a virus scanner.
- `command_scan`: runs the command in AWARDS_UPLOAD_SCAN_COMMAND (for example
  `clamdscan --no-summary --stdout -`) with the file's bytes on its standard input.
  Exit status 0 means clean and 1 infected (ClamAV's convention); anything else, a
  command that cannot start or one that runs past SCAN_TIMEOUT_SECONDS means the file
  could not be checked: it is refused as well, and the error logged.

The file's name is only logged, never passed to the command, so it cannot inject
arguments.
"""

import logging
import os
import re
import shlex
import signal
import subprocess

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

# The 68-byte test file of the European Institute for Computer Antivirus Research, which
# every scanner reports as a virus (under names like "Eicar-Test-Signature").
EICAR_SIGNATURE = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_NAME = "EICAR-Test-Signature"
SCAN_TIMEOUT_SECONDS = 30

INFECTED = (
    "This file was flagged by the virus scanner ({signature}), so it was not accepted. "
    "Check the file with your own antivirus software, then upload a clean copy."
)
INFECTED_UNNAMED = (
    "This file was flagged by the virus scanner, so it was not accepted. Check the file "
    "with your own antivirus software, then upload a clean copy."
)
UNCHECKED = (
    "This file could not be checked for viruses just now, so it was not accepted. Try again later."
)

# What clamdscan prints for an infected stream: "stream: Win.Test.EICAR_HDB-1 FOUND".
FOUND = re.compile(r":\s*([A-Za-z0-9._:/-]{1,100}) FOUND\b")


def infected_message(signature: str = "") -> str:
    return INFECTED.format(signature=signature) if signature else INFECTED_UNNAMED


def eicar_scan(data: bytes, name: str) -> None:
    """The default scanner: refuses a file that holds the EICAR test signature anywhere
    (alone, or inside an otherwise valid PDF), accepts every other file."""
    if EICAR_SIGNATURE in data:
        logger.warning("Upload %r refused: %s", name, EICAR_NAME)
        raise ValidationError(infected_message(EICAR_NAME), code="infected")


def command_scan(data: bytes, name: str) -> None:
    """Run AWARDS_UPLOAD_SCAN_COMMAND with `data` on standard input.

    Exit 0: clean. Exit 1: infected, refused with the signature the command printed (if
    it printed one in ClamAV's "<what>: <signature> FOUND" form). Anything else, no
    command configured, a command that cannot start, or a timeout: refused as not
    checked, and logged as an error for the operator.
    """
    command = shlex.split(getattr(settings, "AWARDS_UPLOAD_SCAN_COMMAND", "") or "")
    if not command:
        logger.error("Upload %r not scanned: AWARDS_UPLOAD_SCAN_COMMAND is empty", name)
        raise ValidationError(UNCHECKED, code="scan_failed")
    try:
        # The command is the operator's setting; the upload only reaches its stdin. Its own
        # process group, so a timeout ends a wrapper script's children too.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        logger.error("Upload %r not scanned: %s could not run: %s", name, command[0], error)
        raise ValidationError(UNCHECKED, code="scan_failed") from error
    try:
        stdout, stderr = process.communicate(input=data, timeout=SCAN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        logger.error(
            "Upload %r not scanned: %s ran past %s seconds", name, command[0], SCAN_TIMEOUT_SECONDS
        )
        raise ValidationError(UNCHECKED, code="scan_failed") from None
    output = stdout.decode("utf-8", "replace")
    if process.returncode == 0:
        return
    if process.returncode == 1:
        found = FOUND.search(output)
        signature = found.group(1) if found else ""
        logger.warning(
            "Upload %r refused by the virus scanner: %s", name, signature or output.strip()[:500]
        )
        raise ValidationError(infected_message(signature), code="infected")
    logger.error(
        "Upload %r not scanned: %s exited with %s: %s",
        name,
        command[0],
        process.returncode,
        (stderr.decode("utf-8", "replace") or output).strip()[:500],
    )
    raise ValidationError(UNCHECKED, code="scan_failed")
