"""Enumerating the project's URL patterns, requesting them, and classifying the answers."""

import functools
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from core.models import AuditEvent
from nominations.models import (
    Attachment,
    Certificate,
    ChecklistItem,
    ChecklistResult,
    Citation,
    Cycle,
    DuplicateCase,
    EndorsementRequest,
    Nomination,
    OutboxMessage,
    RubricCriterion,
    SelectionDecision,
    SlateEntry,
)
from people.models import RoleInvitation
from reviews.models import (
    Assignment,
    Comment,
    Conflict,
    Panel,
    PanelInvitation,
    PanelMember,
    Review,
)
from tests.awards_site.authorization_paths import path_for

ALLOWED = "allowed"
LOGIN = "login"
MFA = "mfa"
DENIED = "denied"
NOT_FOUND = "not_found"
NOT_ALLOWED = "405"
GONE = "gone"

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
MFA_PATHS = ("/accounts/2fa/totp/activate/", "/accounts/2fa/authenticate/")

# Function views (the admin's) that take POST; class-based views say so themselves.
POST_FUNCTION_VIEWS = frozenset(
    {
        "admin:login",
        "admin:logout",
        "admin:password_change",
        "admin:auth_user_password_change",
    }
)
POST_ADMIN_SUFFIXES = ("_changelist", "_add", "_change", "_delete")

# What a refused request must leave as it was.
GUARDED_MODELS = (
    User,
    Group,
    EmailAddress,
    Authenticator,
    Cycle,
    RubricCriterion,
    ChecklistItem,
    Nomination,
    Attachment,
    EndorsementRequest,
    ChecklistResult,
    DuplicateCase,
    Citation,
    Certificate,
    SlateEntry,
    SelectionDecision,
    OutboxMessage,
    Panel,
    PanelMember,
    PanelInvitation,
    Assignment,
    Conflict,
    Review,
    Comment,
    RoleInvitation,
)


@dataclass(frozen=True)
class Pattern:
    key: str
    route: str
    callback: object

    @property
    def accepts_post(self) -> bool:
        view_class = getattr(self.callback, "view_class", None)
        if view_class is not None:
            return "post" in view_class.http_method_names and hasattr(view_class, "post")
        return self.key in POST_FUNCTION_VIEWS or (
            self.key.startswith("admin:") and self.key.endswith(POST_ADMIN_SUFFIXES)
        )


def url_patterns() -> list[Pattern]:
    """Every pattern of the project, keyed by namespaced name (route when unnamed)."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name
                key = (f"{namespace}:{name}" if namespace else name) if name else route
                found.append(Pattern(key=key, route=route, callback=pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return ALLOWED
    if 300 <= status < 400:
        location = response["Location"]
        if location.startswith(LOGIN_PATHS):
            return LOGIN
        if location.startswith(MFA_PATHS):
            return MFA
        return ALLOWED
    return {403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED, 410: GONE}.get(status, f"{status}")


def state_fingerprint() -> list:
    """Every row of the guarded models. The SQL is compiled once: this runs hundreds of
    times, and compiling two dozen querysets each time would double the matrix's time."""
    with connection.cursor() as cursor:
        rows = []
        for sql, params in _fingerprint_queries():
            cursor.execute(sql, params)
            rows.append(cursor.fetchall())
    return rows


@functools.cache
def _fingerprint_queries() -> tuple:
    return tuple(
        model.objects.order_by("pk").values_list().query.sql_with_params()
        for model in GUARDED_MODELS
    )


@dataclass
class Answer:
    key: str
    path: str
    actor: str
    method: str
    expected: str
    got: str
    denied_events: list  # (actor id, action) of the denied events the request wrote
    state_changed: bool = False


def run_matrix(world, table, *, refused_first: tuple[str, ...]) -> list[Answer]:
    """Request every row's URL as each of its actors, with GET and (if it has one) POST.

    For each URL and method, the actors expected to be refused go first, together in one
    savepoint: the guarded models are compared before and after them, so a refusal that
    changed anything is caught. Then each actor let in gets a savepoint of their own.
    Every savepoint is rolled back: each URL sees the world as it was built.
    """
    answers = []
    for key, row in table.items():
        for method, expected in (("GET", row.get), ("POST", row.post)):
            if expected is None:
                continue
            data = {
                name: str(world.objects[value].pk) if value in world.objects else value
                for name, value in row.post_data.items()
            }
            refused = [actor for actor, outcome in expected.items() if outcome in refused_first]
            let_in = [actor for actor in expected if actor not in refused]
            with transaction.atomic():
                before = state_fingerprint()
                group = [
                    _request(world, key, row, actor, method, expected[actor], data)
                    for actor in refused
                ]
                changed = state_fingerprint() != before
                transaction.set_rollback(True)
            for answer in group:
                answer.state_changed = changed
            answers += group
            for actor in let_in:
                with transaction.atomic():
                    answers.append(_request(world, key, row, actor, method, expected[actor], data))
                    transaction.set_rollback(True)
    return answers


def _request(world, key, row, actor, method, expected, data) -> Answer:
    cache.clear()  # allauth's rate limits live in the cache
    path = path_for(world, key, actor)
    client = world.client_for(actor)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        with transaction.atomic():
            response = client.get(path + row.query) if method == "GET" else client.post(path, data)
        got = classify(response)
    except Exception as error:  # noqa: BLE001 - a server error is a finding, not a crash
        return Answer(key, path, actor, method, expected, f"error {error!r}", [])
    events = list(
        AuditEvent.objects.filter(pk__gt=last_event, outcome="denied").values_list(
            "actor_id", "action"
        )
    )
    return Answer(key, path, actor, method, expected, got, events)
