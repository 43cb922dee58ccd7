"""Access checks shared by the views of both apps."""

from collections.abc import Callable

from django.contrib.auth.mixins import UserPassesTestMixin

from accounts.rules import primary_role
from nominations.services.audit import audit_record

PAGE_DENIED_ACTION = "page.denied"


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
        user = self.request.user
        if user.is_authenticated:
            role = primary_role(user)
            audit_record(
                action=PAGE_DENIED_ACTION,
                actor=user,
                outcome="denied",
                note=f"{self.request.method} {self.request.path}",
                role=role.value if role else "",
            )
        return super().handle_no_permission()
