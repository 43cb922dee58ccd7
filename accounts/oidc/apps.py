from django.apps import AppConfig


class OpenIDConnectSignInConfig(AppConfig):
    name = "accounts.oidc"
    label = "accounts_oidc"
    verbose_name = "Sign-in through identity providers"

    def ready(self) -> None:
        from django.core import checks

        from accounts.oidc.checks import check_agency_sign_in, check_identity_providers

        checks.register(check_identity_providers, checks.Tags.security, deploy=True)
        checks.register(check_agency_sign_in, checks.Tags.security, deploy=True)
