"""A whole award cycle driven through the HTTP views, for the audit-completeness test.

Each actor has a test client of their own and a source address of their own: every request
carries it as REMOTE_ADDR, and also a forged X-Forwarded-For that the audit log must
ignore. Each step of the script makes one or more requests and returns what the audit
log should have gained from them, in order (`Expect` rows); `AuditWatch` compares.

The steps live by phase: cycle_script_nominate.py (set-up to vetting),
cycle_script_panel.py (panel to review), cycle_script_select.py (slate to announcement);
test_audit_completeness.py puts the phases together.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent

# The address a client could put in X-Forwarded-For to blame someone else.
FORGED_FORWARDED_FOR = "192.0.2.66"


@dataclass
class Actor:
    """A person at a browser: their account (None for an endorser), role and address."""

    name: str
    user: object
    role: str
    ip: str
    client: Client = field(default_factory=Client)

    def __post_init__(self) -> None:
        if self.user is not None:
            self.client.force_login(self.user)

    def _meta(self) -> dict:
        return {"REMOTE_ADDR": self.ip, "HTTP_X_FORWARDED_FOR": FORGED_FORWARDED_FOR}

    # Each request runs its on-commit callbacks (emails, tasks) as a real commit would.
    def get(self, url: str, **data):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return self.client.get(url, data, **self._meta())

    def post(self, url: str, data: dict | None = None, **extra):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data or {}, **self._meta(), **extra)


@dataclass(frozen=True)
class Expect:
    """One audit event a step must write."""

    action: str
    by: Actor
    obj: object = None
    outcome: str = "done"
    from_state: str = ""
    to_state: str = ""
    role: str | None = None  # None: the actor's role
    # Written by a task after the request (the worker's, in production): no address.
    by_task: bool = False

    def row(self) -> tuple:
        obj = self.obj
        return (
            self.action,
            self.outcome,
            self.by.user.pk if self.by.user is not None else None,
            self.by.role if self.role is None else self.role,
            obj._meta.label_lower if obj is not None else "",
            str(obj.pk) if obj is not None else "",
            str(self.from_state),
            str(self.to_state),
            None if self.by_task else self.by.ip,
        )


def event_row(event: AuditEvent) -> tuple:
    return (
        event.action,
        event.outcome,
        event.actor_id,
        event.actor_role,
        event.object_type,
        event.object_id,
        event.from_state,
        event.to_state,
        event.source_ip,
    )


class AuditWatch:
    """The audit events written since the last look."""

    def __init__(self) -> None:
        self.last_pk = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.since = timezone.now()
        self.checked = 0

    def new_events(self) -> list[AuditEvent]:
        events = list(AuditEvent.objects.filter(pk__gt=self.last_pk).order_by("pk"))
        if events:
            self.last_pk = events[-1].pk
        return events

    def check(self, expected: list[Expect]) -> list[AuditEvent]:
        """Assert the new events are exactly `expected`, each timed within the step."""
        until = timezone.now()
        events = self.new_events()
        assert [event_row(event) for event in events] == [item.row() for item in expected]
        for event in events:
            assert self.since <= event.created_at <= until
        self.since = until
        self.checked += len(events)
        return events


def endorsement_token(email: str) -> str:
    """The single-use link's token from the last email sent to the endorser."""
    body = next(m.body for m in reversed(mail.outbox) if email in m.to)
    return re.search(r"/endorse/([^/\s]+)/", body).group(1)


def days_from_today(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


# The "I understand …" box of an irreversible move, ticked.
CONFIRMED = {"confirm": "yes"}


def nom_url(name: str, *args) -> str:
    return reverse(f"nominations:{name}", args=args)


def sel_url(name: str, *args) -> str:
    return reverse(f"selection:{name}", args=args)


def panel_url(name: str, *args) -> str:
    return reverse(f"reviews:{name}", args=args)


class ScriptBase:
    """The cast and the objects the steps share. Each phase adds its steps; a step acts
    through the views and returns the events it must have written, and keeps on the
    instance the objects the later steps need."""

    def __init__(self, *, program, cast: dict[str, Actor]) -> None:
        self.program = program
        self.cast = cast
        for name, actor in cast.items():
            setattr(self, name, actor)
