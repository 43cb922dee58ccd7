import datetime as dt
import hashlib
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.utils import DatabaseError, OperationalError

from accounts.roles import Role
from core.audit_context import source_ip_bound
from core.models import GENESIS_HASH, AppendOnlyError, AuditEvent
from core.services.audit import audit_denied, audit_record
from nominations.models import Nominee
from tests.factories import CycleFactory, UserFactory, award_staff


@pytest.mark.django_db
def test_audit_record_links_each_event_to_the_previous_one():
    staff = award_staff()
    cycle = CycleFactory()

    first = audit_record(action="cycle.edit", actor=staff, obj=cycle, role="Award staff")
    second = audit_record(action="cycle.edit", actor=staff, obj=cycle, note="again")

    assert (first.prev_hash, second.prev_hash) == (GENESIS_HASH, first.hash)
    assert [e.hash for e in AuditEvent.objects.all()] == [
        first.compute_hash(),
        second.compute_hash(),
    ]
    assert (first.actor_email, first.actor_role, first.object_type, first.object_id) == (
        staff.email,
        "Award staff",
        "nominations.cycle",
        str(cycle.pk),
    )
    assert first.object_repr == str(cycle)


@pytest.mark.django_db
def test_audit_record_stores_the_hash_the_database_gives_back():
    event = audit_record(
        action="export.csv", actor=None, data={"rows": 3, 7: "key becomes text"}, note="ünïcode"
    )

    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored.data == {"rows": 3, "7": "key becomes text"}
    assert stored.compute_hash() == stored.hash


@pytest.mark.django_db
def test_audit_record_by_an_anonymous_user_has_no_actor():
    event = audit_record(action="nomination.view", actor=AnonymousUser(), outcome="denied")

    assert (event.actor_id, event.actor_email, event.outcome) == (None, "", "denied")


@pytest.mark.django_db
def test_audit_record_takes_the_source_ip_from_the_request_context():
    with source_ip_bound("2001:0db8:0000:0000:0000:0000:0000:0001"):
        inside = audit_record(action="cycle.edit")
    outside = audit_record(action="cycle.edit")

    assert AuditEvent.objects.get(pk=inside.pk).source_ip == "2001:db8::1"
    assert AuditEvent.objects.get(pk=inside.pk).compute_hash() == inside.hash
    assert outside.source_ip is None


@pytest.mark.django_db
def test_audit_record_keeps_only_the_address_before_an_ipv6_zone():
    with source_ip_bound("fe80::1%eth0%2"):
        zoned = audit_record(action="cycle.edit")
    with source_ip_bound("not an address"):
        invalid = audit_record(action="cycle.edit")

    assert (zoned.source_ip, invalid.source_ip) == ("fe80::1", None)


@pytest.mark.django_db
def test_audit_record_keeps_floats_as_their_repr_at_any_depth():
    """PostgreSQL's jsonb may respell a float (1e300, -0.0), which would break the hash."""
    event = audit_record(
        action="review.submit",
        data={"mean": 2.5, "scores": [1e300, -0.0, 3], "nested": {"z": 0.1, "n": 7}},
    )

    assert AuditEvent.objects.get(pk=event.pk).data == {
        "mean": "2.5",
        "scores": ["1e+300", "-0.0", 3],
        "nested": {"z": "0.1", "n": 7},
    }


@pytest.mark.django_db
def test_audit_record_with_no_object_and_no_note_leaves_them_blank():
    event = audit_record(action="reminder.send")

    assert (event.object_type, event.object_id, event.object_repr, event.note) == ("", "", "", "")


@pytest.mark.django_db
def test_audit_record_cuts_a_long_object_description_to_the_field_s_300_characters():
    nominee = Nominee(legal_name="Centro de los Derechos del Migrante " * 12)

    event = audit_record(action="nominee.edit", obj=nominee)

    stored = AuditEvent.objects.get(pk=event.pk).object_repr
    assert (stored, len(stored)) == (("Centro de los Derechos del Migrante " * 12)[:300], 300)


@pytest.mark.django_db
def test_audit_record_rolls_back_with_the_transaction_it_is_in():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="cycle.edit")
        raise RuntimeError("the change failed")

    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_audit_event_instance_cannot_be_changed_or_deleted():
    event = audit_record(action="cycle.edit", note="original")
    event.note = "edited"

    with pytest.raises(AppendOnlyError, match=r"^Audit events cannot be changed\.$"):
        event.save()
    with pytest.raises(AppendOnlyError, match=r"^Audit events cannot be deleted\.$"):
        event.delete()

    assert AuditEvent.objects.get().note == "original"


@pytest.mark.django_db
def test_audit_event_queryset_cannot_update_or_delete():
    audit_record(action="cycle.edit", note="original")

    with pytest.raises(AppendOnlyError, match=r"^Audit events cannot be changed\.$"):
        AuditEvent.objects.filter(action="cycle.edit").update(note="edited")
    with pytest.raises(AppendOnlyError, match=r"^Audit events cannot be deleted\.$"):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError, match=r"^Audit events cannot be changed\.$"):
        AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["note"])

    assert AuditEvent.objects.get().note == "original"


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    ["UPDATE nominations_auditevent SET note = 'edited'", "DELETE FROM nominations_auditevent"],
    ids=["update", "delete"],
)
def test_audit_event_raw_sql_change_is_refused_by_postgresql(statement):
    audit_record(action="cycle.edit", note="original")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert AuditEvent.objects.get().note == "original"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_chain_until_the_first_commits():
    """Two writers reading the same newest event would both link to it and fork the
    chain. On PostgreSQL each takes the chain's advisory lock first: while one has
    written an event and not committed, another waits (here it gives up at its lock
    timeout), and once the first commits, the next event links to the first's."""
    holding, release = threading.Event(), threading.Event()
    first = {}

    def write_and_hold() -> None:
        try:
            with transaction.atomic():
                first["event"] = audit_record(action="cycle.edit", note="first")
                holding.set()
                release.wait(timeout=10)
        except Exception as error:  # the outcome under test, reported to the main thread
            first["error"] = error
        finally:
            holding.set()
            connection.close()

    thread = threading.Thread(target=write_and_hold)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            audit_record(action="cycle.edit", note="second, too early")
    finally:
        release.set()
        thread.join(timeout=30)

    second = audit_record(action="cycle.edit", note="second")

    assert "error" not in first
    assert list(AuditEvent.objects.values_list("note", "prev_hash")) == [
        ("first", GENESIS_HASH),
        ("second", first["event"].hash),
    ]
    assert second.prev_hash == first["event"].hash


@pytest.mark.django_db
def test_audit_record_without_a_role_gives_the_actors_primary_role():
    staff, nominator = award_staff(), UserFactory(roles=[Role.NOMINATOR])

    denied = audit_record(action="attachment.download", actor=nominator, outcome="denied")
    chosen = audit_record(action="cycle.edit", actor=staff, role="system")
    system = audit_record(action="reminder.send", actor=None)

    assert [denied.actor_role, chosen.actor_role, system.actor_role] == [
        "Nominator",
        "system",
        "",
    ]


@pytest.mark.django_db
def test_audit_denied_records_a_refusal_with_blank_defaults():
    event = audit_denied(action="cycle.open", actor=None)

    assert (event.outcome, event.from_state, event.note, event.data, event.actor_role) == (
        "denied",
        "",
        "",
        {},
        "",
    )


@pytest.mark.django_db
def test_audit_denied_keeps_the_role_it_is_given():
    staff = award_staff()

    event = audit_denied(action="cycle.open", actor=staff, role="panelist", note="No.")

    assert (event.actor_role, event.note) == ("panelist", "No.")


@pytest.mark.django_db
def test_audit_record_of_a_signed_in_user_with_no_role_has_no_role():
    event = audit_record(action="account.login", actor=UserFactory())

    assert event.actor_role == ""


def test_canonical_content_is_the_documented_json_an_auditor_can_recompute():
    """docs/security.md: the hash covers these fields under these names, as compact JSON
    with sorted keys and the text as written (not escaped); an auditor recomputes it
    from an export without this code."""
    event = AuditEvent(
        created_at=dt.datetime(2026, 12, 6, 15, 4, 5, 123456, tzinfo=dt.UTC),
        actor_id=7,
        actor_email="ana@state.example.gov",
        actor_role="Award staff",
        action="nomination.start_vetting",
        outcome="done",
        object_type="nominations.nomination",
        object_id="42",
        object_repr="TIP-2026-0042 Centro de los Derechos del Migrante, Inc.",
        from_state="submitted",
        to_state="vetting",
        note="Señal",
        source_ip="203.0.113.9",
        data={"b": 2, "a": [1, "é"]},
        prev_hash="0" * 64,
    )

    assert event.canonical_content() == (
        '{"action":"nomination.start_vetting","actor_email":"ana@state.example.gov",'
        '"actor_id":7,"actor_role":"Award staff","created_at":"2026-12-06T15:04:05.123456+00:00",'
        '"data":{"a":[1,"é"],"b":2},"from_state":"submitted","note":"Señal",'
        '"object_id":"42","object_repr":"TIP-2026-0042 Centro de los Derechos del Migrante, Inc.",'
        '"object_type":"nominations.nomination","outcome":"done","source_ip":"203.0.113.9",'
        '"to_state":"vetting"}'
    )
    assert (
        event.compute_hash()
        == hashlib.sha256(("0" * 64 + event.canonical_content()).encode()).hexdigest()
    )
