"""What a PDF someone holds says about itself as a certificate: the words the public
verification page and `manage.py verify_certificate` give. Pure: no database.

A file is the issued certificate when its SHA-256 is the one stored at issue; its
signature says, besides, that it was signed by the office and is unchanged since. A file
whose signed part is an issued certificate but which has more after it was changed
after issue (an added note or form field): not the issued file. The verdict is good
(`ok`) only for the issued file of a valid certificate.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.formats import date_format

from core.pdf.signing import SignatureCheck
from nominations.states import CertificateStatus


class Verdict(StrEnum):
    ISSUED = "issued"  # the file as issued
    CHANGED = "changed"  # an issued certificate, changed after issue
    ALTERED = "altered"  # signed, but the signed bytes were changed
    OTHER_SIGNER = "other_signer"  # signed by someone else
    NOT_PUBLISHED = "not_published"  # signed by the office, but no published certificate
    UNSIGNED = "unsigned"  # no signature and no issued certificate's bytes
    NOT_A_CERTIFICATE = "not_a_certificate"  # the public's answer for the three above
    UNREADABLE = "unreadable"  # not a PDF that can be read


@dataclass(frozen=True)
class CertificateFacts:
    """What the record says of one issued certificate."""

    serial: str
    status: str
    recipient_name: str
    award_year: int
    program_name: str
    issued_on: date
    revoked_on: date | None = None
    superseded_by: str = ""


@dataclass(frozen=True)
class FileFinding:
    verdict: Verdict
    ok: bool
    headline: str
    details: list[str] = field(default_factory=list)
    certificate: CertificateFacts | None = None


def _day(value: date) -> str:
    return date_format(value, "F j, Y")


def _status_sentence(facts: CertificateFacts) -> tuple[bool, str]:
    if facts.status == CertificateStatus.VALID:
        return True, f"Certificate {facts.serial} is valid."
    if facts.status == CertificateStatus.SUPERSEDED:
        replaced = f" by certificate {facts.superseded_by}" if facts.superseded_by else ""
        return False, f"Certificate {facts.serial} was replaced{replaced} and is no longer valid."
    revoked = f" on {_day(facts.revoked_on)}" if facts.revoked_on else ""
    return False, f"Certificate {facts.serial} was revoked{revoked} and is no longer valid."


def _signature_sentence(signature: SignatureCheck) -> str:
    if not signature.signed:
        return (
            "It carries no digital signature: it was issued before this office signed its "
            "certificates. Its SHA-256 is the one recorded when it was issued."
        )
    if signature.valid:
        return f"Its digital signature is valid: signed by {signature.signer}, and unchanged since."
    if signature.intact:
        return (
            f"Its digital signature is sound, but made with a certificate ({signature.signer}) "
            "this office no longer lists; its SHA-256 is the one recorded when it was issued."
        )
    return "Its SHA-256 is the one recorded when it was issued."


NOT_A_CERTIFICATE = FileFinding(
    Verdict.NOT_A_CERTIFICATE,
    ok=False,
    headline="This file is not a certificate of an award announced here.",
    details=[
        "No certificate published here has this file's contents. Ask the recipient for the "
        "file as it was issued, or look the certificate up by its serial number."
    ],
)


def file_finding(
    *,
    signature: SignatureCheck | None,
    issued: CertificateFacts | None = None,
    changed_from: CertificateFacts | None = None,
    public: bool = True,
) -> FileFinding:
    """The verdict on a file. `signature` is None for a file that cannot be read as a
    PDF; `issued` is the certificate whose stored SHA-256 is the file's; `changed_from`
    the one whose stored SHA-256 is that of the file's signed part.

    For the `public`, a file that is no published certificate gets one answer whoever
    signed it: saying that the office signed it would vouch for any other document the
    office signs (the decision memo, before the announcement). Operators (the command)
    are told which case it is."""
    if signature is None:
        return FileFinding(
            Verdict.UNREADABLE,
            ok=False,
            headline="This file cannot be read as a PDF.",
            details=["Choose the certificate's PDF file as you received it."],
        )
    if issued is not None:
        ok, status = _status_sentence(issued)
        return FileFinding(
            Verdict.ISSUED,
            ok=ok,
            headline=f"This is certificate {issued.serial}, as issued.",
            details=[
                status,
                f"Issued to {issued.recipient_name} on {_day(issued.issued_on)}: "
                f"the {issued.award_year} {issued.program_name}.",
                _signature_sentence(signature),
            ],
            certificate=issued,
        )
    if changed_from is not None:
        return FileFinding(
            Verdict.CHANGED,
            ok=False,
            headline="This is not the issued file: it was changed after it was issued.",
            details=[
                f"Its signed part is certificate {changed_from.serial}, but content was "
                "added to the file after it was signed (a note, a form field or an edit).",
                "Ask the recipient for the file as it was issued.",
            ],
            certificate=changed_from,
        )
    if signature.signed and not signature.intact:
        return FileFinding(
            Verdict.ALTERED,
            ok=False,
            headline="This file has been altered.",
            details=[
                "It carries a digital signature that no longer matches its contents: "
                "something in it was changed after it was signed."
            ],
        )
    if public:
        return NOT_A_CERTIFICATE
    if signature.signed and not signature.trusted:
        return FileFinding(
            Verdict.OTHER_SIGNER,
            ok=False,
            headline="This file was not issued by this office.",
            details=[f"It is signed by {signature.signer}, not with this office's certificate."],
        )
    if signature.signed:
        return FileFinding(
            Verdict.NOT_PUBLISHED,
            ok=False,
            headline="This file is not an issued certificate.",
            details=[
                "It is signed by this office and unchanged, but no certificate was issued "
                "with its contents: it may be another document the office signs, such as "
                "the decision memo."
            ],
        )
    return FileFinding(
        Verdict.UNSIGNED,
        ok=False,
        headline="This file is not a certificate issued by this office.",
        details=["It carries no digital signature, and no issued certificate has its contents."],
    )
