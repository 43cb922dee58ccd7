"""The "Your turn" section that opens each role's home page.

An item is one kind of work waiting for the person signed in, with how many and a link
to the page where they do it. Items are computed from the current state of the records
(no notification table): when the work is done, the item is gone.

A role's home lives on one floor, but its work may be found on floors above it (the
staff home is in nominations; conflicts to decide are in reviews, signed selections and
citations in selection). So each app registers a provider for the role from its
`AppConfig.ready()`, and the home asks `turn_items(role, user)`. A provider answers in
a fixed number of queries, whatever the number of records, so each home's query count
stays flat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.roles import Role


@dataclass(frozen=True)
class TurnItem:
    """`count` things to do, said by `text` (already in the singular or plural), at `url`.
    `order` places it in the section (lower first)."""

    key: str
    text: str
    count: int
    url: str
    order: int = 100


Provider = Callable[[object], list[TurnItem]]

_providers: dict[Role, list[Provider]] = {}


def register_turn_items(role: Role, provider: Provider) -> None:
    """Add `provider(user) -> list[TurnItem]` to the role's section (once)."""
    providers = _providers.setdefault(role, [])
    if provider not in providers:
        providers.append(provider)


def turn_items(role: Role, user) -> list[TurnItem]:
    """The role's items for `user` with something to do (count above 0), in order."""
    items = [item for provider in _providers.get(role, []) for item in provider(user)]
    return sorted((item for item in items if item.count > 0), key=lambda item: item.order)


def plural(count: int, singular: str, plural_form: str) -> str:
    return singular if count == 1 else plural_form


__all__ = ["TurnItem", "plural", "register_turn_items", "turn_items"]
