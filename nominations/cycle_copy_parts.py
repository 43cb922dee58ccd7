"""The parts of a cycle's set-up that belong to the floors above nominations.

Copying a cycle (`nominations.services.cycle_copy.cycle_copy`) copies what nominations
owns itself (the settings, rubric, checklist and the press statement's parts); the
panel's settings belong to reviews, which nominations may not import (STYLE.md rule 2).
So reviews registers a copier from its `AppConfig.ready()`:
`copier(*, source, target, shift) -> str | None` copies its part of `source` onto the
new `target` inside the copy's transaction and returns what it copied, in a few words
for the audit event (None when `source` had nothing to copy). `shift(date)` moves a
date by the years between the two cycles, or returns None when staff chose to set the
dates themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nominations.models import Cycle

DateShift = Callable[[date | None], date | None]
SetupCopier = Callable[..., str | None]

_copiers: list[SetupCopier] = []


def register_setup_copier(copier: SetupCopier) -> None:
    """Add `copier(*, source, target, shift)` to what copying a cycle copies (once)."""
    if copier not in _copiers:
        _copiers.append(copier)


def copy_registered_parts(*, source: Cycle, target: Cycle, shift: DateShift) -> list[str]:
    """Run every registered copier; the names of the parts they copied."""
    copied = [copier(source=source, target=target, shift=shift) for copier in _copiers]
    return [name for name in copied if name]
