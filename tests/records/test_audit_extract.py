"""The audit extract's check (records/domain/audit_extract.py): the chain's links from
the genesis hash to the manifest's head, and each of the cycle's events recomputed from
its content. Checked here on extracts written by hand from a real log."""

import io
import json
import zipfile

import pytest

from core.models import AuditEvent
from core.services.audit import audit_record
from records.domain.audit_extract import (
    CHAIN,
    EVENTS,
    audit_extract_problems,
    chain_line,
    event_line,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    for index in range(5):
        audit_record(action=f"test.step{index}", data={"index": index})
    return list(AuditEvent.objects.order_by("pk"))


def problems(chain: list[str], events: list[str], *, head: str, count: int) -> list[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(CHAIN, "".join(chain))
        archive.writestr(EVENTS, "".join(events))
    with zipfile.ZipFile(buffer) as archive:
        return audit_extract_problems(archive, {"audit": {"head": head, "events": count}})


def test_a_true_extract_holds(log):
    chain = [chain_line(event) for event in log]
    events = [event_line(log[1]), event_line(log[3])]

    assert problems(chain, events, head=log[-1].hash, count=5) == []


def test_an_edited_event_fails(log):
    edited = json.loads(event_line(log[2]))
    edited["content"]["note"] = "changed"

    found = problems(
        [chain_line(event) for event in log],
        [json.dumps(edited) + "\n"],
        head=log[-1].hash,
        count=5,
    )

    assert found == [f"Audit event #{log[2].pk} does not match its hash."]


def test_an_event_from_elsewhere_in_the_chain_fails(log):
    moved = json.loads(event_line(log[2]))
    moved["id"] = log[3].pk

    found = problems(
        [chain_line(event) for event in log],
        [json.dumps(moved) + "\n"],
        head=log[-1].hash,
        count=5,
    )

    assert found == [f"Audit event #{log[3].pk} is not the chain's."]


def test_a_link_removed_from_the_chain_breaks_it(log):
    chain = [chain_line(event) for index, event in enumerate(log) if index != 2]

    found = problems(chain, [], head=log[-1].hash, count=4)

    assert found == [f"The audit chain is broken at event #{log[3].pk}."]


def test_an_event_not_in_the_chain_fails(log):
    chain = [chain_line(event) for event in log[:3]]

    found = problems(chain, [event_line(log[4])], head=log[2].hash, count=3)

    assert found == [f"Audit event #{log[4].pk} is not in the chain."]


def test_a_chain_cut_short_does_not_end_at_the_head(log):
    chain = [chain_line(event) for event in log[:4]]

    found = problems(chain, [], head=log[-1].hash, count=5)

    assert found == [
        "The audit chain does not end at the head the manifest names "
        f"(4 events, ending {log[3].hash})."
    ]
