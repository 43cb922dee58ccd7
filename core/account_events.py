"""Account events in the audit log: signing in and out, failed sign-ins, MFA, passwords
and roles (docs/security.md, "Account events").

They happen in flows the project does not own: allauth's sign-in, MFA and password
pages, Django's sign-out, the Django admin's user form. Those flows' signals are the
one place every path passes through, so the receivers here write the events; they are
connected in `CoreConfig.ready`. (accounts, below core, cannot write audit events
itself.) Each event's object is the account concerned, so one account's history is one
query on the object; the actor is whoever was signed in, if anyone. The source address
comes from the request, as for every event. No receiver records a password, a code, a
token or what was typed into the sign-in form.
"""

from allauth.account import signals as account_signals
from allauth.account.authentication import get_authentication_records
from allauth.account.utils import filter_users_by_email
from allauth.core import context as allauth_context
from allauth.mfa import signals as mfa_signals
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed

from accounts.authentication import ended_by_site
from accounts.roles import roles_changer
from core.services.audit import audit_denied, audit_record


def connect() -> None:
    """Connect the receivers below to the signals of allauth, Django's auth and the
    users' role groups. Called once, from `CoreConfig.ready`."""
    receivers = [
        (account_signals.user_logged_in, record_sign_in, None),
        (auth_signals.user_login_failed, record_failed_password, None),
        (mfa_signals.authentication_failed, record_failed_code, None),
        (auth_signals.user_logged_out, record_sign_out, None),
        (mfa_signals.authenticator_added, record_mfa_added, None),
        (mfa_signals.authenticator_removed, record_mfa_removed, None),
        (account_signals.password_changed, record_password_changed, None),
        (account_signals.password_set, record_password_set, None),
        (account_signals.password_reset, record_password_reset, None),
        (m2m_changed, record_role_change, get_user_model().groups.through),
    ]
    for signal, receiver, sender in receivers:
        uid = f"core.account_events.{receiver.__name__}"
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


# -- signing in and out ---------------------------------------------------------------------


def record_sign_in(sender, request, user, **kwargs) -> None:
    """allauth's `user_logged_in` (its sign-in form and MFA step, the admin's sign-in, a
    panel invitation's sign-in, an identity provider's): `account.sign_in`, with the
    methods the person proved ("password", "socialaccount", "mfa") as allauth recorded
    them in the session, and the identity provider's id ("login-gov", "agency") when one
    vouched for them."""
    data = {"methods": _methods_proved(request, user)}
    providers = [
        record["provider"]
        for record in get_authentication_records(request, user)
        if isinstance(record, dict)
        and record.get("method") == "socialaccount"
        and isinstance(record.get("provider"), str)
    ]
    if providers:
        data["provider"] = providers[-1]
    audit_record(action="account.sign_in", actor=user, obj=user, data=data)


def record_failed_password(sender, credentials, request=None, **kwargs) -> None:
    """Django's `user_login_failed`: a wrong password (or an unknown address) at sign-in,
    or a wrong password when a signed-in user confirms theirs. One denied
    `account.sign_in` naming the account the address belongs to, if any; nothing of
    what was typed. `authenticate` called outside a request (a script) is not a sign-in
    attempt and records nothing."""
    if request is None:
        return
    signed_in = _signed_in(request)
    data = {"method": "password"}
    if signed_in is not None:
        data["reauthentication"] = True
    audit_denied(
        action="account.sign_in",
        actor=signed_in,
        obj=_account_with_address(credentials.get("email")),
        data=data,
    )


def record_failed_code(sender, request, user, authenticator, reauthentication=False, **kwargs):
    """allauth.mfa's `authentication_failed`: a wrong authenticator or recovery code
    after the right password (or when a signed-in user confirms a code). One denied
    `account.sign_in` on the account."""
    data = {"method": "mfa"}
    if reauthentication:
        data["reauthentication"] = True
    audit_denied(action="account.sign_in", actor=_signed_in(request), obj=user, data=data)


def record_sign_out(sender, request, user, **kwargs) -> None:
    """Django's `user_logged_out`: `account.sign_out` when the person signs out. A
    session the site ends itself (too old, or without the second factor it needed;
    `accounts.middleware`) is not recorded, like a session that simply expires."""
    if user is None or ended_by_site(request):
        return
    audit_record(action="account.sign_out", actor=user, obj=user)


# -- multi-factor authentication ----------------------------------------------------------


def record_mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    """allauth.mfa's `authenticator_added`: `account.mfa_add` with the authenticator's
    type ("totp", "webauthn", or "recovery_codes", which allauth makes alongside the
    first one)."""
    audit_record(
        action="account.mfa_add",
        actor=_signed_in(request),
        obj=user,
        data={"type": authenticator.type},
    )


def record_mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    """allauth.mfa's `authenticator_removed`: `account.mfa_remove` with the type (the
    recovery codes go with the last authenticator, as a second event)."""
    audit_record(
        action="account.mfa_remove",
        actor=_signed_in(request),
        obj=user,
        data={"type": authenticator.type},
    )


# -- passwords ------------------------------------------------------------------------------


def record_password_changed(sender, request, user, **kwargs) -> None:
    """allauth's `password_changed` (the signed-in user changed their password)."""
    audit_record(action="account.password_change", actor=_signed_in(request), obj=user)


def record_password_set(sender, request, user, **kwargs) -> None:
    """allauth's `password_set` (a signed-in user without a password chose one)."""
    audit_record(action="account.password_set", actor=_signed_in(request), obj=user)


def record_password_reset(sender, request, user, **kwargs) -> None:
    """allauth's `password_reset`: a new password chosen through an emailed link. Nobody
    is signed in then (the link proves the mailbox, not the person), so no actor."""
    audit_record(action="account.password_reset", actor=_signed_in(request), obj=user)


# -- roles --------------------------------------------------------------------------------


def record_role_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """`m2m_changed` of the users' groups, from either side: one `account.role_grant` or
    `account.role_remove` per user and role actually added or removed, with the role's
    name, in the transaction that changes it.

    Every path changes roles through this relation (the admin's user form, sign-up, a
    panel invitation, the demo, a shell), so none escapes. The actor is whoever the
    code named with `accounts.roles.roles_changed_by` (the admin user, the person signing
    up or accepting); a change made outside such a block (a command, the demo seeding)
    has no actor. Removals are recorded just before the rows go, while it is still known
    which of them exist.
    """
    if action == "post_add":
        pairs = _pairs(instance, reverse, pk_set)
        name = "account.role_grant"
    elif action in ("pre_remove", "pre_clear"):
        memberships = sender.objects.filter(**{"group_id" if reverse else "user_id": instance.pk})
        if action == "pre_remove":
            memberships = memberships.filter(
                **{"user_id__in" if reverse else "group_id__in": pk_set}
            )
        pairs = list(memberships.values_list("user_id", "group_id"))
        name = "account.role_remove"
    else:
        return
    if not pairs:
        return
    users = get_user_model().objects.in_bulk({user_id for user_id, _ in pairs})
    groups = Group.objects.in_bulk({group_id for _, group_id in pairs})
    actor = roles_changer()
    for user_id, group_id in sorted(pairs, key=lambda pair: (pair[0], groups[pair[1]].name)):
        audit_record(
            action=name,
            actor=actor,
            obj=users[user_id],
            data={"role": groups[group_id].name},
        )


# -- sessions -----------------------------------------------------------------------------


class AuditedUserSessionsAdapter(DefaultUserSessionsAdapter):
    """allauth.usersessions' adapter: ending sessions from the person's sessions page, or
    the others when they remove an authenticator (`accounts.sessions`), is one
    `account.sessions_end` per account with how many sessions ended."""

    def end_sessions(self, sessions) -> None:
        sessions = list(sessions)
        super().end_sessions(sessions)
        ended: dict[int, int] = {}
        for session in sessions:
            ended[session.user_id] = ended.get(session.user_id, 0) + 1
        owners = get_user_model().objects.in_bulk(list(ended))
        actor = _signed_in(allauth_context.request)
        for user_id, count in sorted(ended.items()):
            audit_record(
                action="account.sessions_end",
                actor=actor,
                obj=owners[user_id],
                data={"sessions": count},
            )


# -- internals ------------------------------------------------------------------------------


def _pairs(instance, reverse: bool, pk_set) -> list[tuple[int, int]]:
    """(user id, group id) for each id of `pk_set` changed on `instance`."""
    if reverse:
        return [(user_id, instance.pk) for user_id in pk_set or ()]
    return [(instance.pk, group_id) for group_id in pk_set or ()]


def _signed_in(request):
    """The user signed in on `request`, or None."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _account_with_address(email) -> object | None:
    """The one account the address typed at sign-in belongs to (any of its addresses,
    any case), or None: an unknown address records nothing of what was typed."""
    if not isinstance(email, str) or not email.strip():
        return None
    accounts = filter_users_by_email(email.strip())
    return accounts[0] if len(accounts) == 1 else None


def _methods_proved(request, user) -> list[str]:
    """The authentication methods of the session's records for `user`, each once, in
    the order proved: ["password"], ["password", "mfa"]."""
    methods: list[str] = []
    for record in get_authentication_records(request, user):
        method = record.get("method") if isinstance(record, dict) else None
        if isinstance(method, str) and method not in methods:
            methods.append(method)
    return methods
