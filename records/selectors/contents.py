"""What a cycle's records package holds, read from the database and written member by
member into a `PackageWriter` (records/domain/package.py). docs/records.md lists the
layout.

Rows are written as the database holds them: every stored field, by its column name
(`nominator_id`), each row tagged with its model and id, except the fields that are
secrets rather than records (a link's token hash, a sealed link, a password hash). Stored
files are copied as they were uploaded or issued. The nominations are read a hundred at
a time, so memory stays flat however large the cycle.
"""

import base64
import dataclasses
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from email.message import EmailMessage
from email.utils import format_datetime
from itertools import batched

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import (
    Attachment,
    Certificate,
    ChecklistItem,
    ChecklistResult,
    Citation,
    Cycle,
    DuplicateCase,
    EndorsementRequest,
    Nomination,
    NominationVersion,
    Nominee,
    OutboxMessage,
    RubricCriterion,
    SelectionDecision,
    SlateEntry,
)
from nominations.pdf.nomination_copy import render_nomination_copy
from nominations.selectors.nominator import nomination_copy
from nominations.states import CycleState
from records.domain.audit_extract import CHAIN, EVENTS, chain_line, event_line
from records.domain.package import PackageWriter
from reviews.models import (
    Assignment,
    Comment,
    Conflict,
    NominationFigures,
    Panel,
    PanelInvitation,
    PanelistFigures,
    PanelMember,
    Review,
    ReviewVersion,
)
from reviews.services.results_export import results_csv
from selection.domain.press_statement import statement_text
from selection.pdf.decision_memo import render_decision_memo
from selection.pdf.press_statement import PressStatementPdf, render_press_statement
from selection.selectors.press_statement import statement_for
from selection.selectors.slate import decision_memo_for

SECRET_FIELDS = frozenset({"token_hash", "sealed_link", "password"})
CHUNK = 100
# Steps besides one per nomination: the cycle, the panel and results, the outputs, the
# outbox and the audit log.
FIXED_STEPS = 5
MEMO_STATES = frozenset({CycleState.SELECTION, CycleState.ANNOUNCED, CycleState.ARCHIVED})
STATEMENT_STATES = frozenset({CycleState.ANNOUNCED, CycleState.ARCHIVED})

Step = Callable[[], None]

README = """Records package: the {cycle.award_year} {cycle.program.name}

Every record this system holds of the cycle, as it held them when the package was built.

manifest.json          what the package is; each other file's path, SHA-256 and size;
                       the audit chain's head; any stored file that could not be included
cycle.json             the program, the cycle's settings, rubric, checklist, duplicate cases
nominations/<ref>/     one folder per nomination (drafts as draft-<id>):
  nomination.json      the nomination, nominee, versions, attachments, letters of support,
                       checklist results, assignments, conflicts, reviews with their
                       versions, panel comments, figures, slate entry, citations, certificates
  nomination.pdf       the nomination as it stands; versions/v<n>.pdf each kept version
  attachments/ letters/ evidence/ certificates/   the stored files, as uploaded or issued
panel/                 the panel, its members and attestations, invitations, figures, and
                       results.csv (the panel's ranking)
selection/             the signed selection (decision.json) and the decision memo
announcement/          the press statement (text and PDF) and its parts
outbox/                every email of the cycle (<id>.eml) and the outbox's record of each
people.json            the accounts the records name (id, email, name, roles)
audit/chain.jsonl      every audit event's id and hashes up to the head: the chain's links
audit/events.jsonl     the cycle's audit events in full

Rows are as stored: every field by its column name; a field ending in _id names a row by
its id (people.json for accounts). Secrets are left out (token hashes, sealed links).

To check the package: python manage.py verify_records_package FILE.zip. It checks the
seal at the end of the file (any changed byte fails), each file's SHA-256, and the audit
chain from its start to the head; compare the SHA-256 it prints with the one recorded in
the audit log's records_package.build event.
"""


def package_steps(cycle: Cycle) -> int:
    """How many steps writing the cycle's package takes: its progress bar's length."""
    return cycle.nominations.count() + FIXED_STEPS


def nomination_folder(nomination: Nomination) -> str:
    return f"nominations/{nomination.reference or f'draft-{nomination.pk}'}"


class RecordWriter:
    """Writes rows and stored files into `writer`, noting the people the rows name, the
    records written (for the audit events about them) and the files that were missing."""

    def __init__(self, writer: PackageWriter) -> None:
        self.writer = writer
        self.people: set[int] = set()
        self.missing: list[dict] = []
        self.user_model = get_user_model()
        self.audit_keys: set[tuple[str, str]] = set()

    def row(self, obj: models.Model) -> dict:
        """Every stored field of `obj` as JSON-ready values, tagged with model and id,
        but the secrets (SECRET_FIELDS)."""
        self.audit_keys.add((obj._meta.label_lower, str(obj.pk)))
        values = {"model": obj._meta.label_lower, "id": obj.pk}
        for field in obj._meta.concrete_fields:
            if field.name in SECRET_FIELDS:
                continue
            value = field.value_from_object(obj)
            if isinstance(value, FieldFile):
                value = value.name or ""
            values[field.attname] = value
            if field.is_relation and field.related_model is self.user_model and value:
                self.people.add(value)
        return json.loads(json.dumps(values, cls=DjangoJSONEncoder))

    def rows(self, objects: Iterable[models.Model]) -> list[dict]:
        return [self.row(obj) for obj in objects]

    def copy_file(self, path: str, stored: FieldFile) -> None:
        """The stored file as a member; a missing one is listed in the manifest."""
        if not stored:
            return
        try:
            with stored.open("rb") as source:
                self.writer.add_stream(path, source)
        except (FileNotFoundError, OSError, ValueError) as error:
            self.missing.append({"path": path, "stored_as": stored.name, "error": str(error)})

    def write_nomination_pdfs(self, folder: str, nomination: Nomination) -> None:
        """The nomination as it stands (once submitted) and each kept version, as the
        nominator's PDF copy lays them out."""
        if nomination.reference:
            self.writer.add_bytes(f"{folder}/nomination.pdf", current_pdf(nomination))
        for version in nomination.versions.all():
            self.writer.add_bytes(
                f"{folder}/versions/v{version.number}.pdf", version_pdf(nomination, version)
            )


class CycleRecords(RecordWriter):
    """Writes one cycle's records into `writer`, calling `step` after each step."""

    def __init__(self, writer: PackageWriter, cycle: Cycle, *, step: Step = lambda: None):
        super().__init__(writer)
        self.cycle = cycle
        self.step = step

    # -- the whole package ---------------------------------------------------------------

    def write(self) -> dict:
        """Write every member; return what the manifest says of the package besides its
        files: the cycle, the counts, the audit head and any file that was missing."""
        cycle = self.cycle
        self.writer.add_bytes("README.txt", README.format(cycle=cycle).encode())
        self.write_cycle()
        nominations = self.write_nominations()
        self.write_panel()
        self.write_outputs()
        messages = self.write_outbox()
        self.write_people()
        audit = self.write_audit()
        return {
            "program": cycle.program.name,
            "award_year": cycle.award_year,
            "cycle_state": cycle.state,
            "created_at": timezone.now().isoformat(),
            "site": settings.AWARDS_SITE_URL,
            "counts": {"nominations": nominations, "outbox_messages": messages},
            "audit": audit,
            "missing_files": self.missing,
        }

    def write_cycle(self) -> None:
        cycle = Cycle.objects.select_related("program").get(pk=self.cycle.pk)
        self.writer.add_json(
            "cycle.json",
            {
                "program": self.row(cycle.program),
                "cycle": self.row(cycle),
                "rubric": self.rows(RubricCriterion.objects.filter(cycle=cycle).order_by("pk")),
                "checklist": self.rows(ChecklistItem.objects.filter(cycle=cycle).order_by("pk")),
                "duplicate_cases": self.rows(
                    DuplicateCase.objects.filter(cycle=cycle).order_by("pk")
                ),
            },
        )
        self.step()

    def write_nominations(self) -> int:
        pks = list(self.cycle.nominations.order_by("sequence", "pk").values_list("pk", flat=True))
        for chunk in batched(pks, CHUNK):
            for nomination in _nominations(chunk):
                self.write_nomination(nomination)
                self.step()
        return len(pks)

    def write_nomination(self, nomination: Nomination) -> None:
        folder = nomination_folder(nomination)
        reviews = list(nomination.reviews.all())
        self.writer.add_json(
            f"{folder}/nomination.json",
            {
                "nomination": self.row(nomination),
                "nominee": self.row(nomination.nominee),
                "versions": self.rows(nomination.versions.all()),
                "attachments": self.rows(nomination.attachments.all()),
                "letters_of_support": self.rows(nomination.endorsement_requests.all()),
                "checklist": self.rows(nomination.checklist_results.all()),
                "assignments": self.rows(nomination.assignments.all()),
                "conflicts": self.rows(nomination.conflicts.all()),
                "reviews": [
                    {**self.row(review), "versions": self.rows(review.versions.all())}
                    for review in reviews
                ],
                "panel_comments": self.rows(nomination.panel_comments.all()),
                "panel_figures": self.rows(_figures(nomination)),
                "slate_entry": self.rows(_slate_entry(nomination)),
                "citations": self.rows(nomination.citations.all()),
                "certificates": self.rows(nomination.certificates.all()),
            },
        )
        self.write_nomination_pdfs(folder, nomination)
        for attachment in nomination.attachments.all():
            self.copy_file(
                f"{folder}/attachments/{attachment.pk}-{attachment.original_name}",
                attachment.file,
            )
        for letter in nomination.endorsement_requests.all():
            self.copy_file(
                f"{folder}/letters/{letter.pk}-{letter.letter_original_name or 'letter.pdf'}",
                letter.letter,
            )
        for result in nomination.checklist_results.all():
            self.copy_file(
                f"{folder}/evidence/{result.pk}-{result.evidence_name or 'evidence.pdf'}",
                result.evidence,
            )
        for certificate in nomination.certificates.all():
            self.copy_file(f"{folder}/certificates/{certificate.serial}.pdf", certificate.file)

    def write_panel(self) -> None:
        panel = Panel.objects.filter(cycle=self.cycle).first()
        if panel is not None:
            members = PanelMember.objects.filter(panel=panel).order_by("pk")
            self.writer.add_json(
                "panel/panel.json",
                {
                    "panel": self.row(panel),
                    "members": self.rows(members),
                    "invitations": self.rows(
                        PanelInvitation.objects.filter(panel=panel).order_by("pk")
                    ),
                    "panelist_figures": self.rows(
                        PanelistFigures.objects.filter(member__panel=panel).order_by("pk")
                    ),
                },
            )
            with TextSpool() as spool:
                results_csv(cycle=self.cycle, out=spool)
                self.writer.add_stream("panel/results.csv", spool.rewound())
        self.step()

    def write_outputs(self) -> None:
        cycle = self.cycle
        decision = SelectionDecision.objects.filter(cycle=cycle).first()
        if decision is not None:
            self.writer.add_json("selection/decision.json", self.row(decision))
        if cycle.state in MEMO_STATES:
            self.writer.add_bytes(
                "selection/decision-memo.pdf", render_decision_memo(decision_memo_for(cycle))
            )
        if cycle.state in STATEMENT_STATES:
            draft = statement_for(cycle)
            self.writer.add_bytes(
                "announcement/statement.txt", statement_text(draft.statement).encode()
            )
            self.writer.add_bytes(
                "announcement/statement.pdf",
                render_press_statement(
                    PressStatementPdf(
                        statement=draft.statement,
                        title=draft.statement.headline
                        or f"{cycle.award_year} {cycle.program.name}",
                        subject=f"Press statement: the {cycle.award_year} {cycle.program.name}",
                        author=draft.statement.signatory or cycle.program.name,
                    )
                ),
            )
            announcement = getattr(cycle, "announcement", None)
            if announcement is not None:
                self.writer.add_json("announcement/announcement.json", self.row(announcement))
        self.step()

    def write_outbox(self) -> int:
        """Every email of the cycle, as an RFC 5322 message with its attachments, plus
        the outbox's record of each (status, error, resends) in outbox.json."""
        records = []
        messages = OutboxMessage.objects.filter(cycle=self.cycle).order_by("pk")
        for message in messages.iterator(chunk_size=500):
            records.append(self.row(message) | {"attachments": attachment_names(message)})
            self.writer.add_bytes(f"outbox/{message.pk}.eml", email_file(message))
        self.writer.add_json("outbox/outbox.json", records)
        self.step()
        return len(records)

    def write_people(self) -> None:
        people = self.user_model.objects.filter(pk__in=self.people).prefetch_related("groups")
        self.writer.add_json(
            "people.json",
            [
                {
                    "id": person.pk,
                    "email": person.email,
                    "full_name": person.full_name,
                    "is_active": person.is_active,
                    "roles": sorted(group.name for group in person.groups.all()),
                }
                for person in people.order_by("pk")
            ],
        )

    def write_audit(self) -> dict:
        """The whole chain's links, and the cycle's events in full: those about the cycle
        or any record in the package. Reads the log once, in id order."""
        head, count, extracted = "", 0, 0
        with TextSpool() as chain, TextSpool() as events:
            for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
                chain.write(chain_line(event))
                head, count = event.hash, count + 1
                if (event.object_type, event.object_id) in self.audit_keys:
                    events.write(event_line(event))
                    extracted += 1
            self.writer.add_stream(CHAIN, chain.rewound())
            self.writer.add_stream(EVENTS, events.rewound())
        self.step()
        return {"head": head, "events": count, "extracted": extracted}


def current_pdf(nomination: Nomination) -> bytes:
    """The nomination as it stands today, as the nominator's copy lays it out."""
    cycle = nomination.cycle
    today = timezone.localdate(timezone=cycle.zone)
    copy = nomination_copy(nomination=nomination, site_name=settings.AWARDS_SITE_NAME)
    return render_nomination_copy(
        dataclasses.replace(
            copy,
            footer=f"The nomination as it stood on {today:%B} {today.day}, {today.year}, "
            "when these records were gathered.",
        )
    )


def version_pdf(nomination: Nomination, version: NominationVersion) -> bytes:
    """A kept version, from its snapshot, as the nominator's copy lays a nomination out."""
    then = _from_snapshot(Nomination, version.snapshot["nomination"])
    then.nominee = _from_snapshot(Nominee, version.snapshot["nominee"])
    then.cycle = nomination.cycle
    then.nominator = nomination.nominator
    copy = nomination_copy(nomination=then, site_name=settings.AWARDS_SITE_NAME)
    kept = timezone.localdate(version.created_at, timezone=nomination.cycle.zone)
    return render_nomination_copy(
        dataclasses.replace(
            copy,
            footer=f"Version {version.number} ({version.get_reason_display().lower()}), "
            f"kept on {kept:%B} {kept.day}, {kept.year}.",
        )
    )


class TextSpool:
    """Text written as UTF-8 to a temporary file (in memory up to 4 MB), then read back
    as a member: the results and the audit log never sit whole in memory."""

    def __init__(self) -> None:
        # Closed by __exit__: the spool is itself the context manager.
        self.file = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+b")  # noqa: SIM115

    def write(self, text: str) -> int:
        self.file.write(text.encode())
        return len(text)

    def rewound(self):
        self.file.seek(0)
        return self.file

    def __enter__(self) -> "TextSpool":
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()


def _nominations(pks: tuple[int, ...]) -> Iterator[Nomination]:
    """The nominations with every record the package holds of each, in a fixed number of
    queries per chunk."""
    yield from (
        Nomination.objects.filter(pk__in=pks)
        .select_related("nominee", "nominator", "cycle__program", "panel_figures", "slate_entry")
        .prefetch_related(
            Prefetch("versions", NominationVersion.objects.order_by("number")),
            Prefetch("attachments", Attachment.objects.order_by("pk")),
            Prefetch("endorsement_requests", EndorsementRequest.objects.order_by("pk")),
            Prefetch("checklist_results", ChecklistResult.objects.order_by("pk")),
            Prefetch("assignments", Assignment.objects.order_by("pk")),
            Prefetch("conflicts", Conflict.objects.order_by("pk")),
            Prefetch(
                "reviews",
                Review.objects.order_by("pk").prefetch_related(
                    Prefetch("versions", ReviewVersion.objects.order_by("number"))
                ),
            ),
            Prefetch("panel_comments", Comment.objects.order_by("pk")),
            Prefetch("citations", Citation.objects.order_by("kind", "version")),
            Prefetch("certificates", Certificate.objects.order_by("issued_at", "pk")),
        )
        .order_by("sequence", "pk")
    )


def _figures(nomination: Nomination) -> list:
    try:
        return [nomination.panel_figures]
    except NominationFigures.DoesNotExist:
        return []


def _slate_entry(nomination: Nomination) -> list:
    try:
        return [nomination.slate_entry]
    except SlateEntry.DoesNotExist:
        return []


def _from_snapshot(model: type[models.Model], values: dict) -> models.Model:
    """An unsaved instance of `model` with a snapshot's values, each as its field reads it."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return model(
        **{name: fields[name].to_python(value) for name, value in values.items() if name in fields}
    )


def attachment_names(message: OutboxMessage) -> list[dict]:
    return [
        {"filename": item["filename"], "mimetype": item["mimetype"]} for item in message.attachments
    ]


def email_file(message: OutboxMessage) -> bytes:
    """The stored message as an RFC 5322 file (.eml), attachments included."""
    email = EmailMessage()
    email["From"] = settings.DEFAULT_FROM_EMAIL
    email["To"] = ", ".join(message.to)
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.sent_at or message.created_at)
    email["X-Outbox-Status"] = message.status
    email.set_content(message.body)
    for item in message.attachments:
        maintype, _, subtype = item["mimetype"].partition("/")
        email.add_attachment(
            base64.b64decode(item["content_b64"]),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=item["filename"],
        )
    return bytes(email)
