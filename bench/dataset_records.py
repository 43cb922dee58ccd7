"""The benchmark data set's records around each nomination: attachments and letters,
checklist results, versions and emails, citations, certificates and slate entries (a
part of bench/dataset.py's Builder, which mixes it in)."""

import datetime as dt
import hashlib

from nominations.models import (
    Attachment,
    Certificate,
    ChecklistResult,
    Citation,
    EndorsementRequest,
    Nomination,
    NominationVersion,
    OutboxMessage,
    SlateEntry,
)
from nominations.states import NominationState

S = NominationState
# Every attachment, letter and certificate row points at this one small PDF.
SHARED_PDF = "bench/shared.pdf"


class NominationRecords:
    """Builder's per-nomination records; they use the builder's rng, prose, staff, pdf,
    audit and now."""

    def files(self, nominations: list[Nomination]) -> None:
        attachments, letters = [], []
        for index, nomination in enumerate(nominations):
            for number in range(1 + index % 2):
                attachments.append(
                    Attachment(
                        nomination=nomination,
                        file=SHARED_PDF,
                        original_name=f"evidence-{number + 1}.pdf",
                        size=self.pdf_size,
                        sha256=self.pdf_sha,
                        uploaded_by=nomination.nominator,
                    )
                )
            if nomination.state != S.DRAFT:
                token = hashlib.sha256(f"bench-letter-{nomination.pk}".encode()).hexdigest()
                sent = nomination.submitted_at - dt.timedelta(days=5)
                letters.append(
                    EndorsementRequest(
                        nomination=nomination,
                        name="Endorser",
                        email=f"endorser{nomination.pk}@example.org",
                        mailbox=f"endorser{nomination.pk}@example.org",
                        relationship="Partner organization",
                        token_hash=token,
                        state="received",
                        created_at=sent,
                        sent_at=sent,
                        expires_at=sent + dt.timedelta(days=21),
                        received_at=sent + dt.timedelta(days=2),
                        letter=SHARED_PDF,
                        letter_original_name="letter.pdf",
                        letter_size=self.pdf_size,
                        letter_sha256=self.pdf_sha,
                    )
                )
        Attachment.objects.bulk_create(attachments, batch_size=2000)
        EndorsementRequest.objects.bulk_create(letters, batch_size=2000)

    def vetting(self, submitted: list[Nomination]) -> None:
        results = []
        for nomination in submitted:
            if nomination.state in (S.SUBMITTED, S.WITHDRAWN):
                continue
            checked = nomination.submitted_at + dt.timedelta(days=3)
            items = self.items[:1] if nomination.state in (S.VETTING, S.RETURNED) else self.items
            for item in items:
                result = (
                    "fail" if nomination.state == S.INELIGIBLE and item.position == 2 else "pass"
                )
                results.append(
                    ChecklistResult(
                        nomination=nomination,
                        item=item,
                        result=result,
                        note="Checked against the public record.",
                        checked_by=self.staff,
                        checked_at=checked,
                        revision=1,
                    )
                )
        ChecklistResult.objects.bulk_create(results, batch_size=2000)

    def versions_and_mail(self, submitted: list[Nomination]) -> None:
        versions, mail = [], []
        for nomination in submitted:
            versions.append(
                NominationVersion(
                    nomination=nomination,
                    number=1,
                    reason="submit",
                    snapshot={"summary": nomination.summary, "reference": nomination.reference},
                    created_by=nomination.nominator,
                )
            )
            mail.append(
                OutboxMessage(
                    to=[nomination.nominator.email],
                    subject=f"Nomination {nomination.reference} received",
                    body="Thank you: your nomination was received.",
                    template="nomination_received",
                    nomination=nomination,
                    status="sent",
                    sent_at=nomination.submitted_at,
                )
            )
            self.audit.add(
                "nomination.submit", nomination.nominator, nomination, "draft", "submitted"
            )
            if nomination.state not in (S.SUBMITTED, S.WITHDRAWN):
                self.audit.add(
                    "nomination.start_vetting", self.staff, nomination, "submitted", "vetting"
                )
            if nomination.state not in (S.SUBMITTED, S.WITHDRAWN, S.VETTING, S.RETURNED):
                self.audit.add("nomination.clear", self.staff, nomination, "vetting", "cleared")
        NominationVersion.objects.bulk_create(versions, batch_size=2000)
        OutboxMessage.objects.bulk_create(mail, batch_size=2000)

    def citations(self, nominations: list[Nomination], *, approved: bool = True) -> None:
        rows = []
        for nomination in nominations:
            for kind in ("short", "full"):
                text = self.prose.citation() if kind == "short" else self.prose.paragraph(2)
                rows.append(
                    Citation(
                        nomination=nomination,
                        kind=kind,
                        version=1,
                        text=text,
                        created_by=self.staff,
                        approved_by=self.staff if approved else None,
                        approved_at=self.now if approved else None,
                    )
                )
        Citation.objects.bulk_create(rows)

    def certificates(self, nominations: list[Nomination]) -> None:
        Certificate.objects.bulk_create(
            Certificate(
                nomination=nomination,
                serial=f"{nomination.reference}-C1",
                recipient_name=nomination.nominee.legal_name,
                sha256=self.pdf_sha,
                file=SHARED_PDF,
                issued_by=self.staff,
                issued_at=self.now,
            )
            for nomination in nominations
        )

    def slate_entries(self, nominations: list[Nomination]) -> None:
        SlateEntry.objects.bulk_create(
            SlateEntry(nomination=n, briefing_note=self.prose.paragraph(1), written_by=self.staff)
            for n in nominations
        )
