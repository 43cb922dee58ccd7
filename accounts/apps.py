from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.core import checks

        from accounts.checks import check_sign_in_protection

        checks.register(check_sign_in_protection, checks.Tags.security, deploy=True)
