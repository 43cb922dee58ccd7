"""Access checks shared by the views of every app, and the way a view records a refusal
of its own: a page or an object the user may not open. A refusal a service raises is
recorded by the service (`core.services.audit.refusal_audited`), not here."""

from collections.abc import Callable

from django.contrib.auth.mixins import UserPassesTestMixin

from accounts.rules import is_award_staff
from core.services.audit import audit_denied

PAGE_DENIED_ACTION = "page.denied"


def audit_refusal(
    request,
    *,
    action: str,
    obj=None,
    note: str = "",
    role: str = "",
    from_state: str = "",
    data: dict | None = None,
) -> None:
    """Record an attempt the view refused (outcome "denied"): who, on what, from which
    state and why (DESIGN.md §2.7), the request's method and path when no reason is
    given, and the actor's primary role when no role is. Changes nothing else."""
    audit_denied(
        action=action,
        actor=request.user,
        obj=obj,
        note=note or f"{request.method} {request.path}",
        role=role,
        from_state=from_state,
        data=data,
    )


class RoleRequiredMixin(UserPassesTestMixin):
    """Lets in users the `allowed` predicate accepts.

    Anonymous visitors are sent to sign in; signed-in users without the role get the
    403 page, and each refused request is recorded in the audit log (DESIGN.md §2.7).
    """

    allowed: Callable[[object], bool]

    def test_func(self) -> bool:
        user = self.request.user
        return user.is_authenticated and type(self).allowed(user)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            audit_refusal(self.request, action=PAGE_DENIED_ACTION)
        return super().handle_no_permission()


class StaffOnly(RoleRequiredMixin):
    """Lets in award staff only."""

    allowed = is_award_staff
