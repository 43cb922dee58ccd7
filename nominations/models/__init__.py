from nominations.models.cycle import ChecklistItem, Cycle, RubricCriterion
from nominations.models.files import Attachment, EndorsementRequest
from nominations.models.nomination import Nomination, NominationVersion
from nominations.models.nominee import Nominee, Possessive
from nominations.models.outbox import (
    LINK_SEAL_PURPOSE,
    SECRET_WITHHELD,
    OutboxMessage,
)
from nominations.models.outputs import (
    Announcement,
    Certificate,
    Citation,
    CitationKind,
    SelectionDecision,
    SlateEntry,
)
from nominations.models.program import AwardProgram, NomineeKind, PastRecipient
from nominations.models.vetting import ChecklistResult, CheckResult, DuplicateCase

__all__ = [
    "Announcement",
    "Attachment",
    "AwardProgram",
    "Certificate",
    "CheckResult",
    "ChecklistItem",
    "ChecklistResult",
    "Citation",
    "CitationKind",
    "Cycle",
    "EndorsementRequest",
    "DuplicateCase",
    "Nomination",
    "NominationVersion",
    "Nominee",
    "NomineeKind",
    "LINK_SEAL_PURPOSE",
    "OutboxMessage",
    "SECRET_WITHHELD",
    "PastRecipient",
    "Possessive",
    "RubricCriterion",
    "SelectionDecision",
    "SlateEntry",
]
