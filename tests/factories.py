"""Factories for tests. Seed data for real use lives in fixtures/, not here."""

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from nominations.models import (
    AwardProgram,
    ChecklistItem,
    Cycle,
    CycleState,
    Nomination,
    Nominee,
    NomineeKind,
    RubricCriterion,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[Role.AWARD_STAFF]) puts the user in those role groups."""
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(role) for role in extracted]))
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
