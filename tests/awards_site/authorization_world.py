"""The world the authorization matrix requests pages of, and the actors who request them.

One set of objects fills every URL's arguments: a cycle in each state the pages care
about, nominations of two nominators, a review panel with a seat in each situation, files,
letters, citations, an issued certificate, outbox rows, conflicts, assignments and
comments; and, for an announced and an archived cycle, the panel that reviewed one of
its nominations, with the same seats. Everything the URLs name belongs to `nominator`
("own"); `other_nominator` asks for the same objects ("another's").
"""

import datetime as dt
from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.links import new_token, token_hash
from nominations.models import (
    Attachment,
    ChecklistResult,
    Citation,
    EndorsementRequest,
    OutboxMessage,
)
from nominations.states import CycleState, EndorsementState, NominationState
from people.models import RoleInvitation
from records.models import RecordRequest, RecordsPackage
from records.states import PackageStatus
from reviews.models import Assignment, Comment, PanelInvitation
from reviews.states import ConflictStatus
from tests.accounts.totp import current_code
from tests.core.pdf_samples import valid_pdf
from tests.factories import (
    TEST_PASSWORD,
    AwardProgramFactory,
    CycleFactory,
    UserFactory,
    award_staff,
    certificate_issued,
    citations_approved,
    conflict,
    nomination_in,
    nominator,
    panel_of,
    panelist,
    review_of,
    seat,
    selecting_official,
)

# Signed in with password and second factor (or never asked for one: nominators).
SIGNED_IN = (
    "nominator",
    "other_nominator",
    "panelist_unattested",
    "panelist_assigned",
    "panelist_unassigned",
    "panelist_conflicted",
    "panelist_party",
    "chair",
    "staff",
    "staff_party",
    "official",
    "superuser",
)
# Signed in with the password only, never enrolled: the MFA middleware's business.
PASSWORD_ONLY = (
    "staff_password_only",
    "panelist_password_only",
    "official_password_only",
    "superuser_password_only",
)
# Enrolled, gave the password, not the code: allauth has not signed them in.
CODE_PENDING = ("staff_code_pending",)
ACTORS = ("anonymous", *SIGNED_IN, *PASSWORD_ONLY, *CODE_PENDING)
PANEL_SEATS = (
    "panelist_unattested",
    "panelist_assigned",
    "panelist_unassigned",
    "panelist_conflicted",
    "panelist_party",
    "chair",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    totp_secrets: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def client_for(self, actor: str) -> Client:
        """A fresh client carrying only the actor's session cookie."""
        client = Client()
        key = self.sessions.get(actor)
        if key:
            from django.conf import settings

            client.cookies[settings.SESSION_COOKIE_NAME] = key
        return client


def build_world() -> World:
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    world = World()
    _people(world)
    _nominator_side(world)
    _vetting_side(world)
    _panel_side(world)
    _selection_and_outputs(world)
    _past_panels(world)
    _sign_in(world)
    return world


def _people(world: World) -> None:
    users = world.users
    users["nominator"] = nominator(full_name="Owner Nominator")
    users["other_nominator"] = nominator(full_name="Other Nominator")
    for name in PANEL_SEATS:
        users[name] = panelist(full_name=name.replace("_", " ").title())
    users["staff"] = award_staff(full_name="Award Staff")
    # Asked for a letter of support for the nomination in review (see _panel_side).
    users["staff_party"] = award_staff(full_name="Party Staff", email="letter@partner.example.org")
    users["official"] = selecting_official(full_name="Selecting Official")
    users["superuser"] = UserFactory(is_staff=True, is_superuser=True)
    users["staff_password_only"] = award_staff()
    users["panelist_password_only"] = panelist()
    users["official_password_only"] = selecting_official()
    users["superuser_password_only"] = UserFactory(is_staff=True, is_superuser=True)
    users["staff_code_pending"] = award_staff()
    for name in (
        *PANEL_SEATS,
        "staff",
        "staff_party",
        "official",
        "superuser",
        "staff_code_pending",
    ):
        world.totp_secrets[name] = generate_totp_secret()
        TOTP.activate(users[name], world.totp_secrets[name])


def _store(instance, field_name: str, name: str = "file.pdf") -> None:
    getattr(instance, field_name).save(name, ContentFile(valid_pdf()), save=True)


def _nominator_side(world: World) -> None:
    owner = world.users["nominator"]
    objects = world.objects
    objects["program"] = AwardProgramFactory()
    objects["cycle_setup"] = CycleFactory(state=CycleState.SETUP)
    open_cycle = objects["cycle_open"] = CycleFactory(state=CycleState.OPEN)
    draft = objects["draft"] = nomination_in(
        NominationState.DRAFT, cycle=open_cycle, nominator=owner
    )
    objects["submitted"] = nomination_in(
        NominationState.SUBMITTED, cycle=open_cycle, nominator=owner
    )
    objects["others_draft"] = nomination_in(
        NominationState.DRAFT, cycle=open_cycle, nominator=world.users["other_nominator"]
    )
    attachment = Attachment(
        nomination=draft, original_name="report.pdf", size=10, sha256="0" * 64, uploaded_by=owner
    )
    _store(attachment, "file")
    objects["attachment"] = attachment
    now = timezone.now()
    for name, state, expires in (
        ("valid", EndorsementState.REQUESTED, now + dt.timedelta(days=10)),
        ("used", EndorsementState.RECEIVED, now + dt.timedelta(days=10)),
        ("expired", EndorsementState.REQUESTED, now - dt.timedelta(days=1)),
    ):
        token = new_token()
        world.tokens[name] = token
        endorsement = EndorsementRequest.objects.create(
            nomination=draft,
            name=f"Endorser {name}",
            email=f"{name}@partner.example.org",
            relationship="program partner",
            token_hash=token_hash(token),
            state=state,
            expires_at=expires,
            sent_at=now,
            received_at=now if state == EndorsementState.RECEIVED else None,
        )
        if state == EndorsementState.RECEIVED:
            _store(endorsement, "letter", "letter.pdf")
        objects[f"endorsement_{name}"] = endorsement
    objects["outbox"] = OutboxMessage.objects.create(
        to=[owner.email], subject="Your nomination", body="Received.", nomination=draft
    )


def _vetting_side(world: World) -> None:
    objects = world.objects
    closed = objects["cycle_closed"] = CycleFactory(state=CycleState.CLOSED)
    vetting = objects["vetting"] = nomination_in(
        NominationState.VETTING, cycle=closed, nominator=world.users["nominator"]
    )
    objects["returned"] = nomination_in(
        NominationState.RETURNED, cycle=closed, nominator=world.users["nominator"]
    )
    objects["vetting_other"] = nomination_in(
        NominationState.VETTING,
        cycle=closed,
        nominator=world.users["other_nominator"],
    )
    item = objects["checklist_item"] = closed.checklist_items.order_by("position").first()
    result = ChecklistResult(
        nomination=vetting,
        item=item,
        result="pass",
        checked_by=world.users["staff"],
        checked_at=timezone.now(),
        evidence_name="evidence.pdf",
    )
    _store(result, "evidence", "evidence.pdf")
    objects["rubric_item"] = closed.rubric_criteria.order_by("position").first()


def _panel_side(world: World) -> None:
    users = world.users
    objects = world.objects
    cycle = objects["cycle_review"] = CycleFactory(state=CycleState.REVIEW)
    in_review = objects["in_review"] = nomination_in(
        NominationState.IN_REVIEW, cycle=cycle, nominator=users["nominator"]
    )
    objects["in_review_other"] = nomination_in(
        NominationState.IN_REVIEW, cycle=cycle, nominator=users["other_nominator"]
    )
    panel = objects["panel"] = panel_of(cycle, attestation_text="I will keep it confidential.")
    seats = {
        "panelist_unattested": seat(cycle, users["panelist_unattested"], attested=False),
        "panelist_assigned": seat(cycle, users["panelist_assigned"]),
        "panelist_unassigned": seat(cycle, users["panelist_unassigned"]),
        "panelist_conflicted": seat(cycle, users["panelist_conflicted"]),
        "panelist_party": seat(cycle, users["panelist_party"]),
        "chair": seat(cycle, users["chair"], chair=True),
    }
    objects["seats"] = seats
    # The party panelist is the nominee's contact, found only after they were assigned;
    # the party staff member is the endorser of `review_letter` below.
    in_review.nominee.contact_email = users["panelist_party"].email
    in_review.nominee.save()
    for name in (
        "panelist_unattested",
        "panelist_assigned",
        "panelist_conflicted",
        "panelist_party",
        "chair",
    ):
        objects[f"assignment_{name}"] = Assignment.objects.create(
            nomination=in_review, member=seats[name]
        )
    objects["conflict"] = conflict(in_review, seats["panelist_conflicted"])
    objects["conflict_suggested"] = conflict(
        objects["in_review_other"], seats["panelist_unassigned"], status=ConflictStatus.SUGGESTED
    )
    objects["review"] = review_of(in_review, seats["panelist_assigned"])
    objects["comment"] = Comment.objects.create(
        nomination=in_review, author=users["panelist_assigned"], body="A strong case."
    )
    objects["review_attachment"], objects["review_letter"] = _stored_files(
        in_review, users["nominator"]
    )
    objects["invitation_token"] = token = new_token()
    objects["invitation"] = PanelInvitation.objects.create(
        panel=panel,
        email="invitee@example.org",
        full_name="Invited Panelist",
        token_hash=token_hash(token),
        invited_by=users["staff"],
        expires_at=timezone.now() + dt.timedelta(days=14),
    )


def _selection_and_outputs(world: World) -> None:
    users = world.users
    objects = world.objects
    selection = objects["cycle_selection"] = CycleFactory(state=CycleState.SELECTION)
    objects["shortlisted"] = nomination_in(
        NominationState.SHORTLISTED, cycle=selection, nominator=users["nominator"]
    )
    announced = objects["cycle_announced"] = CycleFactory(
        state=CycleState.ANNOUNCED, program=objects["program"]
    )
    awarded = objects["awarded"] = nomination_in(
        NominationState.AWARDED, cycle=announced, nominator=users["nominator"]
    )
    citations_approved(awarded, by=users["staff"])
    objects["citation"] = Citation.objects.filter(nomination=awarded, kind="full").get()
    certificate = objects["certificate"] = certificate_issued(awarded, by=users["staff"])
    _store(certificate, "file", "certificate.pdf")
    package = objects["records_package"] = RecordsPackage.objects.create(
        cycle=announced,
        requested_by=users["staff"],
        requested_at=timezone.now(),
        status=PackageStatus.READY,
    )
    _store(package, "file", "records.zip")
    objects["record_request"] = RecordRequest.objects.create(
        requester=users["nominator"], kind="correct", details="My phone number changed."
    )
    objects["role_invitation_token"] = role_token = new_token()
    objects["role_invitation"] = RoleInvitation.objects.create(
        email="new.staff@example.gov",
        full_name="New Staff",
        role=Role.AWARD_STAFF,
        token_hash=token_hash(role_token),
        invited_by=users["staff"],
        expires_at=timezone.now() + dt.timedelta(days=14),
    )


# Cycles past the decision. Each had a panel, seated as the review cycle's is, that
# reviewed one of its nominations (`<past>_reviewed`, its files, a letter and a comment):
# the authorization table's PAST_CYCLE_ROWS request that nomination's panel pages.
PAST_CYCLES = {
    CycleState.ANNOUNCED: NominationState.NOT_SELECTED,
    CycleState.ARCHIVED: NominationState.AWARDED,
}


def _past_panels(world: World) -> None:
    users = world.users
    objects = world.objects
    for cycle_state, nomination_state in PAST_CYCLES.items():
        past = cycle_state.value
        cycle = objects[f"cycle_{past}_panel"] = CycleFactory(state=cycle_state)
        nomination = objects[f"{past}_reviewed"] = nomination_in(
            nomination_state, cycle=cycle, nominator=users["nominator"]
        )
        nomination.nominee.contact_email = users["panelist_party"].email
        nomination.nominee.save()
        objects[f"panel_{past}"] = panel_of(cycle, attestation_text="I kept it confidential.")
        seats = {
            name: seat(
                cycle, users[name], attested=name != "panelist_unattested", chair=name == "chair"
            )
            for name in PANEL_SEATS
        }
        for name in PANEL_SEATS:
            if name != "panelist_unassigned":
                Assignment.objects.create(nomination=nomination, member=seats[name])
        conflict(nomination, seats["panelist_conflicted"], status=ConflictStatus.CONFIRMED)
        review_of(nomination, seats["panelist_assigned"])
        objects[f"{past}_comment"] = Comment.objects.create(
            nomination=nomination, author=users["panelist_assigned"], body="A strong case."
        )
        objects[f"{past}_attachment"], objects[f"{past}_letter"] = _stored_files(
            nomination, users["nominator"]
        )


def _stored_files(nomination, nominator) -> tuple[Attachment, EndorsementRequest]:
    """An attachment and a received letter of support on `nomination`, both with files."""
    attachment = Attachment(
        nomination=nomination,
        original_name="report.pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=nominator,
    )
    _store(attachment, "file")
    letter = EndorsementRequest.objects.create(
        nomination=nomination,
        name="Endorser",
        email="letter@partner.example.org",
        relationship="program partner",
        token_hash=token_hash(new_token()),
        state=EndorsementState.RECEIVED,
        expires_at=timezone.now(),
        sent_at=timezone.now(),
        received_at=timezone.now(),
    )
    _store(letter, "letter", "letter.pdf")
    return attachment, letter


def _sign_in(world: World) -> None:
    """Sessions as allauth makes them: the password, then the code for those enrolled
    (the session records both steps, which RequireMFAMiddleware asks for); force_login
    for nominators and the password-only actors, who are never asked for a code; the
    password alone for the pending code."""
    for name in (*SIGNED_IN, *PASSWORD_ONLY):
        client = Client()
        if name in world.totp_secrets:
            _password_step(client, world.users[name])
            response = client.post(
                reverse("mfa_authenticate"), {"code": current_code(world.totp_secrets[name])}
            )
            assert response.status_code == 302, name
            assert client.session["_auth_user_id"] == str(world.users[name].pk)
        else:
            client.force_login(world.users[name])
        world.sessions[name] = client.session.session_key
    client = Client()
    response = _password_step(client, world.users["staff_code_pending"])
    assert response["Location"] == reverse("mfa_authenticate")
    world.sessions["staff_code_pending"] = client.session.session_key


def _password_step(client: Client, user):
    user.emailaddress_set.update_or_create(
        email=user.email, defaults={"verified": True, "primary": True}
    )
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
