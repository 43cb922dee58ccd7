"""Reads that must agree with each other.

A page that reads stored figures in several queries (the results, calibration, slate)
must not see a change that commits between two of them: the counts at each score, the
panelists' tallies and the rows shown have to describe the same moment, or a score or
panelist one query knows is missing from the next. `consistent_reads` makes the queries
inside it one transaction that sees one committed state: on PostgreSQL at REPEATABLE
READ (a snapshot taken at its first query), on SQLite a transaction of its own (which
reads one snapshot of the database in WAL mode; the project's IMMEDIATE transactions
make writers wait for it, for the few milliseconds the reads take).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def consistent_reads() -> Iterator[None]:
    """Every query inside sees the same committed state. Inside a transaction already
    (a service's, a test's), that transaction is the snapshot and nothing changes."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield
