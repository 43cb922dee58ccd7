"""The audit log's move from the nominations app to core.

Each test rolls the database back to the migrations as they were before the move
(nominations 0009, no core migration), writes an audit chain there with the models of
that time, and runs the move forward (and back) with Django's migration executor. The
move only changes which app Django records as the model's owner: the rows, their hash
chain and, on PostgreSQL, the append-only trigger have to come through untouched.
"""

import datetime as dt
import hashlib
import io
import ipaddress
import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from accounts.models import User
from core.models import AuditEvent
from core.services.audit import audit_record
from nominations.models import Nomination

pytestmark = pytest.mark.django_db(transaction=True)

LAST_BEFORE_THE_MOVE = ("nominations", "0009_endorsement_received_after_vetting")
BEFORE_THE_MOVE = [LAST_BEFORE_THE_MOVE, ("core", None)]
THE_MOVE = {("core", "0001_initial"), ("nominations", "0010_audit_event_moves_to_core")}
GENESIS_HASH = "0" * 64


@pytest.fixture
def migrate(transactional_db):
    """Runs the migrations to some targets; the test ends with every migration applied.

    A fresh executor each time, so each plan starts from what the database records. The
    teardown runs before pytest-django flushes the tables, and leaves the database as
    every later test expects it: fully migrated.
    """

    def run(targets=None):
        """To `targets`, or without them to the latest migrations; returns the models
        as they were before the move."""
        executor = MigrationExecutor(connection)
        executor.migrate(targets or executor.loader.graph.leaf_nodes())
        return executor.loader.project_state(LAST_BEFORE_THE_MOVE).apps

    try:
        yield run
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _applied() -> set[tuple[str, str]]:
    return set(MigrationRecorder(connection).applied_migrations())


def _hash_as_before_the_move(event) -> str:
    """An event's hash as nominations/models/audit.py computed it before the move.

    Written out here rather than borrowed from core.models, so that a change to core's
    hashing that would break the chains already in the database fails this test.
    """
    content = {
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "actor_role": event.actor_role,
        "action": event.action,
        "outcome": event.outcome,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "source_ip": ipaddress.ip_address(event.source_ip).exploded if event.source_ip else None,
        "data": event.data,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((event.prev_hash + canonical).encode()).hexdigest()


def _log_written_before_the_move(apps) -> dict:
    """A nominator, a nomination and four chained events, with the models of 0009."""
    HistoricalUser = apps.get_model("accounts", "User")
    HistoricalAuditEvent = apps.get_model("nominations", "AuditEvent")
    nominator = HistoricalUser.objects.create(
        email="jordan.lee@dol.example.gov", full_name="Jordan Lee", password="!"
    )
    program = apps.get_model("nominations", "AwardProgram").objects.create(
        slug="pitf",
        name="Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons",
        short_name="Presidential Award",
        reference_prefix="PA",
        description="Honors extraordinary efforts to combat trafficking in persons.",
        award_cap=5,
        signatory_title="Secretary of State",
    )
    cycle = apps.get_model("nominations", "Cycle").objects.create(
        program=program, award_year=2025, award_cap=5, state="open"
    )
    nominee = apps.get_model("nominations", "Nominee").objects.create(
        legal_name="Freedom Network, Inc."
    )
    nomination = apps.get_model("nominations", "Nomination").objects.create(
        cycle=cycle,
        nominator=nominator,
        nominee=nominee,
        state="submitted",
        sequence=1,
        reference="PA-2025-001",
    )
    about_the_nomination = {
        "object_type": "nominations.nomination",
        "object_id": str(nomination.pk),
        "object_repr": "PA-2025-001",
    }
    by_the_nominator = {
        "actor": nominator,
        "actor_email": nominator.email,
        "actor_role": "Nominator",
    }
    started = dt.datetime(2025, 3, 1, 14, 30, 5, 123456, tzinfo=dt.UTC)
    events = [
        {"action": "nomination.create", **by_the_nominator, **about_the_nomination},
        {
            "action": "nomination.submit",
            **by_the_nominator,
            **about_the_nomination,
            "from_state": "draft",
            "to_state": "submitted",
            "source_ip": "2001:db8::7",
            "data": {"versions": 1, "fields": ["summary", "justification"]},
        },
        {
            "action": "attachment.download",
            **about_the_nomination,
            "outcome": "denied",
            "note": "not a party to the nomination — refusé",
            "source_ip": "198.51.100.7",
        },
        {
            "action": "cycle.edit",
            "object_type": "nominations.cycle",
            "object_id": str(cycle.pk),
            "object_repr": "Presidential Award 2025",
            "actor_role": "system",
            "data": {"award_cap": {"from": "4", "to": "5"}},
        },
    ]
    previous = GENESIS_HASH
    written = []
    for number, fields in enumerate(events):
        event = HistoricalAuditEvent(
            created_at=started + dt.timedelta(minutes=number), prev_hash=previous, **fields
        )
        event.hash = _hash_as_before_the_move(event)
        event.save()
        written.append((event.pk, event.prev_hash, event.hash))
        previous = event.hash
    return {"nominator": nominator.pk, "nomination": nomination.pk, "events": written}


def _verify_audit() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_a_log_written_before_the_move_verifies_after_it(migrate):
    before = _log_written_before_the_move(migrate(BEFORE_THE_MOVE))
    assert not THE_MOVE & _applied()

    migrate()

    assert _applied() >= THE_MOVE
    assert _verify_audit() == "audit chain OK (4 events)\n"
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.pk, e.prev_hash, e.hash) for e in events] == before["events"]
    assert all(event.compute_hash() == event.hash for event in events)
    assert events[1].actor == User.objects.get(pk=before["nominator"])
    assert events[1].source_ip == "2001:db8::7"
    assert events[3].data == {"award_cap": {"from": "4", "to": "5"}}


def test_new_events_chain_onto_the_log_written_before_the_move(migrate):
    before = _log_written_before_the_move(migrate(BEFORE_THE_MOVE))
    migrate()

    event = audit_record(
        action="nomination.vet",
        actor=User.objects.get(pk=before["nominator"]),
        obj=Nomination.objects.get(pk=before["nomination"]),
        from_state="submitted",
        to_state="vetting",
        role="Award staff",
    )

    last_pk, _, last_hash = before["events"][-1]
    assert event.pk > last_pk
    assert event.prev_hash == last_hash
    assert _verify_audit() == "audit chain OK (5 events)\n"


def test_the_move_runs_backwards_and_forwards_again_with_the_log_intact(migrate):
    before = _log_written_before_the_move(migrate(BEFORE_THE_MOVE))
    migrate()
    after_the_move = audit_record(action="cycle.edit", note="written by core")
    chain = [*before["events"], (after_the_move.pk, after_the_move.prev_hash, after_the_move.hash)]

    apps = migrate([("core", None)])

    assert not THE_MOVE & _applied()
    assert "nominations_auditevent" in connection.introspection.table_names()
    HistoricalAuditEvent = apps.get_model("nominations", "AuditEvent")
    assert (
        list(HistoricalAuditEvent.objects.order_by("pk").values_list("pk", "prev_hash", "hash"))
        == chain
    )

    migrate()

    assert _applied() >= THE_MOVE
    assert list(AuditEvent.objects.values_list("pk", "prev_hash", "hash")) == chain
    assert _verify_audit() == "audit chain OK (5 events)\n"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    ["UPDATE nominations_auditevent SET note = 'edited'", "DELETE FROM nominations_auditevent"],
    ids=["update", "delete"],
)
def test_postgresql_still_refuses_changes_to_the_audit_table_after_the_move(migrate, statement):
    """The trigger of nominations 0002 holds after the move, back across it and forward."""
    before = _log_written_before_the_move(migrate(BEFORE_THE_MOVE))

    for targets in (None, [("core", None)], None):
        migrate(targets)
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)

    assert _applied() >= THE_MOVE
    assert list(AuditEvent.objects.values_list("pk", "prev_hash", "hash")) == before["events"]
    assert _verify_audit() == "audit chain OK (4 events)\n"
