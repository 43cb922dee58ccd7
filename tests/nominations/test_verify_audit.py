import contextlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from nominations.selectors.audit import audit_chain_first_break, audit_chain_verify
from nominations.services.audit import audit_record


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
    from nominations.audit_context import source_ip_bound

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
