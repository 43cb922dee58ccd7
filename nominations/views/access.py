"""Access checks shared by the views of both apps."""

from collections.abc import Callable

from django.contrib.auth.mixins import UserPassesTestMixin


class RoleRequiredMixin(UserPassesTestMixin):
    """Lets in users the `allowed` predicate accepts.

    Anonymous visitors are sent to sign in; signed-in users without the role get the
    403 page.
    """

    allowed: Callable[[object], bool]

    def test_func(self) -> bool:
        user = self.request.user
        return user.is_authenticated and type(self).allowed(user)
