import contextlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.models import AuditEvent
from core.selectors.audit import audit_chain_first_break, audit_chain_verify
from core.services.audit import audit_record


def _run_verify_audit() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@contextlib.contextmanager
def _tampering_allowed():
    """Let raw SQL past the append-only trigger, as an attacker with table rights could."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def _raw(sql: str, params: list) -> None:
    with _tampering_allowed(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_verify_audit_on_an_empty_log_is_ok():
    assert _run_verify_audit() == "audit chain OK (0 events)\n"


@pytest.mark.django_db
def test_verify_audit_on_an_intact_chain_prints_ok_with_the_count():
    for number in range(5):
        audit_record(action="cycle.edit", note=f"change {number}", data={"n": number})

    assert _run_verify_audit() == "audit chain OK (5 events)\n"


@pytest.mark.django_db
def test_verify_audit_walks_the_chain_in_batches():
    for number in range(7):
        audit_record(action="cycle.edit", note=f"change {number}")

    report = audit_chain_verify(batch_size=2)

    assert (report.ok, report.events_checked) == (True, 7)


@pytest.mark.django_db
def test_verify_audit_names_an_edited_event_and_exits_1():
    events = [audit_record(action="cycle.edit", note=f"change {n}") for n in range(4)]
    _raw("UPDATE nominations_auditevent SET note = %s WHERE id = %s", ["forged", events[2].pk])

    with pytest.raises(CommandError) as caught:
        _run_verify_audit()

    assert caught.value.returncode == 1
    assert str(caught.value) == (
        f"audit chain broken at event #{events[2].pk}: content edited "
        "(its stored hash does not match its content); events intact before it: 2"
    )


@pytest.mark.django_db
def test_verify_audit_names_the_event_after_a_deleted_one():
    events = [audit_record(action="cycle.edit", note=f"change {n}") for n in range(4)]
    _raw("DELETE FROM nominations_auditevent WHERE id = %s", [events[1].pk])

    with pytest.raises(CommandError) as caught:
        _run_verify_audit()

    assert caught.value.returncode == 1
    assert str(caught.value) == (
        f"audit chain broken at event #{events[2].pk}: predecessor missing or changed "
        f"(its prev_hash does not match the hash of event #{events[0].pk}); "
        "events intact before it: 1"
    )


@pytest.mark.django_db
def test_verify_audit_detects_a_deleted_first_event():
    events = [audit_record(action="cycle.edit", note=f"change {n}") for n in range(2)]
    _raw("DELETE FROM nominations_auditevent WHERE id = %s", [events[0].pk])

    broken = audit_chain_first_break()

    assert (broken.event_id, broken.reason) == (events[1].pk, "predecessor missing or changed")
    assert broken.detail == "its prev_hash does not match the hash of the start of the log"


@pytest.mark.django_db
def test_verify_audit_detects_an_edit_that_recomputed_the_edited_events_hash():
    events = [audit_record(action="cycle.edit", note=f"change {n}") for n in range(3)]
    forged = events[1]
    forged.note = "forged"
    _raw(
        "UPDATE nominations_auditevent SET note = %s, hash = %s WHERE id = %s",
        ["forged", forged.compute_hash(), forged.pk],
    )

    broken = audit_chain_first_break()

    assert (broken.event_id, broken.reason) == (events[2].pk, "predecessor missing or changed")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "client_address", ["::ffff:10.0.0.5", "fe80::1%eth0", "2001:DB8::1", "203.0.113.9"]
)
def test_verify_audit_accepts_every_spelling_of_a_client_address(client_address):
    from core.audit_context import source_ip_bound

    with source_ip_bound(client_address):
        audit_record(action="cycle.edit", note="from a dual-stack proxy")

    assert _run_verify_audit() == "audit chain OK (1 events)\n"


@pytest.mark.django_db
def test_verify_audit_accepts_floats_in_event_data():
    audit_record(action="review.score", data={"mean": 2.3333333333333335, "big": 1e300, "z": -0.0})

    assert _run_verify_audit() == "audit chain OK (1 events)\n"


@pytest.mark.django_db
def test_verify_audit_with_verbosity_2_prints_the_newest_hash():
    audit_record(action="cycle.edit", note="one")
    newest = audit_record(action="cycle.edit", note="two")
    out = io.StringIO()

    call_command("verify_audit", verbosity=2, stdout=out)

    assert out.getvalue() == (
        f"audit chain OK (2 events)\nnewest event #{newest.pk}: {newest.hash}\n"
    )


# -- every kind of tampering ------------------------------------------------------------------


def _chain_of_five() -> list:
    """Five events with every field filled in, as a cycle's would be."""
    from core.audit_context import source_ip_bound
    from tests.factories import CycleFactory, award_staff

    staff, cycle = award_staff(), CycleFactory()
    with source_ip_bound("198.51.100.7"):
        return [
            audit_record(
                action="cycle.update",
                actor=staff,
                obj=cycle,
                from_state="setup",
                to_state="open",
                note=f"change {n}",
                data={"n": n},
                role="Award staff",
            )
            for n in range(5)
        ]


def _verify_error(*args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit", *args, stdout=io.StringIO())
    assert caught.value.returncode == 1
    return str(caught.value)


FIELD_EDITS = {
    "actor": ("actor_email", "someone.else@example.org"),
    "actor_id": ("actor_id", None),
    "role": ("actor_role", "Selecting official"),
    "action": ("action", "cycle.archive"),
    "outcome": ("outcome", "denied"),
    "object_type": ("object_type", "nominations.nomination"),
    "object_id": ("object_id", "999"),
    "from_state": ("from_state", "closed"),
    "to_state": ("to_state", "archived"),
    "time": ("created_at", "2020-01-01 00:00:00+00:00"),
    "source_address": ("source_ip", "203.0.113.99"),
    "data": ("data", '{"n": 99}'),
    "note": ("note", "forged"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edit", FIELD_EDITS)
def test_verify_audit_fails_after_any_field_of_a_row_is_changed(edit):
    events = _chain_of_five()
    column, value = FIELD_EDITS[edit]
    if column == "actor_id":
        from tests.factories import award_staff

        value = award_staff().pk
    _raw(f"UPDATE nominations_auditevent SET {column} = %s WHERE id = %s", [value, events[2].pk])

    assert _verify_error() == (
        f"audit chain broken at event #{events[2].pk}: content edited "
        "(its stored hash does not match its content); events intact before it: 2"
    )


@pytest.mark.django_db
def test_verify_audit_fails_after_a_row_in_the_middle_is_deleted():
    events = _chain_of_five()
    _raw("DELETE FROM nominations_auditevent WHERE id = %s", [events[2].pk])

    assert _verify_error().startswith(
        f"audit chain broken at event #{events[3].pk}: predecessor missing or changed"
    )


@pytest.mark.django_db
def test_verify_audit_fails_after_a_forged_row_is_inserted_in_the_middle():
    """The forger chains their row to its predecessor correctly; its successor's link
    still names the predecessor, so the chain breaks right after the forged row."""
    events = _chain_of_five()
    _raw("UPDATE nominations_auditevent SET id = id + 100 WHERE id > %s", [events[1].pk])
    forged = AuditEvent(
        pk=events[1].pk + 1,
        created_at=events[1].created_at,
        action="selection.decide",
        note="forged",
        prev_hash=events[1].hash,
    )
    forged.hash = forged.compute_hash()
    _raw(
        "INSERT INTO nominations_auditevent (id, created_at, actor_email, actor_role, action, "
        "outcome, object_type, object_id, object_repr, from_state, to_state, note, data, "
        "prev_hash, hash) VALUES (%s, %s, '', '', %s, 'done', '', '', '', '', '', %s, '{}', "
        "%s, %s)",
        [forged.pk, forged.created_at, forged.action, forged.note, forged.prev_hash, forged.hash],
    )

    assert _verify_error().startswith(
        f"audit chain broken at event #{events[2].pk + 100}: predecessor missing or changed"
    )


@pytest.mark.django_db
def test_verify_audit_fails_after_two_rows_are_swapped():
    events = _chain_of_five()
    first, second = events[1].pk, events[2].pk
    _raw("UPDATE nominations_auditevent SET id = %s WHERE id = %s", [-1, first])
    _raw("UPDATE nominations_auditevent SET id = %s WHERE id = %s", [first, second])
    _raw("UPDATE nominations_auditevent SET id = %s WHERE id = %s", [second, -1])

    assert _verify_error().startswith(
        f"audit chain broken at event #{first}: predecessor missing or changed"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("removed", [1, 3])
def test_verify_audit_with_the_recorded_head_fails_after_the_tail_is_cut(removed):
    """Cutting the newest events leaves a valid, shorter chain: only the head recorded
    by an earlier run (kept outside the database) shows it."""
    events = _chain_of_five()
    head = events[-1].hash
    for event in events[-removed:]:
        _raw("DELETE FROM nominations_auditevent WHERE id = %s", [event.pk])

    assert _run_verify_audit() == f"audit chain OK ({5 - removed} events)\n"
    assert _verify_error("--expect-head", head) == (
        f"audit chain truncated: the recorded head {head} is not in the log "
        f"({5 - removed} events); events were removed from its end or re-hashed"
    )


@pytest.mark.django_db
def test_verify_audit_with_an_older_recorded_head_passes_once_the_log_grew():
    events = _chain_of_five()
    audit_record(action="cycle.update", note="later")
    out = io.StringIO()

    call_command("verify_audit", "--expect-head", events[2].hash.upper(), stdout=out)

    assert out.getvalue() == "audit chain OK (6 events)\n"


@pytest.mark.django_db
def test_verify_audit_with_the_recorded_head_fails_after_a_rewrite_of_the_chain():
    """A writer who edits an old row and re-hashes every later one keeps the chain
    valid, but the recorded head's hash is no longer in it."""
    events = _chain_of_five()
    head = events[-1].hash
    previous = events[0].hash
    for event in events[1:]:
        event.note = "rewritten"
        event.prev_hash = previous
        event.hash = event.compute_hash()
        _raw(
            "UPDATE nominations_auditevent SET note = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.note, event.prev_hash, event.hash, event.pk],
        )
        previous = event.hash

    assert _run_verify_audit() == "audit chain OK (5 events)\n"
    assert _verify_error("--expect-head", head).startswith("audit chain truncated:")
