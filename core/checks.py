"""Deployment checks (`manage.py check --deploy`) for what the generated PDFs need.

Registered in CoreConfig.ready().
"""

import datetime as dt

from django.core import checks
from django.utils import timezone

from core.pdf.fonts import font_file_problems
from core.pdf.signing import SigningUnavailable, signing_identity


def check_pdf_fonts(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every USWDS face the certificate embeds and every configured fallback font is a
    TrueType file reportlab can read; else no certificate can be issued."""
    return [
        checks.Error(
            f"A font the PDFs embed is unusable: {problem}.",
            hint="Run `make static` in the release folder (it copies USWDS's fonts into "
            "static_build/), or correct AWARDS_PDF_FONT_DIR or AWARDS_PDF_FALLBACK_FONTS.",
            id="awards.E001",
        )
        for problem in font_file_problems()
    ]


# Time enough to have the agency's PKI issue a new signing certificate.
SIGNING_RENEWAL_DAYS = 60


def check_signing_identity(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The key the certificates and the decision memo are signed with opens, and its
    certificate is valid for a while yet; else no certificate can be issued."""
    try:
        identity = signing_identity()
    except SigningUnavailable as error:
        return [
            checks.Error(
                f"The PDFs cannot be signed: {error}",
                hint="Set AWARDS_SIGNING_P12 to the agency's PKCS#12 file and "
                "AWARDS_SIGNING_P12_PASSPHRASE to its passphrase (docs/operations.md).",
                id="awards.E002",
            )
        ]
    left = identity.not_after - timezone.now()
    if left <= dt.timedelta(days=SIGNING_RENEWAL_DAYS):
        ended = "has expired" if left.total_seconds() <= 0 else "expires"
        return [
            checks.Warning(
                f"The signing certificate ({identity.subject}) {ended} on "
                f"{identity.not_after:%Y-%m-%d}.",
                hint="Have a new one issued, configure it, and list the old certificate in "
                "AWARDS_SIGNING_EARLIER_CERTIFICATES (docs/operations.md).",
                id="awards.W003",
            )
        ]
    return []
