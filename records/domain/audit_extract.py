"""The audit log as a records package carries it, and its check. No database.

Two members:

- `audit/chain.jsonl`: every event of the whole log up to the package's head, as
  `{"id", "prev_hash", "hash"}`: the chain's links, with nothing about what happened;
- `audit/events.jsonl`: the cycle's own events in full, as `{"id", "prev_hash", "hash",
  "content"}`, where `content` is what the event's hash covers.

The check follows the links from the genesis hash to the head the manifest names, and
recomputes each of the cycle's events' hash from its content and its place in the chain:
an event edited, left out of the chain, or moved fails, as does a chain cut short.
"""

import json
import zipfile

from core.models import GENESIS_HASH, canonical_json, chain_hash
from records.domain.package import read_lines

CHAIN = "audit/chain.jsonl"
EVENTS = "audit/events.jsonl"


def chain_line(event) -> str:
    return json.dumps({"id": event.pk, "prev_hash": event.prev_hash, "hash": event.hash}) + "\n"


def event_line(event) -> str:
    return (
        json.dumps(
            {
                "id": event.pk,
                "prev_hash": event.prev_hash,
                "hash": event.hash,
                "content": json.loads(event.canonical_content()),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        + "\n"
    )


def audit_extract_problems(archive: zipfile.ZipFile, manifest: dict) -> list[str]:
    """What is wrong with the package's audit extract (empty: it holds). Reads both
    members once, side by side, in id order."""
    audit = manifest.get("audit") or {}
    problems: list[str] = []
    events = iter(read_lines(archive, EVENTS))
    pending = next(events, None)
    expected_prev, count, last_id = GENESIS_HASH, 0, 0
    for link in read_lines(archive, CHAIN):
        if link["id"] <= last_id or link["prev_hash"] != expected_prev:
            problems.append(f"The audit chain is broken at event #{link['id']}.")
            return problems
        while pending is not None and pending["id"] < link["id"]:
            problems.append(f"Audit event #{pending['id']} is not in the chain.")
            pending = next(events, None)
        if pending is not None and pending["id"] == link["id"]:
            content = canonical_json(pending["content"])
            if (pending["prev_hash"], pending["hash"]) != (link["prev_hash"], link["hash"]):
                problems.append(f"Audit event #{pending['id']} is not the chain's.")
            elif chain_hash(pending["prev_hash"], content) != pending["hash"]:
                problems.append(f"Audit event #{pending['id']} does not match its hash.")
            pending = next(events, None)
        expected_prev, count, last_id = link["hash"], count + 1, link["id"]
    while pending is not None:
        problems.append(f"Audit event #{pending['id']} is not in the chain.")
        pending = next(events, None)
    if count != audit.get("events") or expected_prev != audit.get("head"):
        problems.append(
            "The audit chain does not end at the head the manifest names "
            f"({count} events, ending {expected_prev})."
        )
    return problems
