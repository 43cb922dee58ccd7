"""What every change to someone's account starts with: their row, locked, and the
check that the actor may change it."""

import contextlib

from django.contrib.auth import get_user_model

from core.exceptions import NotPermitted
from people.rules import why_not_change_account


def locked_person(actor, person):
    """`person`'s row, locked until the transaction ends, once `actor` is shown to be
    allowed to change it (NotPermitted otherwise). Their cached roles are forgotten."""
    locked = get_user_model().objects.select_for_update(no_key=True).get(pk=person.pk)
    reason = why_not_change_account(actor, locked)
    if reason:
        raise NotPermitted(reason)
    return locked


def forget_roles(user) -> None:
    """accounts.rules caches a user's roles on the object; they changed."""
    with contextlib.suppress(AttributeError):
        del user._role_names
