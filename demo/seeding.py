"""The demo data set behind `python manage.py seed_demo`.

- The program and its published past recipients come from fixtures/ (real seed data).
- The 2022 cycle ran before this system existed, so it is imported as the public record
  shows it: announced, with its two awarded nominations and both citations of each.
  Each imported object gets one "seed.import" audit event.
- The 2023 cycle is in panel review (`demo/review_cycle.py`), and the 2024 cycle is
  open. Their nominations reach their states through the real services, so their audit
  trail and reference numbers are what users would produce.
- One demo user per role, all with the same password and a verified email address.

Every step looks for what it would create first, so a second run changes nothing; the
whole run is one transaction, so a failure part-way leaves nothing half-made.
"""

import datetime as dt
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.services.audit import audit_record
from nominations.models import (
    AwardProgram,
    ChecklistItem,
    Citation,
    Cycle,
    Nomination,
    Nominee,
    NomineeKind,
    PastRecipient,
    RubricCriterion,
)
from nominations.services.cycle import cycle_open
from nominations.services.nomination import (
    nomination_clear,
    nomination_create,
    nomination_mark_ineligible,
    nomination_return_for_info,
    nomination_start_vetting,
    nomination_submit,
    nomination_withdraw,
)
from nominations.services.vetting import checklist_record_result
from nominations.states import CycleState, NominationState

PROGRAM_SLUG = "presidential-award-tip"  # as in fixtures/program.json
DEMO_PASSWORD = "demo-award-2023"
DEMO_USERS = [
    ("nominator@example.org", "Nadia Okafor", Role.NOMINATOR),
    ("staff@example.org", "Sam Rivera", Role.AWARD_STAFF),
    ("panelist@example.org", "Priya Shah", Role.PANELIST),
    ("official@example.org", "Office of the Secretary", Role.SELECTING_OFFICIAL),
]
RECORDS_ACCOUNT = "records@example.org"
EASTERN = zoneinfo.ZoneInfo("America/New_York")

RUBRIC = [
    ("Courageous conduct", "Especially courageous conduct in a unique set of circumstances."),
    ("Sustained achievement", "An extended period of sustained achievement."),
    (
        "Innovation",
        "Particularly innovative efforts in prosecution, protection, prevention or partnership.",
    ),
    ("Impact", "Demonstrated results for victims and survivors, or against traffickers."),
]
CHECKLIST = [
    ("Nominee type is allowed by the statute", "", True),
    ("Contributions fall within the performance window", "", True),
    (
        "Not a prior recipient of this award",
        "Configurable rule: prior recipients may be renominated only for new work.",
        True,
    ),
    ("No adverse information in public records", "Search court, press and sanctions lists.", True),
    ("Interagency clearance recorded", "One line per clearing agency in the note.", False),
]
PRIVACY = {
    "privacy_authority": "22 U.S.C. 7109b; 5 U.S.C. 301.",
    "privacy_purpose": "To consider nominees for the award and to contact nominators and "
    "nominees about the nomination.",
    "privacy_routine_uses": "Shared with member agencies of the President's Interagency Task "
    "Force for clearance, and with invited panel reviewers under a confidentiality "
    "agreement. Recipients' names and citations are published.",
    "privacy_disclosure": "Providing this information is voluntary. Without it, the "
    "nomination cannot be considered.",
    "privacy_notice_url": "https://www.state.gov/system-of-records-notices-privacy-office/",
}


def seed_demo() -> dict[str, str]:
    """Create or complete the demo data set; returns the demo logins (email → role)."""
    with transaction.atomic():
        # Loaded once: later runs must not undo staff's edits to the program's texts.
        if not AwardProgram.objects.filter(slug=PROGRAM_SLUG).exists():
            call_command("loaddata", "program", "past_recipients", verbosity=0)
        program = AwardProgram.objects.get(slug=PROGRAM_SLUG)
        users = {role: _demo_user(email, name, role) for email, name, role in DEMO_USERS}
        records = _records_account()
        _import_2022(program, records, staff=users[Role.AWARD_STAFF])
        # Imported here, like the review cycle below: they build on this module.
        from demo.outputs_2022 import seed_2022_outputs

        seed_2022_outputs(
            Cycle.objects.get(program=program, award_year=2022), staff=users[Role.AWARD_STAFF]
        )
        from demo.review_cycle import seed_review_2023

        seed_review_2023(program, users, password=DEMO_PASSWORD)
        _open_2024(program, users)
    return {email: role.value for email, _, role in DEMO_USERS}


def _demo_user(email: str, full_name: str, role: Role) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role.value))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _records_account() -> User:
    """Holds nominations imported from the public record; it cannot sign in."""
    user, created = User.objects.get_or_create(
        email=RECORDS_ACCOUNT, defaults={"full_name": "Imported public record", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _import_2022(program: AwardProgram, records: User, *, staff: User) -> None:
    if Cycle.objects.filter(program=program, award_year=2022).exists():
        return
    cycle = Cycle.objects.create(
        program=program,
        award_year=2022,
        state=CycleState.ANNOUNCED,
        award_cap=5,
        public_call=False,
        signatory_name="Antony J. Blinken",
        presentation_date=dt.date(2023, 2, 13),
        presentation_event="Meeting of the President\u2019s Interagency Task Force to Monitor "
        "and Combat Trafficking in Persons",
        presentation_place="Washington, DC",
    )
    _audit_import(cycle, staff)
    imported_at = dt.datetime(2023, 2, 13, 12, 0, tzinfo=EASTERN)
    legal_names = {
        "Mercy Medical Center\u2019s Blue Dot Human Trafficking Initiative": "Mercy Medical "
        "Center, Inc.",
        "Centro de los Derechos del Migrante, Inc.": "Centro de los Derechos del Migrante, Inc.",
    }
    for sequence, recipient in enumerate(
        PastRecipient.objects.filter(program=program, award_year=2022).order_by("position"),
        start=1,
    ):
        city, _, state = recipient.location.partition(", ")
        nominee = Nominee.objects.create(
            kind=NomineeKind.ORGANIZATION,
            legal_name=legal_names[recipient.name],
            certificate_name=recipient.name,
            city=city,
            state_or_province=state,
            country="United States",
        )
        nomination = Nomination.objects.create(
            cycle=cycle,
            nominator=records,
            nominee=nominee,
            state=NominationState.AWARDED,
            sequence=sequence,
            reference=f"{program.reference_prefix}-2022-{sequence:04d}",
            suggested_citation=recipient.short_citation,
            submitted_at=imported_at,
        )
        for kind, text in (("short", recipient.short_citation), ("full", recipient.full_citation)):
            Citation.objects.create(
                nomination=nomination,
                kind=kind,
                version=1,
                text=text,
                created_by=staff,
                approved_by=staff,
                approved_at=imported_at,
            )
        _audit_import(nomination, staff)
    Cycle.objects.filter(pk=cycle.pk).update(reference_counter=2)


def _audit_import(obj, staff: User) -> None:
    audit_record(
        action="seed.import",
        actor=staff,
        obj=obj,
        to_state=obj.state,
        note="Imported from the public record by seed_demo.",
        role=Role.AWARD_STAFF.value,
    )


def demo_cycle(program: AwardProgram, award_year: int, *, opened_days_ago: int) -> Cycle:
    """A cycle in set-up with the demo rubric, checklist and presentation details."""
    deadline_day = timezone.localdate() + dt.timedelta(days=60)
    cycle = Cycle.objects.create(
        program=program,
        award_year=award_year,
        opens_at=timezone.now() - dt.timedelta(days=opened_days_ago),
        deadline=dt.datetime.combine(deadline_day, dt.time(17, 0), tzinfo=EASTERN),
        performance_start=dt.date(award_year - 1, 10, 1),
        performance_end=dt.date(award_year, 9, 30),
        award_cap=5,
        public_call=True,
        signatory_name="Antony J. Blinken",
        presentation_event="Annual meeting of the President\u2019s Interagency Task Force to "
        "Monitor and Combat Trafficking in Persons",
        presentation_place="Washington, DC",
        **PRIVACY,
    )
    for position, (name, description) in enumerate(RUBRIC, start=1):
        RubricCriterion.objects.create(
            cycle=cycle, position=position, name=name, description=description
        )
    for position, (text, help_text, required) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.create(
            cycle=cycle, position=position, text=text, help_text=help_text, required=required
        )
    return cycle


def demo_nomination(cycle: Cycle, nominator: User, name: str, **fields) -> Nomination:
    """A complete draft of an organization's nomination, as the demo nominator writes it."""
    slug = name.lower().replace(" ", "")
    return nomination_create(
        cycle=cycle,
        nominator=nominator,
        nominee_kind=NomineeKind.ORGANIZATION,
        nominee_fields={
            "legal_name": name,
            "city": "Chicago",
            "state_or_province": "IL",
            "contact_name": "Director",
            "contact_email": f"director@{slug}.example.org",
        },
        **(_complete_fields(cycle) | fields),
    )


def _open_2024(program: AwardProgram, users: dict[Role, User]) -> None:
    if Cycle.objects.filter(program=program, award_year=2024).exists():
        return
    staff, nominator = users[Role.AWARD_STAFF], users[Role.NOMINATOR]
    cycle = demo_cycle(program, 2024, opened_days_ago=1)
    cycle_open(cycle=cycle, actor=staff)
    _demo_nominations(cycle, nominator=nominator, staff=staff)


def _demo_nominations(cycle: Cycle, *, nominator: User, staff: User) -> None:
    def draft(name: str, **fields) -> Nomination:
        return demo_nomination(cycle, nominator, name, **fields)

    draft("Harbor Light Survivor Network", summary="")  # an unfinished draft
    submitted = [
        draft("Freedom Route Legal Clinic"),
        draft("Safe Passage Border Collaborative"),
        draft("Open Hands Shelter Alliance"),
        draft("Clear Supply Chains Project"),
        draft("Northern Plains Outreach Center"),
        draft("Riverbend Worker Center"),
    ]
    for nomination in submitted:
        nomination_submit(nomination=nomination, actor=nominator)
    received, vetting, returned, cleared, ineligible, withdrawn = submitted
    items = list(cycle.checklist_items.all())
    for nomination in (vetting, returned, cleared, ineligible):
        nomination_start_vetting(nomination=nomination, actor=staff)
    checklist_record_result(nomination=vetting, item=items[0], actor=staff, result="pass")
    nomination_return_for_info(
        nomination=returned,
        actor=staff,
        message="Please add the dates of the trainings described in the justification.",
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    for item in items:
        if item.required:
            checklist_record_result(nomination=cleared, item=item, actor=staff, result="pass")
    nomination_clear(nomination=cleared, actor=staff)
    nomination_mark_ineligible(
        nomination=ineligible,
        actor=staff,
        reason="The work described falls outside the performance window.",
    )
    nomination_withdraw(nomination=withdrawn, actor=nominator, reason="Nominated in error.")
    del received  # stays "submitted": waiting for staff to start vetting


def _complete_fields(cycle: Cycle) -> dict:
    return {
        "nominator_name": "Nadia Okafor",
        "nominator_title": "Program Analyst",
        "nominator_organization": "Department of Transportation",
        "nominator_phone": "202-555-0142",
        "performance_start": cycle.performance_start,
        "performance_end": cycle.performance_end,
        "criterion_sustained": True,
        "criterion_innovation": True,
        "p_protection": True,
        "p_partnership": True,
        "summary": "Built a survivor-led referral network across three states that connected "
        "more than 400 survivors with housing, legal aid and employment.",
        "justification": "Over the performance period the network trained 1,200 first "
        "responders, opened two shelters and supported 38 prosecutions.",
        "suggested_citation": "for its survivor-led network that connects victims of human "
        "trafficking with housing, legal aid and work",
    }
