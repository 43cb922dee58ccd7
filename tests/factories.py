"""Factories for tests. Seed data for real use lives in fixtures/, not here."""

import datetime as dt
import uuid

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from nominations.models import (
    AwardProgram,
    Certificate,
    ChecklistItem,
    ChecklistResult,
    Citation,
    Cycle,
    EndorsementRequest,
    Nomination,
    Nominee,
    NomineeKind,
    RubricCriterion,
)
from nominations.states import CycleState, EndorsementState, NominationState
from reviews.models import Assignment, Conflict, Panel, PanelMember, Review
from reviews.services.figures import panel_figures_refresh
from reviews.states import ConflictKind, ConflictStatus, ReviewState

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    # Hashed with the suite's fast hasher (tests/conftest.py); every user can sign in
    # with TEST_PASSWORD.
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[Role.AWARD_STAFF]) puts the user in those role groups."""
        if create and extracted:
            # Straight into the membership table, as a fixture would: arranged users are
            # not role grants anyone made, so they leave no `account.role_grant` event
            # (core.account_events hears of changes made through `groups`).
            groups = Group.objects.filter(name__in=[str(role) for role in extracted])
            User.groups.through.objects.bulk_create(
                [User.groups.through(user=self, group=group) for group in groups]
            )
        if create:
            self.save()


def nominator(**kwargs) -> User:
    return UserFactory(roles=[Role.NOMINATOR], **kwargs)


def award_staff(**kwargs) -> User:
    return UserFactory(roles=[Role.AWARD_STAFF], **kwargs)


def panelist(**kwargs) -> User:
    return UserFactory(roles=[Role.PANELIST], **kwargs)


def selecting_official(**kwargs) -> User:
    return UserFactory(roles=[Role.SELECTING_OFFICIAL], **kwargs)


class AwardProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardProgram
        django_get_or_create = ("slug",)

    slug = "pitf"
    name = "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"
    short_name = "Presidential Award"
    reference_prefix = "PA"
    description = "Honors extraordinary efforts to combat trafficking in persons."
    award_cap = 5
    signatory_name = "Antony J. Blinken"
    signatory_title = "Secretary of State"


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle in set-up with everything `open` needs: window, rubric, checklist, cap."""

    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    program = factory.SubFactory(AwardProgramFactory)
    award_year = factory.Sequence(lambda n: 2030 + n)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    performance_start = dt.date(2022, 1, 1)
    performance_end = dt.date(2022, 12, 31)
    award_cap = 5

    @factory.post_generation
    def configured(self, create, extracted, **kwargs):
        """CycleFactory(configured=False) leaves out the rubric and checklist."""
        if create and extracted is not False:
            RubricCriterion.objects.create(cycle=self, position=1, name="Impact")
            ChecklistItem.objects.create(
                cycle=self, position=1, text="Nominee type allowed by the statute"
            )
            ChecklistItem.objects.create(
                cycle=self, position=2, text="Interagency clearance", required=False
            )


class NomineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nominee

    kind = NomineeKind.ORGANIZATION
    legal_name = factory.Sequence(lambda n: f"Freedom Network {n}, Inc.")
    city = "Baltimore"
    state_or_province = "MD"
    contact_name = "Ana Ruiz"
    contact_email = factory.Sequence(lambda n: f"contact{n}@nominee.example.org")


class NominationFactory(factory.django.DjangoModelFactory):
    """A complete draft in an open cycle: everything `submit` asks for is filled in."""

    class Meta:
        model = Nomination

    cycle = factory.SubFactory(CycleFactory, state=CycleState.OPEN)
    nominator = factory.LazyFunction(nominator)
    nominee = factory.SubFactory(NomineeFactory)
    nominator_name = "Jordan Lee"
    nominator_title = "Program Officer"
    nominator_organization = "Department of Labor"
    nominator_phone = "202-555-0100"
    performance_start = dt.date(2022, 1, 1)
    performance_end = dt.date(2022, 12, 31)
    criterion_innovation = True
    p_protection = True
    summary = "Built a survivor-led referral network that reached 400 people."
    justification = "Over two years the network trained 1,200 first responders."
    suggested_citation = "for its innovative survivor-led referral network"


# -- objects further along the workflow ---------------------------------------------------
#
# Objects in any state are built by passing state= to the constructor: django-fsm's
# protected fields accept the initial value. What each transition's guards need is set
# up by `cycle_ready_for` and `nomination_ready_for`, so the transition tables can ask
# for "a nomination in state X, ready for transition Y" in one call.


def cycle_in(state: str, **kwargs) -> Cycle:
    return CycleFactory(state=state, **kwargs)


def nomination_in(state: str, *, cycle: Cycle | None = None, **kwargs) -> Nomination:
    """A complete nomination in `state`; submitted ones carry a reference and sequence."""
    cycle = cycle or CycleFactory(state=CycleState.OPEN)
    if state != NominationState.DRAFT and "reference" not in kwargs:
        Cycle.objects.filter(pk=cycle.pk).update(reference_counter=F("reference_counter") + 1)
        cycle.refresh_from_db(fields=["reference_counter"])
        sequence = cycle.reference_counter
        kwargs |= {
            "sequence": sequence,
            "reference": f"{cycle.program.reference_prefix}-{cycle.award_year}-{sequence:04d}",
            "submitted_at": timezone.now(),
        }
    return NominationFactory(state=state, cycle=cycle, **kwargs)


def checklist_passed(nomination: Nomination, *, by: User) -> None:
    """Every required checklist item of the nomination's cycle passed and signed."""
    for item in nomination.cycle.checklist_items.filter(required=True):
        ChecklistResult.objects.update_or_create(
            nomination=nomination,
            item=item,
            defaults={"result": "pass", "checked_by": by, "checked_at": timezone.now()},
        )


def citations_approved(nomination: Nomination, *, by: User) -> None:
    for kind, text in (
        ("short", "for its survivor-led referral network"),
        ("full", "for its innovative survivor-led referral network that reached 400 people"),
    ):
        Citation.objects.create(
            nomination=nomination,
            kind=kind,
            version=1,
            text=text,
            created_by=by,
            approved_by=by,
            approved_at=timezone.now(),
        )


def certificate_issued(nomination: Nomination, *, by: User) -> Certificate:
    return Certificate.objects.create(
        nomination=nomination,
        serial=f"{nomination.reference}-C1",
        recipient_name=nomination.nominee.display_name,
        sha256="0" * 64,
        issued_by=by,
        issued_at=timezone.now(),
    )


# The cycle state each nomination transition's guards ask for.
CYCLE_STATE_FOR_NOMINATION_TRANSITION = {
    "submit": CycleState.OPEN,
    "withdraw": CycleState.OPEN,
    "start_vetting": CycleState.CLOSED,
    "return_for_info": CycleState.CLOSED,
    "resubmit": CycleState.CLOSED,
    "take_back": CycleState.CLOSED,
    "extend_due_date": CycleState.CLOSED,
    "mark_ineligible": CycleState.CLOSED,
    "clear": CycleState.CLOSED,
    "send_to_panel": CycleState.REVIEW,
    "advance": CycleState.REVIEW,
    "not_advance": CycleState.REVIEW,
    "select": CycleState.SELECTION,
    "decline": CycleState.SELECTION,
    "award": CycleState.ANNOUNCED,
}


def nomination_ready_for(transition: str, *, state: str, staff: User | None = None) -> Nomination:
    """A nomination in `state`, in a cycle and with the records `transition` needs."""
    staff = staff or award_staff()
    cycle = CycleFactory(state=CYCLE_STATE_FOR_NOMINATION_TRANSITION[transition])
    nomination = nomination_in(state, cycle=cycle)
    if transition == "clear":
        checklist_passed(nomination, by=staff)
    if transition == "award":
        citations_approved(nomination, by=staff)
        certificate_issued(nomination, by=staff)
    return nomination


def panel_ready(cycle: Cycle, *, nominations: list[Nomination]) -> PanelMember:
    """An attested panelist on the cycle's panel, assigned to each of `nominations`."""
    panel = Panel.objects.create(cycle=cycle, attestation_text="I will keep it confidential.")
    member = PanelMember.objects.create(
        panel=panel, user=panelist(), attested_at=timezone.now(), attestation_name="P. Shah"
    )
    for nomination in nominations:
        Assignment.objects.create(nomination=nomination, member=member)
    return member


# -- panel review ---------------------------------------------------------------------------


def panel_of(cycle: Cycle, **kwargs) -> Panel:
    """The cycle's panel, made with the default statement when it has none yet."""
    panel, _ = Panel.objects.get_or_create(cycle=cycle, defaults=kwargs)
    return panel


def seat(
    cycle: Cycle,
    user: User | None = None,
    *,
    attested: bool = True,
    chair: bool = False,
    removed: bool = False,
) -> PanelMember:
    """A seat for `user` (a new panelist by default) on the cycle's panel."""
    now = timezone.now()
    user = user or panelist()
    return PanelMember.objects.create(
        panel=panel_of(cycle),
        user=user,
        is_chair=chair,
        attested_at=now if attested else None,
        attestation_name=user.full_name if attested else "",
        removed_at=now if removed else None,
    )


def review_cycle(*, nominations: int = 2, panelists: int = 3, criteria: int = 2) -> Cycle:
    """A cycle in panel review: a rubric of `criteria`, `nominations` in review, and
    `panelists` attested seats, each assigned to every nomination."""
    cycle = CycleFactory(state=CycleState.REVIEW, configured=False)
    for position in range(1, criteria + 1):
        RubricCriterion.objects.create(cycle=cycle, position=position, name=f"Criterion {position}")
    items = [nomination_in(NominationState.IN_REVIEW, cycle=cycle) for _ in range(nominations)]
    for _ in range(panelists):
        member = seat(cycle)
        for nomination in items:
            Assignment.objects.create(nomination=nomination, member=member)
    return cycle


def conflict(
    nomination: Nomination,
    member: PanelMember,
    *,
    status: str = ConflictStatus.DECLARED,
    kind: str = ConflictKind.EMPLOYMENT,
    reason: str = "I worked there until last year.",
) -> Conflict:
    made = Conflict.objects.create(
        nomination=nomination, member=member, status=status, kind=kind, reason=reason
    )
    panel_figures_refresh(cycle_id=nomination.cycle_id, nominations=[nomination.pk])
    return made


def review_of(
    nomination: Nomination,
    member: PanelMember,
    *,
    overall: int | None = 3,
    criteria: list[int] | None = None,
    submitted: bool = True,
) -> Review:
    """A review with `criteria` scores given in the rubric's order (all `overall` if None)."""
    rubric = list(nomination.cycle.rubric_criteria.values_list("pk", flat=True))
    scores = criteria if criteria is not None else [overall] * len(rubric)
    review = Review.objects.create(
        nomination=nomination,
        member=member,
        overall=overall,
        criterion_scores={
            str(pk): value for pk, value in zip(rubric, scores, strict=False) if value
        },
        strengths="Clear, documented results.",
        weaknesses="Little about sustainability.",
        state=ReviewState.SUBMITTED if submitted else ReviewState.DRAFT,
        submitted_at=timezone.now() if submitted else None,
    )
    panel_figures_refresh(cycle_id=nomination.cycle_id, nominations=[nomination.pk])
    return review


def cycle_ready_for(transition: str, *, state: str) -> Cycle:
    """A cycle in `state` with what `transition`'s guards need."""
    cycle = CycleFactory(state=state)
    if transition == "start_review":
        panel_ready(cycle, nominations=[nomination_in(NominationState.CLEARED, cycle=cycle)])
    elif transition == "start_selection":
        nomination_in(NominationState.SHORTLISTED, cycle=cycle)
    elif transition == "announce":
        citations_approved(nomination_in(NominationState.SELECTED, cycle=cycle), by=award_staff())
    elif transition == "archive":
        nomination_in(NominationState.AWARDED, cycle=cycle)
    return cycle


# Who may try a move, for the (state × transition × role) tables. "owner" is the
# nominator of the nomination at hand.
ACTORS = ("owner", "other_nominator", "staff", "panelist", "official", "anonymous")


def actor_named(name: str, nomination: Nomination | None = None):
    match name:
        case "owner":
            return nomination.nominator
        case "other_nominator" | "nominator":
            return nominator()
        case "staff":
            return award_staff()
        case "panelist":
            return panelist()
        case "official":
            return selecting_official()
        case "anonymous":
            return AnonymousUser()
    raise ValueError(f"no such actor: {name}")


def letter_request(
    nomination: Nomination,
    *,
    email: str,
    name: str = "Pat Endorser",
    state: str = EndorsementState.REQUESTED,
) -> EndorsementRequest:
    """A request for a letter of support sent to `email` (no letter attached)."""
    now = timezone.now()
    return EndorsementRequest.objects.create(
        nomination=nomination,
        name=name,
        email=email,
        relationship="Partner",
        token_hash=uuid.uuid4().hex * 2,
        state=state,
        expires_at=now + dt.timedelta(days=20),
        sent_at=now,
        cancelled_at=now if state == EndorsementState.CANCELLED else None,
    )
