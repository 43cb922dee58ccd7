from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.review_cycle import OTHER_PANELISTS
from demo.seeding import DEMO_PASSWORD, seed_demo

QUIET_MAILER = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Load the program, past recipients and a demo data set (safe to run again)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates demo users with a known password; "
                "it does not run with DJANGO_ENV=production."
            )
        # The demo nominations go through the real services, which email the nominator;
        # those demo messages are not worth printing or sending.
        with override_settings(MAILERS={"default": {"BACKEND": QUIET_MAILER}}):
            logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, role in logins.items():
            self.stdout.write(f"  {role:<20} {email}")
        others = ", ".join(email for email, _ in OTHER_PANELISTS)
        self.stdout.write(f"The 2023 panel's other panelists (same password): {others}")
        if settings.AWARDS_REQUIRE_MFA and settings.AWARDS_REQUIRE_SECURITY_KEY:
            self.stdout.write(
                "MFA is required: the panelist login is asked to enrol an authenticator "
                "app at first sign-in, the staff and official logins a security key or "
                "passkey."
            )
        elif settings.AWARDS_REQUIRE_MFA:
            self.stdout.write(
                "MFA is required: staff, panelist and official logins are "
                "asked to enrol an authenticator app at first sign-in."
            )
