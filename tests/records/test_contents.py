"""A records package of the demo data (records/selectors/contents.py): it verifies, any
changed byte fails, and it holds each kind of record of its cycle and nothing of
another's, without the secrets."""

import hashlib
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEvent
from nominations.models import Certificate, Cycle, Nomination, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    """The demo data, its emails in the outbox as in a real run."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())


def build(tmp_path, year: int, name: str = "package.zip"):
    path = tmp_path / name
    out = StringIO()
    call_command("records_package", "--cycle", str(year), "--out", str(path), stdout=out)
    return path, out.getvalue()


def verify(path) -> str:
    out = StringIO()
    call_command("verify_records_package", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_package_of_the_demo_data_verifies_and_any_changed_byte_fails(demo, tmp_path):
    path, written = build(tmp_path, 2023)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    head = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True)[1]

    report = verify(path).splitlines()

    assert written.splitlines()[-1] == f"sha256: {sha256}"
    assert report[0].startswith(
        "records package OK: Presidential Award for Extraordinary Efforts to Combat "
        "Trafficking in Persons, 2023; "
    )
    assert report[0].endswith(f"ending {head}")
    assert report[1] == f"sha256: {sha256}"
    event = AuditEvent.objects.get(action="records_package.build")
    assert event.data["sha256"] == sha256
    data = path.read_bytes()
    step = max(1, len(data) // 400)
    positions = [*range(0, len(data), step), *range(len(data) - 200, len(data))]
    for position in positions:
        changed = bytearray(data)
        changed[position] ^= 0x01
        path.write_bytes(bytes(changed))
        with pytest.raises(CommandError, match="not a valid records package"):
            verify(path)


def test_the_package_holds_each_kind_of_record_of_its_cycle(demo, tmp_path):
    path, _ = build(tmp_path, 2023)
    files = members(path)
    cycle = Cycle.objects.get(award_year=2023)
    first = Nomination.objects.get(reference="PA-2023-0001")

    record = json.loads(files["nominations/PA-2023-0001/nomination.json"])
    assert record["nomination"]["id"] == first.pk
    assert record["nomination"]["model"] == "nominations.nomination"
    assert record["nominee"]["id"] == first.nominee_id
    assert [version["number"] for version in record["versions"]] == list(
        first.versions.order_by("number").values_list("number", flat=True)
    )
    assert len(record["reviews"]) == first.reviews.count() > 0
    assert all("versions" in review for review in record["reviews"])
    assert files["nominations/PA-2023-0001/versions/v1.pdf"].startswith(b"%PDF-")
    assert files["nominations/PA-2023-0001/nomination.pdf"].startswith(b"%PDF-")
    panel = json.loads(files["panel/panel.json"])
    assert sum(1 for member in panel["members"] if member["attested_at"]) == 4
    assert files["panel/results.csv"].decode().startswith("rank,reference,nominee,")
    emails = [name for name in files if name.startswith("outbox/") and name.endswith(".eml")]
    assert len(emails) == OutboxMessage.objects.filter(cycle=cycle).count() > 0
    cycle_json = json.loads(files["cycle.json"])
    assert cycle_json["cycle"]["award_year"] == 2023
    assert len(cycle_json["rubric"]) == cycle.rubric_criteria.count()
    people = json.loads(files["people.json"])
    assert first.nominator.email in {person["email"] for person in people}
    events = [
        json.loads(line) for line in files["audit/events.jsonl"].decode().splitlines() if line
    ]
    submitted = [
        event
        for event in events
        if event["content"]["action"] == "nomination.submit"
        and event["content"]["object_id"] == str(first.pk)
    ]
    assert len(submitted) == 1
    chain = files["audit/chain.jsonl"].decode().splitlines()
    manifest = json.loads(files["manifest.json"])
    assert manifest["audit"]["events"] == len(chain)
    assert manifest["counts"]["nominations"] == cycle.nominations.count()
    assert b"Records package: the 2023" in files["README.txt"]


def test_the_package_holds_nothing_of_another_cycle_and_no_secret(demo, tmp_path):
    path, _ = build(tmp_path, 2023)
    files = members(path)
    others = Nomination.objects.exclude(cycle__award_year=2023)
    other_ids = {str(pk) for pk in others.values_list("pk", flat=True)}

    for reference in others.exclude(reference=None).values_list("reference", flat=True):
        assert not any(reference in name for name in files)
    events = [
        json.loads(line) for line in files["audit/events.jsonl"].decode().splitlines() if line
    ]
    assert not [
        event
        for event in events
        if event["content"]["object_type"] == "nominations.nomination"
        and event["content"]["object_id"] in other_ids
    ]
    text = b"".join(content for name, content in files.items() if name.endswith(".json"))
    assert b"token_hash" not in text
    assert b"sealed_link" not in text
    assert b"password" not in text


def test_an_announced_cycles_package_holds_its_outputs_as_issued(demo, tmp_path):
    path, _ = build(tmp_path, 2022)
    files = members(path)

    for certificate in Certificate.objects.filter(nomination__cycle__award_year=2022):
        with certificate.file.open("rb") as handle:
            stored = handle.read()
        folder = f"nominations/{certificate.nomination.reference}"
        assert files[f"{folder}/certificates/{certificate.serial}.pdf"] == stored
    assert files["selection/decision-memo.pdf"].startswith(b"%PDF-")
    assert b"Centro de los Derechos del Migrante, Inc." in files["announcement/statement.txt"]
    assert files["announcement/statement.pdf"].startswith(b"%PDF-")
    assert json.loads(files["announcement/announcement.json"])["model"] == (
        "nominations.announcement"
    )


def test_a_stored_file_gone_missing_is_listed_and_the_package_still_verifies(demo, tmp_path):
    certificate = Certificate.objects.filter(nomination__cycle__award_year=2022).first()
    certificate.file.storage.delete(certificate.file.name)

    path, _ = build(tmp_path, 2022)
    manifest = json.loads(members(path)["manifest.json"])

    assert manifest["missing_files"] == [
        {
            "path": f"nominations/{certificate.nomination.reference}/certificates/"
            f"{certificate.serial}.pdf",
            "stored_as": certificate.file.name,
            "error": manifest["missing_files"][0]["error"],
        }
    ]
    assert verify(path).startswith("records package OK")


def test_the_command_refuses_an_unknown_year_and_an_existing_file(demo, tmp_path):
    with pytest.raises(CommandError, match="No cycle for 1999"):
        build(tmp_path, 1999)
    (tmp_path / "there.zip").write_bytes(b"")
    with pytest.raises(CommandError, match="exists"):
        build(tmp_path, 2023, "there.zip")
    assert (tmp_path / "there.zip").read_bytes() == b""
