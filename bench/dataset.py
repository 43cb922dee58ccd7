"""Builds the benchmark's data set with bulk_create (see bench/seed.py for what it holds).

Imported after Django is set up. Everything is deterministic for a given size: the same
rows, texts and scores on every run, so two runs of one size compare.
"""

import datetime as dt
import hashlib
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from bench.audit import AuditWriter
from bench.dataset_panel import PanelData
from bench.dataset_records import SHARED_PDF, NominationRecords
from bench.seed import (
    BENCH_NOMINATOR,
    BENCH_OFFICIAL,
    BENCH_STAFF,
    OPEN_YEAR,
    PASSWORD,
    PAST_YEARS,
    REVIEW_YEAR,
    SELECTION_YEAR,
)
from bench.text import Prose
from demo.seeding import CHECKLIST, PRIVACY, PROGRAM_SLUG, RUBRIC
from nominations.models import (
    Announcement,
    Attachment,
    AwardProgram,
    Certificate,
    ChecklistItem,
    ChecklistResult,
    Cycle,
    EndorsementRequest,
    Nomination,
    Nominee,
    OutboxMessage,
    RubricCriterion,
    SelectionDecision,
)
from nominations.states import CycleState, NominationState
from reviews.models import (
    Assignment,
    Conflict,
    PanelMember,
    Review,
)

S = NominationState


def build(nominations: int, panelists: int) -> dict[str, int]:
    """Fill an empty, migrated database; returns the row counts."""
    if AwardProgram.objects.filter(slug=PROGRAM_SLUG).exists():
        raise SystemExit("The database already holds a program: seed an empty database.")
    pdf = shared_pdf()
    with transaction.atomic():
        call_command("loaddata", "program", "past_recipients", verbosity=0)
        program = AwardProgram.objects.get(slug=PROGRAM_SLUG)
        builder = Builder(program, nominations=nominations, panelists=panelists, pdf=pdf)
        builder.run()
    return builder.counts()


def shared_pdf() -> bytes:
    from selection.pdf.certificate import CertificateData, render_certificate

    data = render_certificate(
        CertificateData(
            program_title="Benchmark",
            award_year=2025,
            recipient_name="Shared attachment",
            citation="for a benchmark",
            signatory_name="A. Signatory",
            signatory_title="Title",
            place_and_date="Washington, DC",
            serial="",
            verification_url="",
        )
    )
    # Through the storage API, so a bench against object storage (FILE_STORAGE=s3) finds
    # it too; replaced, since a storage that keeps the old file would store a new name.
    default_storage.delete(SHARED_PDF)
    stored = default_storage.save(SHARED_PDF, ContentFile(data))
    if stored != SHARED_PDF:
        raise RuntimeError(f"The shared PDF was stored as {stored}, not {SHARED_PDF}.")
    return data


class Builder(NominationRecords, PanelData):
    def __init__(self, program, *, nominations: int, panelists: int, pdf: bytes) -> None:
        self.program = program
        self.size = nominations
        self.panelist_count = panelists
        self.pdf_sha = hashlib.sha256(pdf).hexdigest()
        self.pdf_size = len(pdf)
        self.prose = Prose(seed=nominations)
        self.rng = random.Random(nominations)
        self.now = timezone.now()
        self.audit = AuditWriter(start=self.now - dt.timedelta(days=800))
        self.password = make_password(PASSWORD)

    def run(self) -> None:
        self.users()
        for year in PAST_YEARS:
            self.past_cycle(year)
        self.selection_cycle()
        self.review_cycle()
        self.open_cycle()
        self.audit.flush()

    def counts(self) -> dict[str, int]:
        models = [
            User,
            Cycle,
            Nomination,
            Attachment,
            EndorsementRequest,
            ChecklistResult,
            PanelMember,
            Assignment,
            Review,
            Conflict,
            Certificate,
            OutboxMessage,
        ]
        counts = {model._meta.verbose_name_plural: model.objects.count() for model in models}
        review_cycle = Cycle.objects.get(award_year=REVIEW_YEAR)
        counts["review-cycle nominations"] = review_cycle.nominations.count()
        counts["review-cycle reviews"] = Review.objects.filter(
            nomination__cycle=review_cycle
        ).count()
        counts["review-cycle panelists"] = PanelMember.objects.filter(
            panel__cycle=review_cycle
        ).count()
        counts["audit events"] = self.audit.written
        return counts

    # -- people ---------------------------------------------------------------------------

    def users(self) -> None:
        nominators = max(self.size // 4, 20)
        specs = [
            (f"staff{i}@bench.example.org", f"Staff Member {i}", Role.AWARD_STAFF) for i in range(3)
        ]
        specs.append((BENCH_OFFICIAL, "Office of the Secretary", Role.SELECTING_OFFICIAL))
        specs += [
            (f"panelist{i}@bench.example.org", f"Panelist {i}", Role.PANELIST)
            for i in range(self.panelist_count)
        ]
        specs += [
            (f"nominator{i}@bench.example.org", f"Nominator {i}", Role.NOMINATOR)
            for i in range(nominators)
        ]
        users = User.objects.bulk_create(
            User(email=email, full_name=name, password=self.password) for email, name, _ in specs
        )
        groups = {group.name: group.pk for group in Group.objects.all()}
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=groups[str(role)])
            for user, (_, _, role) in zip(users, specs, strict=True)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        by_email = {user.email: user for user in users}
        self.staff = by_email[BENCH_STAFF]
        self.official = by_email[BENCH_OFFICIAL]
        self.panelists = [
            u for u, spec in zip(users, specs, strict=True) if spec[2] == Role.PANELIST
        ]
        self.nominators = [
            u for u, spec in zip(users, specs, strict=True) if spec[2] == Role.NOMINATOR
        ]
        assert self.nominators[0].email == BENCH_NOMINATOR

    def nominator_for(self, index: int) -> User:
        # The bench nominator owns one nomination in a hundred, so "My nominations" grows
        # with the data; the others share the rest.
        if index % 100 == 0:
            return self.nominators[0]
        return self.nominators[1 + index % (len(self.nominators) - 1)]

    # -- cycles ---------------------------------------------------------------------------

    def cycle(self, year: int, state: str, *, opened_days_ago: int, open_days: int = 90) -> Cycle:
        opens_at = self.now - dt.timedelta(days=opened_days_ago)
        cycle = Cycle.objects.create(
            program=self.program,
            award_year=year,
            state=state,
            opens_at=opens_at,
            deadline=opens_at + dt.timedelta(days=open_days),
            performance_start=dt.date(year - 1, 10, 1),
            performance_end=dt.date(year, 9, 30),
            award_cap=5,
            public_call=True,
            signatory_name="Antony J. Blinken",
            presentation_date=dt.date(year + 1, 2, 13) if year in PAST_YEARS else None,
            presentation_event="Annual meeting of the President\u2019s Interagency Task Force",
            presentation_place="Washington, DC",
            **PRIVACY,
        )
        self.audit.add("cycle.open", self.staff, cycle, "setup", "open")
        self.criteria = RubricCriterion.objects.bulk_create(
            RubricCriterion(cycle=cycle, position=i, name=name, description=text)
            for i, (name, text) in enumerate(RUBRIC, start=1)
        )
        self.items = ChecklistItem.objects.bulk_create(
            ChecklistItem(cycle=cycle, position=i, text=text, help_text=help_text, required=req)
            for i, (text, help_text, req) in enumerate(CHECKLIST, start=1)
        )
        return cycle

    def past_cycle(self, year: int) -> None:
        cycle = self.cycle(year, CycleState.ANNOUNCED, opened_days_ago=700 - 300 * (year - 2022))
        count = max(self.size // 20, 12)
        states = [S.AWARDED] * 5 + [S.NOT_SELECTED] * 3 + [S.INELIGIBLE] * 2 + [S.WITHDRAWN]
        states += [S.NOT_ADVANCED] * (count - len(states))
        nominations = self.nominations(cycle, states)
        awarded = [n for n in nominations if n.state == S.AWARDED]
        self.citations(awarded)
        self.certificates(awarded)
        SelectionDecision.objects.create(
            cycle=cycle,
            decided_by=self.official,
            decided_at=cycle.deadline + dt.timedelta(days=60),
            signed_name="Office of the Secretary",
            selected=[n.reference for n in awarded],
        )
        Announcement.objects.create(
            cycle=cycle,
            statement_date=cycle.presentation_date,
            headline=f"The {year} Presidential Award recipients",
            context_paragraph=self.prose.paragraph(2),
            meeting_sentence="The Secretary presented the awards at the Task Force meeting.",
            commitments="Protect survivors.\nProsecute traffickers.",
            closing_sentence="We congratulate this year's recipients.",
            updated_by=self.staff,
        )

    def selection_cycle(self) -> None:
        cycle = self.cycle(SELECTION_YEAR, CycleState.SELECTION, opened_days_ago=330)
        count = max(self.size // 10, 20)
        slate = max(count // 10, 6)
        states = [S.SHORTLISTED] * slate + [S.INELIGIBLE] * 2
        states += [S.NOT_ADVANCED] * (count - len(states))
        nominations = self.nominations(cycle, states)
        panel_nominations = [n for n in nominations if n.state != S.INELIGIBLE]
        self.panel(cycle, panel_nominations, panelists=self.panelists, drafts=0.0)
        self.citations([n for n in nominations if n.state == S.SHORTLISTED][:5], approved=False)
        self.slate_entries([n for n in nominations if n.state == S.SHORTLISTED])

    def review_cycle(self) -> None:
        cycle = self.cycle(REVIEW_YEAR, CycleState.REVIEW, opened_days_ago=150)
        advanced = max(self.size * 3 // 100, 2)
        states = [S.SHORTLISTED] * advanced + [S.IN_REVIEW] * (self.size - advanced)
        self.rng.shuffle(states)
        nominations = self.nominations(cycle, states)
        self.panel(cycle, nominations, panelists=self.panelists, drafts=0.07)
        self.slate_entries([n for n in nominations if n.state == S.SHORTLISTED])

    def open_cycle(self) -> None:
        cycle = self.cycle(OPEN_YEAR, CycleState.OPEN, opened_days_ago=10, open_days=120)
        count = max(self.size // 10, 20)
        mix = [S.DRAFT] * 8 + [S.SUBMITTED] * 4 + [S.VETTING] * 4 + [S.RETURNED, S.CLEARED]
        mix += [S.CLEARED, S.WITHDRAWN]
        self.nominations(cycle, [mix[i % len(mix)] for i in range(count)])

    # -- nominations and what hangs off them ----------------------------------------------

    def nominations(self, cycle: Cycle, states: list[str]) -> list[Nomination]:
        prose = self.prose
        base = Nomination.objects.count()
        nominees = []
        for offset in range(len(states)):
            city, region = prose.place()
            name = prose.organization(base + offset)
            slug = name.lower().replace(" ", "")
            nominees.append(
                Nominee(
                    legal_name=name,
                    city=city,
                    state_or_province=region,
                    contact_name="Director",
                    contact_email=f"director@{slug}.example.org",
                    website=f"https://{slug}.example.org",
                )
            )
        for nominee in nominees:
            nominee.set_match_keys()  # bulk_create skips save(), which sets them
        nominees = Nominee.objects.bulk_create(nominees, batch_size=2000)
        rows = []
        sequence = 0
        for offset, (state, nominee) in enumerate(zip(states, nominees, strict=True)):
            submitted = state != S.DRAFT
            if submitted:
                sequence += 1
            rows.append(
                Nomination(
                    cycle=cycle,
                    nominator=self.nominator_for(base + offset),
                    nominee=nominee,
                    state=state,
                    sequence=sequence if submitted else None,
                    reference=f"PA-{cycle.award_year}-{sequence:04d}" if submitted else None,
                    nominator_name="Nominator",
                    nominator_title="Program Analyst",
                    nominator_organization="Department of Transportation",
                    nominator_phone="202-555-0142",
                    performance_start=cycle.performance_start,
                    performance_end=cycle.performance_end,
                    criterion_sustained=True,
                    criterion_innovation=offset % 2 == 0,
                    p_protection=True,
                    p_partnership=offset % 3 == 0,
                    summary=prose.paragraph(3),
                    justification=prose.paragraph(14),
                    suggested_citation=prose.citation(),
                    info_request="Please add the dates of the trainings."
                    if state == S.RETURNED
                    else "",
                    info_due_date=timezone.localdate() + dt.timedelta(days=14)
                    if state == S.RETURNED
                    else None,
                    ineligible_reason="Outside the performance window."
                    if state == S.INELIGIBLE
                    else "",
                    submitted_at=cycle.opens_at + dt.timedelta(days=1 + offset % 80)
                    if submitted
                    else None,
                )
            )
        nominations = Nomination.objects.bulk_create(rows, batch_size=1000)
        Cycle.objects.filter(pk=cycle.pk).update(reference_counter=sequence)
        submitted = [n for n in nominations if n.state != S.DRAFT]
        self.files(nominations)
        self.vetting(submitted)
        self.versions_and_mail(submitted)
        return nominations
