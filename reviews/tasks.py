"""Background tasks of panel review (see `nominations.tasks` for how tasks run).

A scheduler enqueues `send_review_reminders_task` (for example from cron with
`python manage.py send_review_reminders`, or `send_review_reminders_task.enqueue()` from
a periodic job); a worker runs it.
"""

from django.tasks import task

from nominations.models import Cycle
from reviews.services.reminders import review_reminders_send


@task
def send_review_reminders_task(cycle_id: int | None = None) -> int:
    """Send every panelist with incomplete reviews one digest (of one cycle if given).

    Returns how many digests were sent. A cycle that no longer exists sends nothing.
    """
    cycle = None
    if cycle_id is not None:
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        if cycle is None:
            return 0
    return review_reminders_send(cycle=cycle)
