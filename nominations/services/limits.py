"""Per-account limits over time on what emails other people or starts work, so that the
site cannot be used to mail strangers in the awards office's name.

The limits are settings (awards_site/settings.py, each with an environment variable):

- AWARDS_LETTER_REQUESTS_PER_DAY (10): letter requests and resends one account may send
  in any 24 hours, counted from its "endorsement.request" and "endorsement.resend" audit
  events, so a request cancelled since still counts;
- AWARDS_NOMINATIONS_PER_CYCLE (10): nominations one account may start in one cycle,
  counted from its nominations there, whatever their state (none is ever deleted);
- AWARDS_PANEL_INVITATIONS_PER_DAY (50): panel invitations and resends one staff
  account may send in any 24 hours ("panel.invite", "panel.invitation_resend" events).

Each check runs inside the service's transaction, under a lock that every competing
request takes too (`lock_account`, or the cycle's row lock for new nominations), so two
requests at the same moment cannot both pass. A refused call raises `LimitReached` and
changes nothing; the service records the attempt as denied (`audits_refusals`, with the
limit's name and value as data).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model

from core.exceptions import LimitReached
from core.models import AuditEvent
from nominations.models import Cycle, Nomination

LIMIT_WINDOW = dt.timedelta(hours=24)
LETTER_REQUEST_ACTIONS = ("endorsement.request", "endorsement.resend")


def lock_account(user) -> None:
    """Hold the account's row until the transaction ends: its limited actions queue."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).get()


def recent_actions(*, actor, actions: tuple[str, ...], now: dt.datetime) -> int:
    """How many of `actions` the actor has done (outcome "done") in the last 24 hours."""
    return AuditEvent.objects.filter(
        actor=actor, action__in=actions, outcome="done", created_at__gt=now - LIMIT_WINDOW
    ).count()


def check_recent_actions(
    *, actor, actions: tuple[str, ...], now: dt.datetime, setting: str, message: str
) -> None:
    """Raise LimitReached with `message` if the actor has done `actions` as often in the
    last 24 hours as the setting named `setting` allows. `message` may use {allowed}."""
    allowed = getattr(settings, setting)
    if recent_actions(actor=actor, actions=actions, now=now) >= allowed:
        raise LimitReached(message.format(allowed=allowed), limit=setting, allowed=allowed)


def check_letter_request_limit(actor, now: dt.datetime) -> None:
    """Call under `lock_account(actor)`."""
    check_recent_actions(
        actor=actor,
        actions=LETTER_REQUEST_ACTIONS,
        now=now,
        setting="AWARDS_LETTER_REQUESTS_PER_DAY",
        message=(
            "You have sent {allowed} requests for letters of support (new requests and "
            "resends, cancelled ones included) in the last 24 hours, the most one account "
            "may send. Try again tomorrow, or contact award staff if it cannot wait."
        ),
    )


def check_nomination_limit(nominator, cycle: Cycle) -> None:
    """Call under the cycle's row lock."""
    allowed = settings.AWARDS_NOMINATIONS_PER_CYCLE
    if Nomination.objects.filter(cycle=cycle, nominator=nominator).count() >= allowed:
        raise LimitReached(
            f"You have started {allowed} nominations in the {cycle} cycle, the most one "
            "account may start (withdrawn ones included). Contact award staff if you need "
            "to start another.",
            limit="AWARDS_NOMINATIONS_PER_CYCLE",
            allowed=allowed,
        )
