"""The parts of a cycle's moves that belong to the floors above nominations.

The cycle page offers every move of the cycle, and `Cycle` guards each one, but two moves
depend on apps that nominations may not import (STYLE.md rule 2):

- **Start panel review** also needs the panel ready: reviews registers the panel's half
  of the guard (`reviews.selectors.readiness.panel_start_blockers`, built on the one
  live-assignment rule), and `Cycle.start_review_blockers` adds its reasons to its own.
- **Announce** also issues the certificates and confers the awards: selection registers
  the service the cycle page calls and the preview it shows
  (`selection.services.announce`).

Two moves hand the cycle to people whom only the floors above know:

- **Start panel review** tells each panelist their assignments: reviews registers a
  hand-off (`reviews.services.handoffs.review_started_on_commit`).
- **Send the slate for selection** tells the selecting official: selection registers
  `selection.services.handoffs.slate_sent_on_commit`.

`after_move(move, cycle)` runs them inside the move's transaction; each only schedules
its emails for after the commit, so a refused or rolled-back move sends nothing.

Each confirmation page of a cycle move states its consequences; a floor above adds the
lines only it can count (`register_move_consequences`): reviews says how many
nominations go to how many panelists, selection what announcing makes public.

Each app registers from its `AppConfig.ready()`, so the parts are in place before any
request, command or test runs. A part that is missing is a deployment error, and
`manage.py check` (run by `runserver`, `migrate` and the deploy checks) says so; the
readiness check then answers with a reason, so review cannot start, and announcing
raises ImproperlyConfigured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from nominations.models import Cycle

ReadinessCheck = Callable[["Cycle"], list[str]]

PANEL_APP_MISSING = "panel review is not installed"


@dataclass(frozen=True)
class Announcing:
    """Selection's announce move: `preview(cycle=, actor=)` says what announcing would do,
    `announce(cycle=, actor=)` does it (both keyword-only)."""

    preview: Callable
    announce: Callable


_panel_readiness: list[ReadinessCheck] = []
_announcing: list[Announcing] = []
_after_move: dict[str, list[Callable[[Cycle], None]]] = {}
HANDOFF_MOVES = ("start_review", "start_selection")
# move name -> callables `(cycle, actor) -> list[str]`, each a line of consequences.
_consequences: dict[str, list[Callable]] = {}


def register_move_consequences(name: str, lines: Callable) -> None:
    """Add `lines(cycle, actor) -> list[str]` to what the move `name`'s page says (once)."""
    registered = _consequences.setdefault(name, [])
    if lines not in registered:
        registered.append(lines)


def registered_consequences(cycle: Cycle, name: str, actor) -> list[str]:
    """The lines the floors above add to the move's consequences, in registration order."""
    return [line for lines in _consequences.get(name, []) for line in lines(cycle, actor)]


def register_panel_readiness(check: ReadinessCheck) -> None:
    """Add `check(cycle) -> list[str]` to the guard of start_review (once)."""
    if check not in _panel_readiness:
        _panel_readiness.append(check)


def panel_readiness_blockers(cycle: Cycle) -> list[str]:
    """Why the cycle's panel is not ready to start review, in the registered checks' words."""
    if not _panel_readiness:
        return [PANEL_APP_MISSING]
    return [reason for check in _panel_readiness for reason in check(cycle)]


def register_announcing(announcing: Announcing) -> None:
    """Set the announce move's service and preview (the last registration wins)."""
    _announcing[:] = [announcing]


def announcing() -> Announcing:
    if not _announcing:
        raise ImproperlyConfigured("No app registered the announce move (selection).")
    return _announcing[0]


def register_after_move(move: str, handoff: Callable[[Cycle], None]) -> None:
    """Run `handoff(cycle)` inside the transaction of each `move` (once per handoff)."""
    if move not in HANDOFF_MOVES:
        raise ValueError(f"No hand-off is run after the move {move!r}.")
    handoffs = _after_move.setdefault(move, [])
    if handoff not in handoffs:
        handoffs.append(handoff)


def after_move(move: str, cycle: Cycle) -> None:
    """Run the hand-offs registered for `move` (they schedule emails for after commit)."""
    for handoff in _after_move.get(move, []):
        handoff(cycle)


def moves_registered_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A system check: both parts are registered (reviews and selection are installed)."""
    errors = []
    if not _panel_readiness:
        errors.append(
            checks.Error(
                "No app registered the panel's readiness for start_review.",
                hint="Add 'reviews' to INSTALLED_APPS.",
                id="nominations.E001",
            )
        )
    if not _announcing:
        errors.append(
            checks.Error(
                "No app registered the announce move.",
                hint="Add 'selection' to INSTALLED_APPS.",
                id="nominations.E002",
            )
        )
    return errors
