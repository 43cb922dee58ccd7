"""Who may do what in panel review. Role predicates come from accounts.rules."""

from accounts.rules import is_panelist

__all__ = ["can_view_panel_home", "is_panelist"]


def can_view_panel_home(user) -> bool:
    """Panelists see the panels they sit on; what is on each depends on their seat."""
    return is_panelist(user)
