"""What the system holds about one person, for their Privacy Act access download
(docs/records.md, "Your records"). Written into a `PackageWriter` like a cycle's package,
with its manifest and seal.

Their own records only: the account (never its password hash or MFA secrets), the
nominations they made with every version, the files they uploaded, the letters of
support they asked for (the request, not the endorser's letter), their panel seats and
attestations, the conflicts they declared, the reviews and panel comments they wrote,
the emails sent to their address, and the audit events of their actions and about their
account. Nothing another person wrote about them for the award (another panelist's
review, staff's vetting notes) is theirs to download here: those records are released
through the agency's Privacy Act process.
"""

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import (
    Attachment,
    EndorsementRequest,
    Nomination,
    NominationVersion,
    OutboxMessage,
)
from records.domain.package import PackageWriter
from records.selectors.contents import (
    RecordWriter,
    TextSpool,
    attachment_names,
    email_file,
    nomination_folder,
)
from reviews.models import Comment, Conflict, PanelInvitation, PanelMember, Review, ReviewVersion

README = """Your records: what {site} holds about {email}

account.json          your account: email addresses, name, roles, when it was made and last
                      used, your two-factor methods (their kind and dates; never a secret)
nominations/<ref>/    each nomination you made (drafts as draft-<id>): the nomination and
                      nominee as you entered them, every kept version, the files you
                      uploaded, the letters of support you asked for (your request; the
                      letter is its writer's), and its state; nomination.pdf and
                      versions/v<n>.pdf lay them out as your PDF copy does
panel.json            your panel seats, attestations, invitations, conflicts of your seats,
                      and the reviews and panel comments you wrote with every version
emails/<id>.eml       every email sent to your address, and emails/emails.json
audit.jsonl           the audit log's record of what you did and of your account
manifest.json         each file's SHA-256 and size

Records others made about you for the award (reviews of your nomination, staff's notes)
are not in this download; ask the award office under the Privacy Act for them, or to
correct or delete a record, from the same page.
"""


STAFF_ONLY_NOMINATION_FIELDS = frozenset({"state", "duplicate_case_id", "overdue_notified_for"})
# Staff's decision on a panelist's conflict is staff's record about it, not the panelist's.
STAFF_DECISION_FIELDS = frozenset({"decided_by_id", "decided_at", "decision_reason"})


class PersonalRecords(RecordWriter):
    """Writes one person's records into `writer`."""

    def __init__(self, writer: PackageWriter, user: AbstractBaseUser) -> None:
        super().__init__(writer)
        self.user = user

    def write(self, *, site: str) -> dict:
        user = self.user
        self.writer.add_bytes("README.txt", README.format(site=site, email=user.email).encode())
        self.write_account()
        nominations = self.write_nominations()
        self.write_panel()
        emails = self.write_emails()
        events = self.write_audit()
        return {
            "what": "personal records",
            "account": user.email,
            "created_at": timezone.now().isoformat(),
            "counts": {"nominations": nominations, "emails": emails, "audit_events": events},
            "missing_files": self.missing,
        }

    def write_account(self) -> None:
        user = self.user
        account = self.row(user)
        account.pop("password", None)
        self.writer.add_json(
            "account.json",
            {
                "account": account,
                "roles": sorted(user.groups.values_list("name", flat=True)),
                "email_addresses": self.rows(EmailAddress.objects.filter(user=user).order_by("pk")),
                "two_factor_methods": [
                    {
                        "type": method.type,
                        "created_at": method.created_at.isoformat(),
                        "last_used_at": (
                            method.last_used_at.isoformat() if method.last_used_at else None
                        ),
                    }
                    for method in Authenticator.objects.filter(user=user).order_by("pk")
                ],
            },
        )

    def write_nominations(self) -> int:
        nominations = list(
            Nomination.objects.filter(nominator=self.user)
            .select_related("nominee", "nominator", "cycle__program")
            .prefetch_related(
                Prefetch("versions", NominationVersion.objects.order_by("number")),
                Prefetch("attachments", Attachment.objects.order_by("pk")),
                Prefetch("endorsement_requests", EndorsementRequest.objects.order_by("pk")),
            )
            .order_by("cycle__award_year", "sequence", "pk")
        )
        for nomination in nominations:
            folder = nomination_folder(nomination)
            self.writer.add_json(
                f"{folder}/nomination.json",
                {
                    "award": f"{nomination.cycle.award_year} {nomination.cycle.program.name}",
                    "state": nomination.public_state_name(),
                    "nomination": self.nominator_view(nomination),
                    "nominee": self.row(nomination.nominee),
                    "versions": [
                        self.version_view(version) for version in nomination.versions.all()
                    ],
                    "attachments": self.rows(nomination.attachments.all()),
                    "letters_of_support_asked_for": [
                        {
                            key: value
                            for key, value in self.row(letter).items()
                            if key not in {"letter", "letter_original_name", "letter_size"}
                        }
                        for letter in nomination.endorsement_requests.all()
                    ],
                },
            )
            self.write_nomination_pdfs(folder, nomination)
            for attachment in nomination.attachments.all():
                if attachment.uploaded_by_id == self.user.pk:
                    self.copy_file(
                        f"{folder}/attachments/{attachment.pk}-{attachment.original_name}",
                        attachment.file,
                    )
        return len(nominations)

    def nominator_view(self, nomination: Nomination) -> dict:
        """The nomination's row without what staff keep about it: the workflow state
        behind its public name (which moves before the announcement), the duplicate
        case, when an overdue notice went."""
        return {
            key: value
            for key, value in self.row(nomination).items()
            if key not in STAFF_ONLY_NOMINATION_FIELDS
        }

    def version_view(self, version: NominationVersion) -> dict:
        """A kept version, its snapshot without what staff keep about the nomination."""
        row = self.row(version)
        snapshot = row["snapshot"]
        snapshot["nomination"] = {
            key: value
            for key, value in snapshot["nomination"].items()
            if key not in STAFF_ONLY_NOMINATION_FIELDS
        }
        return row

    def write_panel(self) -> None:
        user = self.user
        seats = list(PanelMember.objects.filter(user=user).order_by("pk"))
        if not seats and not PanelInvitation.objects.filter(email__iexact=user.email).exists():
            return
        reviews = (
            Review.objects.filter(member__user=user)
            .prefetch_related(Prefetch("versions", ReviewVersion.objects.order_by("number")))
            .order_by("pk")
        )
        self.writer.add_json(
            "panel.json",
            {
                "seats": self.rows(seats),
                "invitations": self.rows(
                    PanelInvitation.objects.filter(email__iexact=user.email).order_by("pk")
                ),
                "conflicts": [
                    {
                        key: value
                        for key, value in self.row(conflict).items()
                        if key not in STAFF_DECISION_FIELDS
                    }
                    for conflict in Conflict.objects.filter(member__user=user).order_by("pk")
                ],
                "reviews": [
                    {**self.row(review), "versions": self.rows(review.versions.all())}
                    for review in reviews
                ],
                "panel_comments": self.rows(Comment.objects.filter(author=user).order_by("pk")),
            },
        )

    def write_emails(self) -> int:
        """The emails to their address: the outbox keeps recipients as a list, so the
        address is matched in the database as text and then exactly here."""
        email = self.user.email.lower()
        records = []
        for message in OutboxMessage.objects.filter(to__icontains=email).order_by("pk").iterator():
            if email not in {address.lower() for address in message.to}:
                continue
            records.append(self.row(message) | {"attachments": attachment_names(message)})
            self.writer.add_bytes(f"emails/{message.pk}.eml", email_file(message))
        self.writer.add_json("emails/emails.json", records)
        return len(records)

    def write_audit(self) -> int:
        """The events of their actions (they were the actor) and about their account. An
        event about someone else's record (a member of staff's action on a nomination)
        keeps what was done, when, from where and to which record (by id), without its
        description, note or data, which name other people."""
        user = self.user
        own = {(user._meta.label_lower, str(user.pk))} | {
            (Nomination._meta.label_lower, str(pk))
            for pk in Nomination.objects.filter(nominator=user).values_list("pk", flat=True)
        }
        events = AuditEvent.objects.filter(
            Q(actor=user) | Q(object_type=user._meta.label_lower, object_id=str(user.pk))
        ).order_by("pk")
        count = 0
        with TextSpool() as spool:
            for event in events.iterator(chunk_size=2000):
                whole = (event.object_type, event.object_id) in own
                spool.write(event_record(event, whole=whole))
                count += 1
            self.writer.add_stream("audit.jsonl", spool.rewound())
        return count


OTHERS_DETAILS = ("object_repr", "note", "data")


def event_record(event: AuditEvent, *, whole: bool) -> str:
    """One audit event as a line: its id and hash, and what the hash covers; without
    its description, note and data unless `whole`."""
    content = json.loads(event.canonical_content())
    if not whole:
        content = {key: value for key, value in content.items() if key not in OTHERS_DETAILS}
        content["withheld"] = list(OTHERS_DETAILS)
    line = {"id": event.pk, "hash": event.hash, **content}
    return json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n"
