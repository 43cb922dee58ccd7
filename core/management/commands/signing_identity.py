from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.pdf.signing import SigningUnavailable, create_self_signed_identity, signing_identity


class Command(BaseCommand):
    help = (
        "Show the key the certificates and the decision memo are signed with "
        "(AWARDS_SIGNING_P12): its certificate's subject, SHA-256 fingerprint and expiry. "
        "With --create-self-signed FILE, write a new self-signed one there instead, "
        "protected by AWARDS_SIGNING_P12_PASSPHRASE: for a test or staging site only; "
        "production signs with a certificate the agency's PKI issues (docs/operations.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--create-self-signed", metavar="FILE", default="")
        parser.add_argument(
            "--common-name",
            default="",
            help="The name the certificate gives (default: the site name, self-signed).",
        )

    def handle(self, *args, create_self_signed: str, common_name: str, **options) -> None:
        if create_self_signed:
            path = Path(create_self_signed)
            if path.exists():
                raise CommandError(f"{path} exists; choose another file.")
            passphrase = settings.AWARDS_SIGNING_P12_PASSPHRASE
            if not passphrase:
                raise CommandError("Set AWARDS_SIGNING_P12_PASSPHRASE to protect the key.")
            create_self_signed_identity(
                path,
                passphrase=passphrase,
                common_name=common_name or f"{settings.AWARDS_SITE_NAME} (self-signed)",
            )
            self.stdout.write(f"wrote {path}")
            return
        try:
            identity = signing_identity()
        except SigningUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"subject: {identity.subject}")
        self.stdout.write(f"sha256 fingerprint: {identity.fingerprint}")
        self.stdout.write(f"valid until: {identity.not_after.isoformat()}")
