"""consistent_reads: the queries inside see one committed state."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from core.snapshot import consistent_reads
from nominations.models import AwardProgram
from tests import factories


def add_program_when_it_can(done: list) -> None:
    """In a connection of its own: add a program, waiting while the reader holds the
    database (SQLite lets no writer in during its transaction)."""
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                factories.AwardProgramFactory(slug="added-meanwhile", reference_prefix="ADD")
                done.append(True)
                return
            except OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_meanwhile_is_not_seen_inside():
    factories.AwardProgramFactory(slug="there-before", reference_prefix="BEF")
    done: list = []
    writer = threading.Thread(target=add_program_when_it_can, args=(done,))

    with consistent_reads():
        assert connection.in_atomic_block
        before = AwardProgram.objects.count()
        writer.start()
        time.sleep(0.5)  # long enough for the writer to commit where it may
        again = AwardProgram.objects.count()
    writer.join()

    assert again == before
    assert done == [True]
    assert AwardProgram.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_snapshot_is_repeatable_read():
    with consistent_reads():
        AwardProgram.objects.count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                assert cursor.fetchone() == ("repeatable read",)
        else:
            assert connection.vendor == "sqlite"
            assert connection.in_atomic_block


@pytest.mark.django_db
def test_inside_a_transaction_already_it_changes_nothing():
    with consistent_reads():
        assert connection.in_atomic_block
        assert connection.savepoint_ids == []
