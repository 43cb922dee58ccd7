"""Sessions of the roles that must use MFA: a password alone opens none of their pages,
logging out and expiry end the session, and signing in again asks for the code again;
the second step and the password-reset request are rate-limited like the password.

Every staff, panel and selection page is found by walking the URL patterns (paths
under staff/, selection/ and review/), not from a hand-picked list, so a new page is
covered the day it is added. Which role may open which page is the authorization
matrix's business (another test module); here only the MFA stage is at stake.
"""

import datetime as dt
import re

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.authentication import SIGNED_IN_AT_SESSION_KEY
from core.models import AuditEvent
from nominations.models import ChecklistItem
from reviews.models import Assignment, PanelMember
from reviews.states import ConflictStatus
from tests.accounts.totp import current_code
from tests.factories import (
    TEST_PASSWORD,
    award_staff,
    conflict,
    nomination_in,
    nominator,
    panelist,
    review_cycle,
    selecting_official,
)

pytestmark = pytest.mark.django_db

MFA_ROLES = [award_staff, panelist, selecting_official]
ROLE_PAGE_PREFIXES = ("staff/", "selection/", "review/")
# The names in the routes' slug parameters (the other parameters are ids: role_paths).
SLUG_VALUES = {
    "nominations:staff_transition": "start_vetting",
    "nominations:staff_cycle_transition": "close",
    "selection:certificate_image_upload": "seal",
    "selection:certificate_image_remove": "seal",
    "selection:certificate_image_file": "seal",
}
# A panel invitation's link is opened before its invitee has an account or signs in:
# not a role page, and its token is checked first (an unknown one is 404 to anyone).
# The invitation link and its way back after sign-in are public: the link is the credential.
NOT_ROLE_PAGES = {"reviews:invitation_accept", "reviews:invitation_resume"}
TOO_MANY = "Too many failed login attempts. Try again later."


def role_page_patterns() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern under the staff, selection and review paths."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or "")
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = f"{namespace}:{pattern.name}"
                if route.startswith(ROLE_PAGE_PREFIXES) and name not in NOT_ROLE_PAGES:
                    found.append((name, route))

    walk(get_resolver().url_patterns, "", "")
    return found


ROLE_PAGES = role_page_patterns()


def test_role_pages_are_found_by_walking_the_patterns():
    names = {name for name, _route in ROLE_PAGES}

    # Every kind of role page, downloads, exports and htmx endpoints included.
    assert {
        "nominations:staff_home",
        "nominations:staff_export",
        "nominations:staff_checklist_result",
        "selection:selection_home",
        "selection:decision_memo_pdf",
        "selection:staff_certificate_download",
        "reviews:panelist_home",
        "reviews:review_nomination",
        "reviews:results_csv",
        "reviews:conflict_decide",
    } <= names
    assert len(ROLE_PAGES) == len(names) > 60


@pytest.fixture
def role_paths():
    """Every role page's path, its parameters filled with the ids of real objects of the
    kinds the route names, so no lookup fails before the gate is reached."""
    cycle = review_cycle(nominations=1, panelists=1, criteria=1)
    nomination = cycle.nominations.get()
    member = PanelMember.objects.get(panel__cycle=cycle)
    item = ChecklistItem.objects.create(cycle=cycle, position=1, text="Statute")
    criterion = cycle.rubric_criteria.get()
    other = nomination_in("in_review", cycle=cycle)
    suggested = conflict(nomination, member, status=ConflictStatus.SUGGESTED)
    # The kind of object `<pk>` names, by the route's start (the nomination otherwise).
    pk_by_prefix = {
        "staff/cycles/": cycle.pk,
        "review/staff/conflicts/": suggested.pk,
        "review/staff/assignments/": Assignment.objects.filter(member=member).first().pk,
        "review/staff/members/": member.pk,
    }
    values = {
        "cycle_pk": cycle.pk,
        "panel_pk": member.panel_id,
        "member_pk": member.pk,
        "nomination_pk": nomination.pk,
        "item_pk": item.pk,
        "other_pk": other.pk,
    }
    paths = []
    for name, route in ROLE_PAGES:
        kwargs = {}
        for converter, param in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            if converter in ("str", "slug"):
                kwargs[param] = SLUG_VALUES[name]
            elif param == "pk":
                prefix = next((p for p in pk_by_prefix if route.startswith(p)), None)
                kwargs[param] = pk_by_prefix[prefix] if prefix else nomination.pk
            elif param == "part_pk":
                kwargs[param] = criterion.pk if "/rubric/" in route else item.pk
            else:
                kwargs[param] = values.get(param, nomination.pk)
        paths.append(reverse(name, kwargs=kwargs))
    return paths


@pytest.fixture
def require_mfa(settings):
    settings.AWARDS_REQUIRE_MFA = True


def password_step(client: Client, user):
    user.emailaddress_set.update_or_create(
        email=user.email, defaults={"verified": True, "primary": True}
    )
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})


def enrolled(make_user):
    user = make_user()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def login_redirect(path: str) -> str:
    return f"{reverse('account_login')}?next={path}"


@pytest.mark.parametrize("make_user", MFA_ROLES)
def test_enrolled_user_past_the_password_only_reaches_no_role_page(
    client, require_mfa, role_paths, make_user
):
    user, secret = enrolled(make_user)

    step = password_step(client, user)

    assert step["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    answers = {
        (method, path): getattr(client, method)(path)
        for path in role_paths
        for method in ("get", "post")
    }
    reached = {
        key: (r.status_code, r.get("Location"))
        for key, r in answers.items()
        if (r.status_code, r.get("Location")) != (302, login_redirect(key[1]))
    }
    assert reached == {}
    assert not AuditEvent.objects.filter(outcome="done").exists()
    # The same login, once the code is given, is signed in: the gate was the second step.
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("make_user", MFA_ROLES)
def test_enrolled_user_session_made_without_the_code_reaches_no_role_page(
    client, require_mfa, role_paths, make_user
):
    """A session signed in for an enrolled user without their second factor (here made
    by force_login, as the admin's or any other login that skipped allauth's MFA step
    would) is signed out on its first request, whatever the page."""
    user, _secret = enrolled(make_user)

    answers = {}
    for path in role_paths:
        for method in ("get", "post"):
            client.force_login(user)
            answers[(method, path)] = getattr(client, method)(path)
            assert "_auth_user_id" not in client.session

    reached = {
        key: (r.status_code, r.get("Location"))
        for key, r in answers.items()
        if (r.status_code, r.get("Location")) != (302, login_redirect(key[1]))
    }
    assert reached == {}
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("make_user", MFA_ROLES)
def test_user_not_yet_enrolled_reaches_no_role_page_only_enrolment(
    client, require_mfa, role_paths, make_user
):
    user = make_user()

    step = password_step(client, user)

    assert step.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    enrol = reverse("mfa_activate_totp")
    answers = {
        (method, path): getattr(client, method)(path)
        for path in role_paths
        for method in ("get", "post")
    }
    reached = {
        key: (r.status_code, r.get("Location"))
        for key, r in answers.items()
        if (r.status_code, r.get("Location")) != (302, enrol)
    }
    assert reached == {}
    # The sign-in is recorded; being held on enrolment is not.
    assert list(AuditEvent.objects.values_list("action", "outcome", "actor_id", "data")) == [
        ("account.sign_in", "done", user.pk, {"methods": ["password"]})
    ]


def signed_in_with_code(client: Client, make_user=award_staff):
    user, secret = enrolled(make_user)
    password_step(client, user)
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302
    return user, secret


def test_logout_ends_the_session_and_the_old_key_no_longer_signs_in(client, require_mfa):
    user, _secret = signed_in_with_code(client)
    old_key = client.session.session_key
    assert client.get(reverse("nominations:staff_home")).status_code == 200

    out = client.post(reverse("account_logout"))

    assert out.status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    page = client.get(reverse("nominations:staff_home"))
    assert page["Location"] == login_redirect(reverse("nominations:staff_home"))
    # A copy of the old cookie, replayed from elsewhere, is just as dead.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    replayed = replay.get(reverse("nominations:staff_home"))
    assert replayed["Location"] == login_redirect(reverse("nominations:staff_home"))


def test_signing_in_again_after_logout_asks_for_the_code_again(client, require_mfa):
    user, secret = signed_in_with_code(client)
    client.post(reverse("account_logout"))

    again = password_step(client, user)

    assert again["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    staff_home = reverse("nominations:staff_home")
    assert client.get(staff_home)["Location"] == login_redirect(staff_home)


def test_session_lasts_the_configured_age_and_ends_with_the_browser():
    assert settings.AWARDS_SESSION_MAX_AGE == 8 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.AWARDS_SESSION_MAX_AGE
    assert settings.ACCOUNT_SESSION_REMEMBER is False


def test_session_expiry_is_the_cookie_age_from_sign_in(client, require_mfa):
    before = timezone.now()
    signed_in_with_code(client)

    session = Session.objects.get(session_key=client.session.session_key)

    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert before + age <= session.expire_date <= timezone.now() + age
    # ACCOUNT_SESSION_REMEMBER = False: the cookie itself dies with the browser.
    assert client.session.get_expire_at_browser_close() is True


def test_expired_session_no_longer_signs_in(client, require_mfa):
    signed_in_with_code(client)
    key = client.session.session_key
    staff_home = reverse("nominations:staff_home")
    assert client.get(staff_home).status_code == 200

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert client.get(staff_home)["Location"] == login_redirect(staff_home)


def test_session_older_than_a_tiny_cookie_age_is_refused(client, require_mfa, settings):
    settings.SESSION_COOKIE_AGE = 1
    signed_in_with_code(client)
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    assert session.expire_date <= timezone.now() + dt.timedelta(seconds=1)

    Session.objects.filter(session_key=key).update(
        expire_date=session.expire_date - dt.timedelta(seconds=2)
    )

    staff_home = reverse("nominations:staff_home")
    assert client.get(staff_home)["Location"] == login_redirect(staff_home)


# -- rate limits ----------------------------------------------------------------------------


def test_wrong_codes_after_the_password_are_rate_limited(client, require_mfa):
    user, secret = enrolled(award_staff)
    password_step(client, user)
    wrong = "000000" if current_code(secret) != "000000" else "111111"

    failures = [client.post(reverse("mfa_authenticate"), {"code": wrong}) for _ in range(5)]
    refused = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert [r.status_code for r in failures] == [200] * 5
    assert all("Incorrect code." in r.content.decode() for r in failures)
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"] == [TOO_MANY]
    assert "_auth_user_id" not in client.session


def test_four_wrong_codes_still_allow_the_right_one(client, require_mfa):
    user, secret = enrolled(award_staff)
    password_step(client, user)
    wrong = "000000" if current_code(secret) != "000000" else "111111"
    for _ in range(4):
        client.post(reverse("mfa_authenticate"), {"code": wrong})

    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_requests_are_rate_limited_per_address(client):
    user = award_staff()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    reset = reverse("account_reset_password")

    sent = [client.post(reset, {"email": user.email}) for _ in range(5)]
    refused = client.post(reset, {"email": user.email})

    assert [r.status_code for r in sent] == [302] * 5
    assert refused.status_code == 429
    assert len(mail.outbox) == 5
    assert {message.to[0] for message in mail.outbox} == {user.email}


# -- the absolute limit: 8 hours from sign-in, however active ---------------------------------

EIGHT_HOURS = 8 * 60 * 60


def signed_in_at(client) -> float:
    return client.session[SIGNED_IN_AT_SESSION_KEY]


def age_session(client, seconds: float) -> None:
    """Move the session's sign-in time `seconds` into the past: the clock as it will read
    that much later, for this session."""
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] -= seconds
    session.save()


def test_sign_in_stores_its_time_and_activity_does_not_move_it(client, require_mfa):
    before = timezone.now().timestamp()
    signed_in_with_code(client)
    started = signed_in_at(client)
    staff_home = reverse("nominations:staff_home")

    # Pages that save the session (messages, allauth's state) leave the time alone.
    for _ in range(3):
        assert client.get(staff_home).status_code == 200
        client.post(reverse("nominations:staff_home"))

    assert before <= started <= timezone.now().timestamp()
    assert signed_in_at(client) == started


def test_session_past_eight_hours_from_sign_in_ends_despite_activity(client, require_mfa):
    user, _secret = signed_in_with_code(client)
    key = client.session.session_key
    staff_home = reverse("nominations:staff_home")
    # Busy all day: the Django session's own expiry keeps sliding forward.
    age_session(client, EIGHT_HOURS - 60)
    assert client.get(staff_home).status_code == 200
    assert Session.objects.get(session_key=key).expire_date > timezone.now()

    age_session(client, 60)
    response = client.get(staff_home, follow=True)

    assert response.redirect_chain == [(login_redirect(staff_home), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your session ended after 8 hours; sign in again."
    ]
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=key).exists()
    # The sign-in is recorded; the site ending the session is not a sign-out.
    assert list(AuditEvent.objects.values_list("action", "outcome", "actor_id", "data")) == [
        ("account.sign_in", "done", user.pk, {"methods": ["password", "mfa"]})
    ]


def test_session_just_under_the_limit_goes_on(client, require_mfa):
    signed_in_with_code(client)
    age_session(client, EIGHT_HOURS - 5)

    assert client.get(reverse("nominations:staff_home")).status_code == 200


def test_session_limit_is_a_setting(client, settings):
    settings.AWARDS_SESSION_MAX_AGE = 30 * 60
    client.force_login(nominator())
    mine = reverse("nominations:my_nominations")
    age_session(client, 30 * 60)

    response = client.get(mine, follow=True)

    assert response.redirect_chain == [(login_redirect(mine), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your session ended after 30 minutes; sign in again."
    ]


def test_session_limit_applies_to_nominators_and_keeps_the_autosave_text(client):
    """An autosave past the limit gets the 401 the form's script shows as "Not saved:
    you are signed out"; nothing is saved."""
    draft = nomination_in("draft")
    client.force_login(draft.nominator)
    age_session(client, EIGHT_HOURS)
    edit = reverse("nominations:nomination_edit", args=[draft.pk])

    response = client.post(edit, {"summary": "Typed at the ninth hour."}, HTTP_HX_REQUEST="true")

    assert response.status_code == 401
    assert response.content == b"Your session has ended."
    assert "_auth_user_id" not in client.session
    draft.refresh_from_db()
    assert draft.summary != "Typed at the ninth hour."


def test_session_without_a_sign_in_time_ends(client):
    client.force_login(nominator())
    session = client.session
    del session[SIGNED_IN_AT_SESSION_KEY]
    session.save()

    response = client.get(reverse("nominations:my_nominations"))

    assert response["Location"] == login_redirect(reverse("nominations:my_nominations"))
    assert "_auth_user_id" not in client.session


def test_signing_out_of_an_outlived_session_still_works(client):
    client.force_login(nominator())
    age_session(client, EIGHT_HOURS)

    response = client.post(reverse("account_logout"))

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_signing_in_again_starts_a_new_eight_hours(client, require_mfa):
    user, secret = signed_in_with_code(client)
    age_session(client, EIGHT_HOURS)
    staff_home = reverse("nominations:staff_home")
    assert client.get(staff_home)["Location"] == login_redirect(staff_home)

    cache.clear()  # allauth refuses a code used once; a real sign-in has a new one
    password_step(client, user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert timezone.now().timestamp() - signed_in_at(client) < 60
    assert client.get(staff_home).status_code == 200


def pass_time(client, seconds: float) -> None:
    """Move every time the session keeps (its sign-in and allauth's authentication
    records) `seconds` into the past, as if that much time went by."""
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] -= seconds
    for record in session.get(AUTHENTICATION_METHODS_SESSION_KEY, []):
        record["at"] -= seconds
    session.save()


def test_confirming_the_password_again_restarts_the_session_clock(client):
    """The session warning's "Stay signed in" is allauth's re-authentication: from then
    on the session has a whole new limit, and then ends as any other."""
    client.force_login(nominator())
    mine = reverse("nominations:my_nominations")
    pass_time(client, EIGHT_HOURS - 60)

    confirmed = client.post(
        f"{reverse('account_reauthenticate')}?next={mine}", {"password": TEST_PASSWORD}
    )
    assert confirmed["Location"] == mine
    pass_time(client, 120)  # eight hours and a minute after signing in

    assert client.get(mine).status_code == 200
    pass_time(client, EIGHT_HOURS - 120)
    assert client.get(mine)["Location"] == login_redirect(mine)


def test_a_wrong_password_on_confirming_does_not_restart_the_clock(client):
    client.force_login(nominator())
    mine = reverse("nominations:my_nominations")
    pass_time(client, EIGHT_HOURS - 60)

    refused = client.post(reverse("account_reauthenticate"), {"password": "not it"})
    assert refused.status_code == 200
    pass_time(client, 60)

    assert client.get(mine)["Location"] == login_redirect(mine)


def test_the_sign_in_link_of_an_ended_session_keeps_the_page_to_come_back_to(client):
    """The session warning's "Sign in again", followed once the session has ended, signs
    the old session out and shows the sign-in page with the same way back."""
    client.force_login(nominator())
    pass_time(client, EIGHT_HOURS)
    sign_in_again = login_redirect(reverse("nominations:my_nominations"))

    response = client.get(sign_in_again)

    assert response["Location"] == sign_in_again
    assert "_auth_user_id" not in client.session
