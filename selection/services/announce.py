"""The one staff "Announce" action: announce the cycle, issue the missing certificates,
award every selected nomination and queue the notices, all or nothing."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import pluralize
from django.urls import reverse

from accounts.roles import Role
from core.exceptions import TransitionBlocked
from core.services.audit import audit_record, audits_refusals, guard_reasons
from core.transitions import reload_workflow_object
from nominations import rules
from nominations.models import Certificate, Citation, CitationKind, Cycle, Nomination
from nominations.selectors.award import certificate_default_name, certificate_issue_blockers
from nominations.services.cycle import cycle_announce
from nominations.services.mail import email_nominator_on_commit
from nominations.services.nomination import nomination_award
from nominations.states import CertificateStatus, NominationState
from selection.selectors.certificates import certificate_problems
from selection.services.certificates import certificate_issue

# Nominations that reached the panel without becoming recipients: their nominators hear
# at the announcement. Withdrawn and ineligible ones were told when that happened.
NOT_SELECTED_STATES = (NominationState.NOT_ADVANCED, NominationState.NOT_SELECTED)
AWARD_NOTE = "Awarded with the announcement of the recipients."


@dataclass(frozen=True)
class AnnouncePreview:
    """What "Announce" will do now: the recipients (each with `has_certificate`), how many
    certificates it issues, how many notices it queues, and what stops it beyond the
    cycle's own blockers."""

    recipients: list[Nomination]
    others: list[Nomination]
    problems: list[str] = field(default_factory=list)

    @property
    def certificates_to_issue(self) -> int:
        return sum(1 for nomination in self.recipients if not nomination.has_certificate)

    @property
    def notices(self) -> int:
        return len(self.recipients) + len(self.others)


@dataclass(frozen=True)
class AnnounceOutcome:
    cycle: Cycle
    awarded: list[str]
    certificates_issued: list[str]
    congratulations: int
    not_selected_notices: int

    @property
    def notices(self) -> int:
        return self.congratulations + self.not_selected_notices


def _recipients(cycle: Cycle) -> list[Nomination]:
    valid = Certificate.objects.filter(nomination=OuterRef("pk"), status=CertificateStatus.VALID)
    # A valid certificate issued before the newest full citation was approved prints
    # older wording than the one approved for use.
    newer_citation = Citation.objects.filter(
        nomination=OuterRef("nomination"),
        kind=CitationKind.FULL,
        approved_at__gt=OuterRef("issued_at"),
    )
    return list(
        cycle.nominations.filter(state=NominationState.SELECTED)
        .select_related("nominee", "cycle__program")
        .annotate(
            has_certificate=Exists(valid),
            certificate_outdated=Exists(valid.filter(Exists(newer_citation))),
        )
        .order_by("sequence", "pk")
    )


def _others(cycle: Cycle) -> list[Nomination]:
    return list(
        cycle.nominations.filter(state__in=NOT_SELECTED_STATES)
        .select_related("nominee")
        .order_by("sequence", "pk")
    )


def award_problems(recipients: list[Nomination], actor) -> list[str]:
    """Why the recipients cannot all get a certificate and the award from `actor`, beyond
    the cycle's announce blockers (which already cover citations and the cap)."""
    problems = []
    for nomination in recipients:
        if not rules.can_vet(actor, nomination):
            problems.append(
                f"you are a party to the nomination of {nomination.nominee}, so another "
                "member of award staff must announce"
            )
        if nomination.certificate_outdated:
            problems.append(
                f"the certificate of {nomination.nominee} was issued before its full citation "
                "was last approved: re-issue it from the nomination's page"
            )
        if nomination.has_certificate:
            continue
        for reason in certificate_issue_blockers(nomination, citation_checked_elsewhere=True):
            problems.append(f"no certificate can be issued for {nomination.nominee}: {reason}")
        name = certificate_default_name(nomination)
        if not name:
            problems.append(f"{nomination.nominee} has no name to print on the certificate")
        else:
            for reason in certificate_problems(nomination, recipient_name=name):
                problems.append(f"no certificate can be issued for {nomination.nominee}: {reason}")
    return problems


def announce_preview(*, cycle: Cycle, actor) -> AnnouncePreview:
    """What `cycle_announce_and_award` would do if `actor` pressed "Announce" now."""
    recipients = _recipients(cycle)
    return AnnouncePreview(
        recipients=recipients,
        others=_others(cycle),
        problems=award_problems(recipients, actor),
    )


@audits_refusals(
    "cycle.announce", obj="cycle", role=Role.AWARD_STAFF, from_state=True, note=guard_reasons
)
def cycle_announce_and_award(*, cycle: Cycle, actor, note: str = "") -> AnnounceOutcome:
    """Announce the cycle's recipients and confer their awards, in one transaction.

    Changes: the cycle selection → announced (`cycle_announce`, its own audit event),
    its scheduled announcement, if any, dropped;
    for each selected nomination in sequence order, a certificate if it has no valid one
    (`certificate_issue`, stored PDF and audit event) and selected → awarded (audit event
    "nomination.award"); one summary event "cycle.announce_all" with the counts.
    Schedules after commit: a congratulations email (`emails/nomination_awarded_*`) to the
    nominator of each recipient, and a "not selected" email
    (`emails/announce_not_selected_*`) to the nominator of each not-advanced or
    not-selected nomination. Withdrawn and ineligible nominations hear nothing more.

    Raises a WorkflowError (TransitionBlocked with every reason when it can) and changes
    nothing when any step fails: the database rolls back and the certificate files
    already stored are deleted. The refusal, whichever step refused, is recorded as one
    denied "cycle.announce" (the reasons alone as its note, as the cycle page says them).
    """
    stored: list[str] = []
    # Set by the first after-commit callback: from then on the certificates are on record
    # and their files must stay, whatever a later callback does.
    committed: list[bool] = []
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: committed.append(True))
            cycle_announce(cycle=cycle, actor=actor, note=note)
            if cycle.announce_at is not None:
                # Announced, now or at its moment: nothing is left scheduled.
                cycle.announce_at = cycle.announce_scheduled_by = None
                cycle.save(update_fields=["announce_at", "announce_scheduled_by"])
            recipients = _recipients(cycle)
            problems = award_problems(recipients, actor)
            if problems:
                raise TransitionBlocked("cannot announce: " + "; ".join(problems), reasons=problems)
            issued, awarded = [], []
            for nomination in recipients:
                if nomination.has_valid_certificate():
                    serial = nomination.certificates.get(status=CertificateStatus.VALID).serial
                else:
                    certificate = certificate_issue(
                        nomination=nomination, actor=actor, expected_current=""
                    )
                    stored.append(certificate.file.name)
                    serial = certificate.serial
                    issued.append(serial)
                nomination_award(
                    nomination=nomination,
                    actor=actor,
                    note=AWARD_NOTE,
                    certificate_serial=serial,
                )
                awarded.append(nomination.reference)
            others = _others(cycle)
            for nomination in others:
                email_nominator_on_commit(
                    nomination=nomination,
                    template="announce_not_selected",
                    recipients_url=settings.AWARDS_SITE_URL.rstrip("/")
                    + reverse("nominations:home"),
                )
            outcome = AnnounceOutcome(
                cycle=cycle,
                awarded=awarded,
                certificates_issued=issued,
                congratulations=len(awarded),
                not_selected_notices=len(others),
            )
            audit_record(
                action="cycle.announce_all",
                actor=actor,
                obj=cycle,
                note=note,
                data={
                    "awarded": len(awarded),
                    "certificates_issued": len(issued),
                    "congratulations": outcome.congratulations,
                    "not_selected_notices": outcome.not_selected_notices,
                    "references": awarded,
                    "serials": issued,
                },
                role=Role.AWARD_STAFF,
            )
    except BaseException:
        if not committed:
            # Nothing committed, so no stored certificate may outlive its row.
            for name in stored:
                Certificate.file.field.storage.delete(name)
        reload_workflow_object(cycle)
        raise
    return outcome


def announce_consequences(cycle: Cycle, actor) -> list[str]:
    """What announcing does, in plain words, for the move's confirmation page."""
    preview = announce_preview(cycle=cycle, actor=actor)
    recipients = preview.recipients
    names = "; ".join(f"{nomination.nominee} ({nomination.reference})" for nomination in recipients)
    lines = [
        f"{len(recipients)} recipient{pluralize(len(recipients))} awarded"
        + (f": {names}." if names else "."),
        f"{preview.certificates_to_issue} certificate{pluralize(preview.certificates_to_issue)}"
        " issued; every recipient's certificate becomes verifiable by its serial number.",
        "Public: the recipients and their short citations on the home page, and the press "
        f"statement on its own page for {cycle.award_year}.",
        f"{preview.notices} email{pluralize(preview.notices)} queued: "
        f"{len(recipients)} congratulation{pluralize(len(recipients))} and "
        f"{len(preview.others)} “not selected” notice{pluralize(len(preview.others))}; "
        "nominators see the outcome on their nominations.",
    ]
    return lines + [f"Announcing would stop at: {problem}." for problem in preview.problems]
