"""The people page: every account, searchable by name or address and by role, and one
person's account with what staff act on (roles, second factors, sessions, invitations)
and its history in the audit log."""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from accounts.authentication import authenticator_types
from accounts.roles import Role
from core.models import AuditEvent
from core.paging import page_context, showing

PAGE_SIZE = 50
HISTORY_SIZE = 30
# How each second factor is named on the pages.
FACTOR_NAMES = {
    Authenticator.Type.WEBAUTHN: "Security key",
    Authenticator.Type.TOTP: "Authenticator app",
    Authenticator.Type.RECOVERY_CODES: "Recovery codes",
}


def people_page(*, query: str, role: str, number) -> dict:
    """Page `number` of the accounts whose name or address contains `query` and that
    have `role` (any role when empty), by address; each with its roles and second
    factors read in one query apiece for the page."""
    people = get_user_model().objects.order_by("email")
    query = " ".join(query.split())
    if query:
        people = people.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    if role in {r.value for r in Role}:
        people = people.filter(groups__name=role)
    people = people.prefetch_related(
        "groups",
        Prefetch("authenticator_set", queryset=Authenticator.objects.only("type", "user_id")),
    )
    context = page_context(people, size=PAGE_SIZE, number=number)
    context["showing"] = showing(context["page"], noun="account")
    for person in context["rows"]:
        person.role_list = sorted(group.name for group in person.groups.all())
        person.factor_list = named_factors(
            {authenticator.type for authenticator in person.authenticator_set.all()}
        )
    return context


def person_sessions(person) -> list[UserSession]:
    """The person's listed sessions, the most recently used first."""
    return list(UserSession.objects.filter(user_id=person.pk).order_by("-last_seen_at", "-pk"))


def person_factors(person) -> list[str]:
    """The names of the person's second factors, security keys first."""
    return named_factors(authenticator_types(person))


def person_identity_providers(person) -> list[str]:
    """The identity providers the person signs in through ("login-gov", "agency"), as
    their accounts there are connected here."""
    return sorted(SocialAccount.objects.filter(user=person).values_list("provider", flat=True))


def person_history(person) -> list[AuditEvent]:
    """The latest events on the account (sign-ins, roles, factors, sessions), newest
    first."""
    return list(
        AuditEvent.objects.filter(
            object_type=person._meta.label_lower, object_id=str(person.pk)
        ).order_by("-created_at", "-pk")[:HISTORY_SIZE]
    )


def named_factors(types) -> list[str]:
    """The names of the second factors of `types`, security keys first."""
    return [name for kind, name in FACTOR_NAMES.items() if kind in types]
