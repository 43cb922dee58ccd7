from nominations.models.cycle import ChecklistItem, Cycle, CycleState, RubricCriterion
from nominations.models.files import Attachment, EndorsementRequest, EndorsementState
from nominations.models.nomination import Nomination, NominationState, NominationVersion
from nominations.models.nominee import Nominee, Possessive
from nominations.models.outbox import (
    LINK_SEAL_PURPOSE,
    SECRET_WITHHELD,
    OutboxMessage,
    OutboxStatus,
)
from nominations.models.outputs import (
    Announcement,
    Certificate,
    CertificateStatus,
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
    "CertificateStatus",
    "CheckResult",
    "ChecklistItem",
    "ChecklistResult",
    "Citation",
    "CitationKind",
    "Cycle",
    "EndorsementRequest",
    "EndorsementState",
    "CycleState",
    "DuplicateCase",
    "Nomination",
    "NominationState",
    "NominationVersion",
    "Nominee",
    "NomineeKind",
    "LINK_SEAL_PURPOSE",
    "OutboxMessage",
    "OutboxStatus",
    "SECRET_WITHHELD",
    "PastRecipient",
    "Possessive",
    "RubricCriterion",
    "SelectionDecision",
    "SlateEntry",
]
