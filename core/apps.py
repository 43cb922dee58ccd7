from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Platform: audit log, transitions, access, files"

    def ready(self) -> None:
        from django.core import checks

        from core import account_events
        from core.checks import check_pdf_fonts, check_signing_identity

        checks.register(check_pdf_fonts, deploy=True)
        checks.register(check_signing_identity, deploy=True)

        # Account events happen in allauth's, Django's and the admin's own flows; their
        # signals are where the audit log hears of them (core/account_events.py).
        account_events.connect()
