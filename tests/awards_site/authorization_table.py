"""The expected outcome of every URL pattern, per actor and method.

Each row is built from a family default (who the page is for) with explicit overrides.
Outcomes: allowed (2xx, or a redirect that is not to sign-in or MFA), login, mfa, denied
(403), not_found (404), 405, gone (410), and absent: a 404 that is no refusal (the world
has no such thing for that user: a form posted empty, a key that was never issued), so
no audit event is expected for it.

Every refusal of a signed-in actor by this project's views (403 or 404) must write one
denied audit event naming the actor; rows of Django's admin and allauth pages are not
ours to audit (`audited=False`).
"""

from dataclasses import dataclass, field

from tests.awards_site.authorization_paths import PAST_CYCLE_PATHS
from tests.awards_site.authorization_run import (
    ALLOWED,
    DENIED,
    GONE,
    LOGIN,
    MFA,
    NOT_ALLOWED,
    NOT_FOUND,
)
from tests.awards_site.authorization_world import (
    ACTORS,
    CODE_PENDING,
    PASSWORD_ONLY,
    SIGNED_IN,
)

ABSENT = "absent"
NOMINATORS = ("nominator", "other_nominator")
SIGNED_SEATS = (
    "panelist_assigned",
    "panelist_unassigned",
    "panelist_conflicted",
    "panelist_party",
    "chair",
)
SEATS = ("panelist_unattested", *SIGNED_SEATS)
# The endorser's link, requested without an account, with each kind of token.
ENDORSER_ACTORS = ("endorser_valid_token", "endorser_used_token", "endorser_expired_token")


def outcomes(allowed=(), *, refused: str = DENIED, signed_out: str = LOGIN, **overrides) -> dict:
    """Who gets what: `allowed` actors in, other signed-in actors `refused`, anonymous
    visitors and the code-pending session `signed_out`, password-only sessions to MFA
    unless `allowed` names them; then `overrides` per actor."""
    table = {actor: ALLOWED if actor in allowed else refused for actor in SIGNED_IN}
    table |= {actor: ALLOWED if actor in allowed else MFA for actor in PASSWORD_ONLY}
    table |= dict.fromkeys(("anonymous", *CODE_PENDING), signed_out)
    return table | overrides


def public(**overrides) -> dict:
    """Anyone; a password-only session is still sent to MFA first (every page is)."""
    return outcomes(SIGNED_IN, signed_out=ALLOWED, **overrides)


def signed_in(**overrides) -> dict:
    return outcomes(SIGNED_IN, **overrides)


def refused_with(expected: dict) -> dict:
    """GET on a POST-only view: refused as usual, but those let in get 405."""
    return {actor: NOT_ALLOWED if value == ALLOWED else value for actor, value in expected.items()}


@dataclass(frozen=True)
class Row:
    get: dict
    post: dict | None = None
    post_data: dict = field(default_factory=dict)
    audited: bool = True
    query: str = ""


def page(who, *, post: bool = False, post_only: bool = False, refused: str = DENIED, **extra):
    """A page for `who`; with `post` it takes POST too; `post_only` answers GET with 405."""
    expected = outcomes(who, refused=refused)
    get = refused_with(expected) if post_only else expected
    return Row(get=get, post=expected if (post or post_only) else None, **extra)


def own_files(*, post: bool = False, post_only: bool = False, readers=("nominator",)) -> Row:
    """The nominator's documents: anyone else signed in gets 404 (audited). GET on a
    POST-only one is 405 for anyone signed in (no object is loaded)."""
    expected = outcomes(readers, refused=NOT_FOUND)
    get = outcomes(refused=NOT_ALLOWED) if post_only else expected
    return Row(get=get, post=expected if post or post_only else None)


def own_nomination(*, post: bool = False, post_only: bool = False) -> Row:
    """OwnNominationMixin: nominators only (403 for other roles); another nominator's
    nomination is 404, as if it did not exist (audited)."""
    expected = outcomes(("nominator",), other_nominator=NOT_FOUND)
    get = outcomes(refused=DENIED, nominator=NOT_ALLOWED, other_nominator=NOT_ALLOWED)
    return Row(get=get if post_only else expected, post=expected if post or post_only else None)


# "staff_party" is staff who were asked for a letter of support for the nomination in
# review: every staff page but that nomination's panel data and actions.
STAFF = ("staff", "staff_party")
OFFICIAL = ("official",)
PANEL_READERS = ("panelist_assigned", "panelist_unassigned", "chair", "staff")
RESULTS_READERS = ("chair", *STAFF)

# -- Django's admin: only the superuser (is_staff), after MFA -------------------------------

ADMIN = outcomes(("superuser",), refused=LOGIN)


def admin(**overrides) -> dict:
    return ADMIN | overrides


def admin_model(model: str, *, read_only: bool = False) -> dict:
    writes = admin(superuser=DENIED) if read_only else admin()
    return {
        f"admin:{model}_changelist": Row(admin(), admin(), audited=False),
        f"admin:{model}_add": Row(writes, writes, audited=False),
        f"admin:{model}_history": Row(admin(), audited=False),
        f"admin:{model}_delete": Row(writes, writes, audited=False),
        f"admin:{model}_change": Row(admin(), admin(), audited=False),
    }


def admin_redirect() -> Row:
    return Row(admin(), admin(), audited=False)


# A signed-in user without is_staff opening the admin's sign-in page is refused (allauth's
# secure_admin_login); logging out of the admin redirects everyone, and GET is 405 for
# whoever is signed in to it.
ADMIN_ROWS = {
    "admin:index": Row(admin(), audited=False),
    "admin:login": Row(outcomes(("superuser",)), outcomes(("superuser",)), audited=False),
    "admin:logout": Row(public(superuser=NOT_ALLOWED), public(), audited=False),
    "admin:password_change": Row(admin(), admin(), audited=False),
    "admin:password_change_done": Row(admin(), audited=False),
    "admin:autocomplete": Row(admin(superuser=DENIED), audited=False),
    "admin:jsi18n": Row(admin(), audited=False),
    "admin:view_on_site": Row(admin(superuser=ABSENT), audited=False),
    **admin_model("auth_group"),
    **admin_model("django_tasks_database_dbtaskresult", read_only=True),
    **admin_model("account_emailaddress"),
    **admin_model("mfa_authenticator"),
    **admin_model("usersessions_usersession"),
    **admin_model("accounts_user"),
    "admin:auth_user_password_change": Row(admin(), admin(), audited=False),
    "admin:app_list": Row(admin(), audited=False),
    "admin/auth/group/<path:object_id>/": admin_redirect(),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": admin_redirect(),
    "admin/account/emailaddress/<path:object_id>/": admin_redirect(),
    "admin/mfa/authenticator/<path:object_id>/": admin_redirect(),
    "admin/accounts/user/<path:object_id>/": admin_redirect(),
    "admin/usersessions/usersession/<path:object_id>/": admin_redirect(),
    "admin/(?P<url>.*)$": Row(admin(superuser=ABSENT), audited=False),
}

# -- allauth: sign-in, account and MFA pages ------------------------------------------------

# Signing in: anyone. A code-pending session is sent on to its code.
LOGIN_PAGE = public(staff_code_pending=MFA)
# Open to anyone signed in, password-only sessions included (RequireMFAMiddleware lets
# them through so they can enrol or re-authenticate); the code-pending session is not
# signed in yet.
ENROLMENT = outcomes(SIGNED_IN + PASSWORD_ONLY)
# Pages of the user's own authenticators that they do not have: 404.
NO_TOTP = ("nominator", "other_nominator", *PASSWORD_ONLY)


def allauth(get: dict, post: dict | None = None) -> Row:
    return Row(get, post, audited=False)


# The identity providers' addresses with no provider configured.
NO_PROVIDER = dict.fromkeys(ACTORS, ABSENT) | dict.fromkeys(PASSWORD_ONLY, MFA)
SIGN_IN_ERROR = dict.fromkeys(ACTORS, "401") | dict.fromkeys(PASSWORD_ONLY, MFA)
# The last step of a first sign-in through a provider, with none under way: to sign in.
SIGNUP_NOTHING_PENDING = outcomes(refused=LOGIN)


ALLAUTH_ROWS = {
    "account_login": allauth(LOGIN_PAGE, LOGIN_PAGE),
    "account_logout": allauth(
        outcomes(ACTORS, signed_out=ALLOWED), outcomes(ACTORS, signed_out=ALLOWED)
    ),
    "account_inactive": allauth(public()),
    "account_signup": allauth(public(), public()),
    "account_reauthenticate": allauth(ENROLMENT, ENROLMENT),
    "account_request_reauthentication_code": allauth(ENROLMENT, ENROLMENT),
    "account_confirm_reauthentication_code": allauth(ENROLMENT, ENROLMENT),
    "account_email": allauth(signed_in(), signed_in()),
    "account_email_verification_sent": allauth(public()),
    "account_change_password": allauth(signed_in(), signed_in()),
    "account_set_password": allauth(signed_in(), signed_in()),
    "account_reset_password": allauth(public(), public()),
    "account_confirm_login_code": allauth(signed_in(), signed_in()),
    "account_confirm_email": allauth(
        public(), public(**dict.fromkeys(("anonymous", *SIGNED_IN, *CODE_PENDING), ABSENT))
    ),
    "account_reset_password_from_key_done": allauth(public()),
    "account_reset_password_from_key": allauth(public(), public()),
    # The same address, answered first by accounts.views.PasswordResetFromKeyView.
    "accounts:password_reset_from_key": allauth(public(), public()),
    "account_reset_password_done": allauth(public()),
    "mfa_index": allauth(ENROLMENT),
    "mfa_authenticate": allauth(
        ENROLMENT | {"staff_code_pending": ALLOWED}, ENROLMENT | {"staff_code_pending": ALLOWED}
    ),
    "mfa_reauthenticate": allauth(ENROLMENT, ENROLMENT),
    "mfa_activate_totp": allauth(ENROLMENT, ENROLMENT),
    "mfa_deactivate_totp": allauth(
        ENROLMENT | dict.fromkeys(NO_TOTP, ABSENT), ENROLMENT | dict.fromkeys(NO_TOTP, ABSENT)
    ),
    # Nobody in the world has generated recovery codes.
    "mfa_view_recovery_codes": allauth(
        ENROLMENT | dict.fromkeys(SIGNED_IN + PASSWORD_ONLY, ABSENT)
    ),
    "mfa_generate_recovery_codes": allauth(ENROLMENT, ENROLMENT),
    "mfa_download_recovery_codes": allauth(
        ENROLMENT | dict.fromkeys(SIGNED_IN + PASSWORD_ONLY, ABSENT)
    ),
    "mfa_list_webauthn": allauth(ENROLMENT),
    "mfa_add_webauthn": allauth(ENROLMENT, ENROLMENT),
    "mfa_reauthenticate_webauthn": allauth(ENROLMENT, ENROLMENT),
    "mfa_remove_webauthn": allauth(ENROLMENT, ENROLMENT),
    "mfa_edit_webauthn": allauth(ENROLMENT, ENROLMENT),
    # Sign-in through identity providers (accounts.oidc): none is configured in the world,
    # so their addresses are no page at all; a password-only session meets MFA first.
    "oidc_login": allauth(NO_PROVIDER, NO_PROVIDER),
    "oidc_callback": allauth(NO_PROVIDER),
    "oidc_signed_out": allauth(NO_PROVIDER),
    "socialaccount_login_cancelled": allauth(public()),
    # allauth's error page, answered 401 like a refused sign-in.
    "socialaccount_login_error": allauth(SIGN_IN_ERROR),
    "socialaccount_signup": allauth(SIGNUP_NOTHING_PENDING, SIGNUP_NOTHING_PENDING),
    "socialaccount_connections": allauth(signed_in(), signed_in()),
    # allauth's old addresses of those pages, redirected to them.
    "accounts/social/login/cancelled/": allauth(public(), public()),
    "accounts/social/login/error/": allauth(public(), public()),
    "accounts/social/signup/": allauth(public(), public()),
    "accounts/social/connections/": allauth(public(), public()),
    # Each person's own sessions.
    "usersessions_list": allauth(signed_in(), signed_in()),
}

# -- this project ---------------------------------------------------------------------------

N = "nominations:"
S = "selection:"
R = "reviews:"

ENDORSE = public() | {
    "endorser_valid_token": ALLOWED,
    "endorser_used_token": GONE,
    "endorser_expired_token": GONE,
}

# The health checks answer before sessions matter (core.middleware.HealthCheckMiddleware):
# everyone, a password-only session too.
HEALTH = public(**dict.fromkeys(PASSWORD_ONLY, ALLOWED))

PROJECT_ROWS = {
    "healthz": Row(HEALTH),
    "readyz": Row(HEALTH),
    "accounts:landing": Row(signed_in()),
    # Public pages and links that carry their own token.
    N + "home": Row(public()),
    N + "cycle_call": Row(public()),
    N + "endorse_thanks": Row(public()),
    N + "endorse": Row(ENDORSE, ENDORSE),
    S + "certificate_verify": Row(public()),
    S + "certificate_check": Row(public(), post=public()),
    S + "press_statement_public": Row(public()),
    S + "press_statement_public_text": Row(public()),
    S + "press_statement_public_pdf": Row(public()),
    # The open data: the recipients' files, a year's recipients page and the feed.
    S + "recipients_json": Row(public()),
    S + "recipients_csv": Row(public()),
    S + "recipients_year_json": Row(public()),
    S + "recipients_year_csv": Row(public()),
    S + "recipients_public": Row(public()),
    S + "announcement_feed": Row(public()),
    R + "invitation_accept": Row(public(), public()),
    # Back to an invitation link after signing in; with none waiting, a plain 404.
    R + "invitation_resume": Row(
        public(**dict.fromkeys(("anonymous", *SIGNED_IN, *CODE_PENDING), ABSENT))
    ),
    # Nominators.
    N + "my_nominations": page(NOMINATORS),
    N + "nomination_start": page(NOMINATORS, post_only=True, post_data={"cycle": "cycle_open"}),
    N + "nomination_start_link": page(NOMINATORS),
    N + "nomination_detail": own_nomination(),
    N + "nomination_edit": own_nomination(post=True),
    N + "nomination_review": own_nomination(),
    N + "nomination_submit": own_nomination(post_only=True),
    N + "nomination_submitted": own_nomination(),
    N + "nomination_resubmit": own_nomination(post_only=True),
    N + "nomination_withdraw": own_nomination(post=True),
    N + "nomination_delete": own_nomination(post=True),
    N + "nomination_documents": own_files(),
    N + "attachment_upload": own_files(post_only=True),
    N + "attachment_download": own_files(readers=("nominator", *STAFF)),
    N + "attachment_remove": own_files(post=True),
    N + "endorsement_request": own_files(post_only=True),
    N + "endorsement_resend": own_files(post_only=True),
    N + "endorsement_cancel": own_files(post_only=True),
    N + "letter_download": own_files(readers=("nominator", *STAFF)),
    # Award staff.
    N + "staff_home": page(STAFF),
    N + "staff_queue": page(STAFF),
    N + "staff_export": page(STAFF),
    N + "staff_nomination": page(STAFF),
    N + "staff_transition": page(STAFF, post_only=True),
    N + "staff_checklist_result": page(STAFF, post=True),
    N + "staff_checklist_evidence": page(STAFF, refused=NOT_FOUND),
    N + "staff_return_for_info": page(STAFF, post=True),
    N + "staff_take_back": page(STAFF, post=True),
    N + "staff_extend_due_date": page(STAFF, post=True),
    N + "staff_mark_ineligible": page(STAFF, post=True),
    N + "staff_duplicate_link": page(STAFF, post_only=True),
    N + "staff_duplicate_unlink": page(STAFF, post_only=True),
    N + "staff_cycles": page(STAFF),
    N + "staff_cycle_create": page(STAFF, post=True),
    N + "staff_cycle": page(STAFF),
    N + "staff_cycle_edit": page(STAFF, post=True),
    N + "staff_cycle_copy": page(STAFF, post=True),
    N + "staff_cycle_transition": page(STAFF, post=True),
    N + "staff_rubric": page(STAFF, post=True),
    N + "staff_checklist": page(STAFF, post=True),
    N + "staff_outbox": page(STAFF),
    N + "staff_outbox_resend": page(STAFF, post_only=True),
    S + "slate": page(STAFF),
    S + "slate_entry": page(STAFF, post=True),
    S + "slate_not_advance": page(STAFF, post_only=True),
    S + "citations": page(STAFF, post=True, post_data={"kind": "full"}),
    S + "citation_approve": page(STAFF, post_only=True),
    S + "cycle_citations": page(STAFF),
    S + "staff_certificate_issue": page(STAFF, post=True),
    S + "staff_certificate_preview": page(STAFF),
    S + "staff_certificate_revoke": page(STAFF, post=True),
    S + "staff_certificate_download": page(STAFF),
    S + "press_statement": page(STAFF, post=True),
    S + "press_statement_text": page(STAFF),
    S + "press_statement_pdf": page(STAFF),
    S + "certificate_images": page(STAFF),
    S + "certificate_sample": page(STAFF),
    S + "certificate_image_upload": page(STAFF, post_only=True),
    S + "certificate_image_remove": page(STAFF, post_only=True),
    # The world's program has no seal: staff find nothing there.
    S + "certificate_image_file": Row(outcomes(STAFF, **dict.fromkeys(STAFF, ABSENT))),
    S + "announce_schedule": page(STAFF, post=True),
    S + "announce_unschedule": page(STAFF, post_only=True),
    # The selecting official (the decision memo is also staff's).
    S + "selection_home": page(OFFICIAL, post=True),
    S + "selection_cycle": page(OFFICIAL, post=True),
    S + "slate_nomination": page(OFFICIAL),
    S + "decision_memo": page((*STAFF, "official")),
    S + "decision_memo_pdf": page((*STAFF, "official")),
    # The cycle's records packages: award staff who are a party to none of its nominations.
    "records:packages": page(STAFF, post=True),
    "records:package_download": page(STAFF),
    # Your records (the Privacy Act access download): anyone signed in, of their own.
    "records:your_records": Row(signed_in(), signed_in()),
    "records:your_records_download": Row(signed_in()),
    # Requests about people's records: award staff read and answer them.
    "records:requests": page(STAFF),
    "records:request_answer": page(STAFF, post=True),
    "records:retention": page(STAFF, post=True),
    # People and roles: award staff, on anyone's account but their own (the world's
    # person is the nominator); the invitation link is the invitee's credential.
    "people:people": page(STAFF),
    "people:invite": page(STAFF, post=True),
    "people:invitation_revoke": page(STAFF, post_only=True),
    "people:invitation_accept": Row(public(), public()),
    "people:person": page(STAFF),
    "people:role_grant": page(STAFF, post_only=True),
    "people:role_revoke": page(STAFF, post_only=True),
    "people:sessions_end": page(STAFF, post_only=True),
    "people:mfa_reset": page(STAFF, post_only=True),
    "people:deactivate": page(STAFF, post_only=True),
    "people:reactivate": page(STAFF, post_only=True),
    # Panelists: the seat decides; a conflict locks the nomination, files and discussion.
    R + "panelist_home": page(SEATS),
    R + "attestation_sign": page(SEATS, post=True),
    R + "panel_nominations": page(SIGNED_SEATS),
    R + "conflict_declare": page(SIGNED_SEATS, post=True),
    R + "assignment_decline": page(
        ("panelist_assigned", "panelist_conflicted", "panelist_party", "chair"), post=True
    ),
    R + "review_nomination": page(PANEL_READERS, post=True),
    R + "panel_attachment": page(PANEL_READERS),
    R + "panel_letter": page(PANEL_READERS),
    R + "comment_add": page(PANEL_READERS, post=True),
    R + "comment_edit": page(("panelist_assigned",), post=True),
    R + "results": page(RESULTS_READERS),
    R + "results_csv": page(RESULTS_READERS),
    R + "calibration": page(RESULTS_READERS),
    # Staff's panel management.
    R + "panel_manage": page(STAFF, post=True),
    R + "panel_invite": page(STAFF, post_only=True),
    R + "invitation_revoke": page(STAFF, post_only=True),
    R + "invitation_resend": page(STAFF, post_only=True),
    R + "member_chair": page(STAFF, post_only=True),
    R + "member_remove": page(STAFF, post=True),
    R + "conflict_list": page(STAFF, post=True),
    R + "conflict_decide": page(
        STAFF, post=True, post_data={"decision": "confirm"}, query="?decision=confirm"
    ),
    R + "assignment_overview": page(STAFF, post=True),
    R + "assignment_add": page(STAFF, post_only=True),
    R + "assignment_remove": page(("staff",), post=True),
    R + "progress": page(STAFF),
    R + "member_remind": page(STAFF, post_only=True),
}

TABLE = ADMIN_ROWS | ALLAUTH_ROWS | PROJECT_ROWS

# -- the panel's pages once its cycle is announced or archived ------------------------------
# Once the decision is public the panel's work is over: no panelist, however seated
# (signed, assigned, chair), opens a nomination it reviewed, its files, its letters or its
# discussion, declares a conflict on it or declines it. Each is a 404, as for a
# nomination never sent to their panel (reviews/access.py); the list of their panel's
# nominations is a 403, since they know their own panel exists. Everyone else is
# answered as on the review cycle's row.


def past_cycle_row(key: str) -> Row:
    pattern = key.split(" [")[0]
    base = PROJECT_ROWS[pattern]
    seats = DENIED if pattern == R + "panel_nominations" else NOT_FOUND

    def closed_to_the_panel(expected: dict | None) -> dict | None:
        return None if expected is None else expected | dict.fromkeys(SEATS, seats)

    return Row(
        get=closed_to_the_panel(base.get),
        post=closed_to_the_panel(base.post),
        post_data=base.post_data,
        query=base.query,
    )


PAST_CYCLE_ROWS = {key: past_cycle_row(key) for key in PAST_CYCLE_PATHS}
# Every row the matrix requests.
MATRIX = TABLE | PAST_CYCLE_ROWS
