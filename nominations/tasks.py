"""Background tasks. In development and tests they run at once (ImmediateBackend); in
production a database-backed worker runs them (`python manage.py db_worker`)."""

from django.core.mail import send_mail
from django.tasks import task


@task
def send_email(subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email from DEFAULT_FROM_EMAIL; returns how many were sent."""
    return send_mail(subject, body, None, to)
