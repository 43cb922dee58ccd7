"""Review reminders: one digest email per panelist with reviews left to do.

Run by `python manage.py send_review_reminders`, the `send_review_reminders_task` task
(for a scheduler) and the "Remind" button of the staff progress dashboard.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.rules import primary_role
from core.exceptions import NotPermitted
from core.services.audit import audit_record
from nominations.services.outbox import outbox_send_on_commit
from reviews import rules
from reviews.models import PanelMember
from reviews.selectors.progress import ReminderDigest, reminder_digests

REMINDER_TEMPLATE = "review_reminder"
REMINDER_ACTION = "review.remind"
SYSTEM_ROLE = "system"


def review_reminders_send(
    *,
    cycle=None,
    actor=None,
    member: PanelMember | None = None,
    digests: list[ReminderDigest] | None = None,
) -> int:
    """Email each panelist with incomplete reviews one digest of them; return how many.

    Covers active, attested seats of cycles in panel review (only `cycle`'s, or only
    `member`'s seat, when given) with live assignments (not declined, not conflicted) of
    nominations in review that have no submitted review. A panelist with nothing left
    to do gets nothing. `digests`, when given, are those to send, as
    `reminder_digests` made them (the command prints them first); otherwise they are
    read here. `actor` is staff pressing "Remind", or None for the command and the task.

    Changes: sets `PanelMember.last_reminded_at` of each panelist reminded and writes
    one "review.remind" audit event per panelist (listing the nominations). Schedules
    one email per panelist through the outbox, after commit. Raises NotPermitted for an
    actor who is not award staff, with nothing changed.
    """
    if actor is not None and not rules.can_manage_panel(actor):
        raise NotPermitted("Only award staff can send review reminders.")
    if digests is None:
        digests = reminder_digests(cycle=cycle, member=member)
    if not digests:
        return 0
    role = primary_role(actor) if actor is not None else None
    now = timezone.now()
    with transaction.atomic():
        PanelMember.objects.filter(pk__in=[digest.member.pk for digest in digests]).update(
            last_reminded_at=now
        )
        for digest in digests:
            digest.member.last_reminded_at = now
            audit_record(
                action=REMINDER_ACTION,
                actor=actor,
                obj=digest.member,
                note=f"incomplete reviews: {len(digest.items)}",
                data={
                    "cycle": digest.member.panel.cycle_id,
                    "to": digest.member.user.email,
                    "nominations": [
                        {"reference": item.nomination.reference, "status": item.status}
                        for item in digest.items
                    ],
                },
                role=role.value if role else SYSTEM_ROLE,
            )
            _email_on_commit(digest)
    return len(digests)


def _email_on_commit(digest: ReminderDigest) -> None:
    member = digest.member
    panel = member.panel
    site = settings.AWARDS_SITE_URL.rstrip("/")
    context = {
        "member": member,
        "panelist_name": member.user.full_name or member.user.email,
        "cycle": panel.cycle,
        "program": panel.cycle.program,
        "due": panel.review_due,
        "items": list(digest.items),
        "dashboard_url": site + reverse("reviews:panelist_home"),
        "nominations_url": site + reverse("reviews:panel_nominations", args=[panel.pk]),
        "site_name": settings.AWARDS_SITE_NAME,
    }

    def build() -> dict:
        return {
            "to": [member.user.email],
            "subject": render_to_string(f"emails/{REMINDER_TEMPLATE}_subject.txt", context),
            "body": render_to_string(f"emails/{REMINDER_TEMPLATE}_body.txt", context),
            "template": REMINDER_TEMPLATE,
            "cycle_id": panel.cycle_id,
        }

    outbox_send_on_commit(build=build)
