"""The production task worker: django_tasks_db's `db_worker`, kept alive through database
outages.

`db_worker` exits on a database error other than a locked SQLite file, so a PostgreSQL
restart, failover or dropped connection would stop all email and PDF work until someone
restarted it. This command takes the same options; when the database fails it logs the
error, drops its connections, waits (1 s, doubling up to RETRY_LIMIT_SECONDS) and starts
the worker loop again. A task that was running when the database failed stays marked as
running, as it would after a crash; its own error handling decides what to record.
Connections are also checked before each use (CONN_HEALTH_CHECKS), so a connection the
database closed while the worker slept is replaced without an error at all.
"""

import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

logger = logging.getLogger("awards.worker")

RETRY_LIMIT_SECONDS = 30
# What a database that is down, restarting or dropped the connection raises.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker (emails, certificates, PDFs) as db_worker does, waiting "
        "and starting again when the database is unavailable instead of exiting."
    )

    def handle(self, *args, **options) -> None:
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                super().handle(*args, **options)
                return
            except CONNECTION_ERRORS as error:
                if time.monotonic() - started > RETRY_LIMIT_SECONDS:
                    delay = 1.0  # it had been working: a new outage starts the waits afresh
                logger.error(
                    "The worker lost the database (%s: %s); starting again in %.0f s",
                    type(error).__name__,
                    error,
                    delay,
                )
                drop_connections()
                time.sleep(delay)
                delay = min(delay * 2, RETRY_LIMIT_SECONDS)


def drop_connections() -> None:
    """Forget every database connection, even one too broken to close cleanly."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except (DatabaseError, InterfaceError):
            connection.connection = None
