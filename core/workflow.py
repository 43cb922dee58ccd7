"""Shared pieces of the state machines: guards that explain themselves, and permissions."""

from collections.abc import Callable


def no_blockers(blockers_method: str) -> Callable[[object], bool]:
    """A transition condition that passes when `instance.<blockers_method>()` is empty.

    Each guard is written once, as a method returning human-readable reasons, so that
    the state machine and the screens that explain a disabled button agree.
    """

    def condition(instance: object) -> bool:
        return not getattr(instance, blockers_method)()

    condition.__name__ = f"no_{blockers_method}"
    # Lets services ask for the reasons behind a failed condition, not just the verdict.
    condition.blockers_method = blockers_method
    return condition


def permitted_by(rule: Callable[[object, object], bool]) -> Callable[[object, object], bool]:
    """A transition's `permission` from a rule written `rule(user, obj)`, the one argument
    order of every predicate in the `rules.py` modules; django-fsm calls
    `permission(instance, user)`."""

    def permission(instance: object, user: object) -> bool:
        return rule(user, instance)

    permission.__name__ = rule.__name__
    return permission
