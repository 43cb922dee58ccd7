from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from accounts.authentication import record_enrolment, record_sign_in
        from accounts.checks import check_sign_in_protection
        from accounts.sessions import end_other_sessions_on_removal

        checks.register(check_sign_in_protection, checks.Tags.security, deploy=True)
        # Session bookkeeping for accounts.middleware, not business logic: when the
        # session began, and that enrolling an authenticator proved it.
        user_logged_in.connect(record_sign_in, dispatch_uid="accounts.record_sign_in")
        authenticator_added.connect(record_enrolment, dispatch_uid="accounts.record_enrolment")
        authenticator_removed.connect(
            end_other_sessions_on_removal, dispatch_uid="accounts.end_other_sessions"
        )
