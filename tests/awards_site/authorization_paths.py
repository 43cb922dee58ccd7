"""Where each URL pattern points in the matrix's world: pattern key → concrete path.

A pattern's key is its namespaced name, or its route for the few unnamed patterns (the
admin's object redirects and catch-all). Objects belong to the world's `nominator`.
"""

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse


def _r(name: str, *args):
    return lambda w: reverse(name, args=[arg(w) if callable(arg) else arg for arg in args])


def _pk(name: str):
    return lambda w: getattr(w, name).pk


def _seat(name: str):
    return lambda w: w.seats[name].pk


def _group(w) -> int:
    return Group.objects.get(name="Nominator").pk


def _user(w) -> int:
    return w.users["nominator"].pk


def _email_address(w) -> int:
    return w.users["staff_code_pending"].emailaddress_set.get().pk


def _authenticator(w) -> int:
    return Authenticator.objects.filter(user=w.users["staff"]).first().pk


def _user_session(w) -> int:
    return UserSession.objects.filter(user=w.users["staff"]).first().pk


def _task(w) -> str:
    return "00000000-0000-0000-0000-000000000000"


def _admin(model: str, obj) -> dict:
    """The admin's five named patterns of a model, keyed by name."""
    return {
        f"admin:{model}_changelist": _r(f"admin:{model}_changelist"),
        f"admin:{model}_add": _r(f"admin:{model}_add"),
        f"admin:{model}_history": _r(f"admin:{model}_history", obj),
        f"admin:{model}_delete": _r(f"admin:{model}_delete", obj),
        f"admin:{model}_change": _r(f"admin:{model}_change", obj),
    }


def _admin_redirect(url: str, obj):
    return lambda w: f"/admin/{url}/{obj(w)}/"


def _view_on_site(w) -> str:
    content_type = ContentType.objects.get_for_model(w.users["nominator"])
    return reverse("admin:view_on_site", args=[content_type.pk, w.users["nominator"].pk])


ADMIN_PATHS = {
    "admin:index": _r("admin:index"),
    "admin:login": _r("admin:login"),
    "admin:logout": _r("admin:logout"),
    "admin:password_change": _r("admin:password_change"),
    "admin:password_change_done": _r("admin:password_change_done"),
    "admin:autocomplete": _r("admin:autocomplete"),
    "admin:jsi18n": _r("admin:jsi18n"),
    "admin:view_on_site": _view_on_site,
    **_admin("auth_group", _group),
    **_admin("django_tasks_database_dbtaskresult", _task),
    **_admin("account_emailaddress", _email_address),
    **_admin("mfa_authenticator", _authenticator),
    **_admin("usersessions_usersession", _user_session),
    **_admin("accounts_user", _user),
    "admin:auth_user_password_change": _r("admin:auth_user_password_change", _user),
    "admin:app_list": lambda w: reverse("admin:app_list", kwargs={"app_label": "accounts"}),
    "admin/auth/group/<path:object_id>/": _admin_redirect("auth/group", _group),
    "admin/django_tasks_database/dbtaskresult/<path:object_id>/": _admin_redirect(
        "django_tasks_database/dbtaskresult", _task
    ),
    "admin/account/emailaddress/<path:object_id>/": _admin_redirect(
        "account/emailaddress", _email_address
    ),
    "admin/mfa/authenticator/<path:object_id>/": _admin_redirect(
        "mfa/authenticator", _authenticator
    ),
    "admin/accounts/user/<path:object_id>/": _admin_redirect("accounts/user", _user),
    "admin/usersessions/usersession/<path:object_id>/": _admin_redirect(
        "usersessions/usersession", _user_session
    ),
    "admin/(?P<url>.*)$": lambda w: "/admin/no-such-page/",
}

ALLAUTH_PATHS = {
    name: _r(name)
    for name in (
        "account_login",
        "account_logout",
        "account_inactive",
        "account_signup",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_email",
        "account_email_verification_sent",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_confirm_login_code",
        "account_reset_password_from_key_done",
        "account_reset_password_done",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "mfa_reauthenticate_webauthn",
        "usersessions_list",
    )
} | {
    "account_confirm_email": _r("account_confirm_email", "no-such-key"),
    "account_reset_password_from_key": lambda w: reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "1", "key": "no-such-key"}
    ),
    "accounts:password_reset_from_key": lambda w: reverse(
        "accounts:password_reset_from_key", kwargs={"uidb36": "1", "key": "no-such-key"}
    ),
    "mfa_remove_webauthn": _r("mfa_remove_webauthn", 999999),
    "mfa_edit_webauthn": _r("mfa_edit_webauthn", 999999),
    "socialaccount_login_cancelled": _r("socialaccount_login_cancelled"),
    "socialaccount_login_error": _r("socialaccount_login_error"),
    "socialaccount_signup": _r("socialaccount_signup"),
    "socialaccount_connections": _r("socialaccount_connections"),
    "accounts/social/login/cancelled/": lambda w: "/accounts/social/login/cancelled/",
    "accounts/social/login/error/": lambda w: "/accounts/social/login/error/",
    "accounts/social/signup/": lambda w: "/accounts/social/signup/",
    "accounts/social/connections/": lambda w: "/accounts/social/connections/",
    **{
        name: lambda w, name=name: reverse(name, kwargs={"provider_id": "login-gov"})
        for name in ("oidc_login", "oidc_callback", "oidc_signed_out")
    },
}

N = "nominations:"
S = "selection:"
NOMINATION_PATHS = {
    "healthz": _r("healthz"),
    "readyz": _r("readyz"),
    "accounts:landing": _r("accounts:landing"),
    N + "home": _r(N + "home"),
    N + "cycle_call": _r(N + "cycle_call", _pk("cycle_open")),
    N + "my_nominations": _r(N + "my_nominations"),
    N + "nomination_start": _r(N + "nomination_start"),
    N + "nomination_start_link": _r(N + "nomination_start_link", _pk("cycle_open")),
    N + "nomination_detail": _r(N + "nomination_detail", _pk("draft")),
    N + "nomination_edit": _r(N + "nomination_edit", _pk("draft")),
    N + "nomination_review": _r(N + "nomination_review", _pk("draft")),
    N + "nomination_submit": _r(N + "nomination_submit", _pk("draft")),
    N + "nomination_submitted": _r(N + "nomination_submitted", _pk("submitted")),
    N + "nomination_resubmit": _r(N + "nomination_resubmit", _pk("returned")),
    N + "nomination_withdraw": _r(N + "nomination_withdraw", _pk("submitted")),
    N + "nomination_delete": _r(N + "nomination_delete", _pk("draft")),
    N + "nomination_documents": _r(N + "nomination_documents", _pk("draft")),
    N + "attachment_upload": _r(N + "attachment_upload", _pk("draft")),
    N + "attachment_download": _r(N + "attachment_download", _pk("draft"), _pk("attachment")),
    N + "attachment_remove": _r(N + "attachment_remove", _pk("draft"), _pk("attachment")),
    N + "endorsement_request": _r(N + "endorsement_request", _pk("draft")),
    N + "endorsement_resend": _r(
        N + "endorsement_resend", _pk("draft"), _pk("endorsement_expired")
    ),
    N + "endorsement_cancel": _r(N + "endorsement_cancel", _pk("draft"), _pk("endorsement_valid")),
    N + "letter_download": _r(N + "letter_download", _pk("draft"), _pk("endorsement_used")),
    N + "endorse_thanks": _r(N + "endorse_thanks"),
    # The endorser's link is requested with each token separately (see the table).
    N + "endorse": lambda w: reverse(N + "endorse", args=[w.tokens["valid"]]),
    N + "staff_home": _r(N + "staff_home"),
    N + "staff_queue": _r(N + "staff_queue"),
    N + "staff_export": _r(N + "staff_export"),
    N + "staff_nomination": _r(N + "staff_nomination", _pk("vetting")),
    N + "staff_transition": _r(N + "staff_transition", _pk("vetting"), "clear"),
    N + "staff_checklist_result": _r(
        N + "staff_checklist_result", _pk("vetting"), _pk("checklist_item")
    ),
    N + "staff_checklist_evidence": _r(
        N + "staff_checklist_evidence", _pk("vetting"), _pk("checklist_item")
    ),
    N + "staff_return_for_info": _r(N + "staff_return_for_info", _pk("vetting")),
    N + "staff_take_back": _r(N + "staff_take_back", _pk("returned")),
    N + "staff_extend_due_date": _r(N + "staff_extend_due_date", _pk("returned")),
    N + "staff_mark_ineligible": _r(N + "staff_mark_ineligible", _pk("vetting")),
    N + "staff_duplicate_link": _r(
        N + "staff_duplicate_link", _pk("vetting"), _pk("vetting_other")
    ),
    N + "staff_duplicate_unlink": _r(
        N + "staff_duplicate_unlink", _pk("vetting"), _pk("vetting_other")
    ),
    N + "staff_cycles": _r(N + "staff_cycles"),
    N + "staff_cycle_create": _r(N + "staff_cycle_create"),
    N + "staff_cycle": _r(N + "staff_cycle", _pk("cycle_closed")),
    N + "staff_cycle_edit": _r(N + "staff_cycle_edit", _pk("cycle_setup")),
    N + "staff_cycle_copy": _r(N + "staff_cycle_copy", _pk("cycle_closed")),
    N + "staff_cycle_transition": _r(N + "staff_cycle_transition", _pk("cycle_setup"), "open"),
    N + "staff_rubric": _r(N + "staff_rubric", _pk("cycle_closed")),
    N + "staff_checklist": _r(N + "staff_checklist", _pk("cycle_closed")),
    N + "staff_outbox": _r(N + "staff_outbox"),
    N + "staff_outbox_resend": _r(N + "staff_outbox_resend", _pk("outbox")),
    S + "selection_home": _r(S + "selection_home"),
    S + "selection_cycle": _r(S + "selection_cycle", _pk("cycle_selection")),
    S + "slate_nomination": _r(S + "slate_nomination", _pk("shortlisted")),
    S + "slate": _r(S + "slate", _pk("cycle_selection")),
    S + "slate_entry": _r(S + "slate_entry", _pk("cycle_selection"), _pk("shortlisted")),
    S + "slate_not_advance": _r(
        S + "slate_not_advance", _pk("cycle_selection"), _pk("shortlisted")
    ),
    S + "decision_memo": _r(S + "decision_memo", _pk("cycle_selection")),
    S + "decision_memo_pdf": _r(S + "decision_memo_pdf", _pk("cycle_selection")),
    S + "certificate_images": _r(S + "certificate_images", _pk("cycle_selection")),
    S + "certificate_sample": _r(S + "certificate_sample", _pk("cycle_selection")),
    S + "certificate_image_upload": _r(
        S + "certificate_image_upload", _pk("cycle_selection"), "seal"
    ),
    S + "certificate_image_remove": _r(
        S + "certificate_image_remove", _pk("cycle_selection"), "seal"
    ),
    S + "certificate_image_file": _r(S + "certificate_image_file", _pk("cycle_selection"), "seal"),
    S + "citations": _r(S + "citations", _pk("awarded")),
    S + "citation_approve": _r(S + "citation_approve", _pk("awarded"), _pk("citation")),
    S + "cycle_citations": _r(S + "cycle_citations", _pk("cycle_announced")),
    S + "certificate_check": _r(S + "certificate_check"),
    S + "certificate_verify": lambda w: reverse(
        S + "certificate_verify", args=[w.certificate.serial]
    ),
    S + "staff_certificate_issue": _r(S + "staff_certificate_issue", _pk("awarded")),
    S + "staff_certificate_preview": _r(S + "staff_certificate_preview", _pk("awarded")),
    S + "staff_certificate_revoke": _r(
        S + "staff_certificate_revoke", _pk("awarded"), _pk("certificate")
    ),
    S + "staff_certificate_download": _r(
        S + "staff_certificate_download", _pk("awarded"), _pk("certificate")
    ),
    S + "press_statement": _r(S + "press_statement", _pk("cycle_announced")),
    S + "announce_schedule": _r(S + "announce_schedule", _pk("cycle_selection")),
    S + "announce_unschedule": _r(S + "announce_unschedule", _pk("cycle_selection")),
    S + "press_statement_text": _r(S + "press_statement_text", _pk("cycle_announced")),
    S + "press_statement_pdf": _r(S + "press_statement_pdf", _pk("cycle_announced")),
    S + "press_statement_public": lambda w: reverse(
        S + "press_statement_public", args=[w.cycle_announced.award_year]
    ),
    S + "press_statement_public_text": lambda w: reverse(
        S + "press_statement_public_text", args=[w.cycle_announced.award_year]
    ),
    S + "press_statement_public_pdf": lambda w: reverse(
        S + "press_statement_public_pdf", args=[w.cycle_announced.award_year]
    ),
    S + "recipients_json": _r(S + "recipients_json"),
    S + "recipients_csv": _r(S + "recipients_csv"),
    S + "recipients_year_json": lambda w: reverse(
        S + "recipients_year_json", args=[w.cycle_announced.award_year]
    ),
    S + "recipients_year_csv": lambda w: reverse(
        S + "recipients_year_csv", args=[w.cycle_announced.award_year]
    ),
    S + "recipients_public": lambda w: reverse(
        S + "recipients_public", args=[w.cycle_announced.award_year]
    ),
    S + "announcement_feed": _r(S + "announcement_feed"),
}

R = "reviews:"
REVIEW_PATHS = {
    R + "panelist_home": _r(R + "panelist_home"),
    R + "invitation_accept": lambda w: reverse(R + "invitation_accept", args=[w.invitation_token]),
    R + "invitation_resume": _r(R + "invitation_resume"),
    R + "attestation_sign": _r(R + "attestation_sign", _pk("panel")),
    R + "panel_manage": _r(R + "panel_manage", _pk("cycle_review")),
    R + "panel_invite": _r(R + "panel_invite", _pk("cycle_review")),
    R + "invitation_revoke": _r(R + "invitation_revoke", _pk("cycle_review"), _pk("invitation")),
    R + "invitation_resend": _r(R + "invitation_resend", _pk("cycle_review"), _pk("invitation")),
    R + "member_chair": _r(R + "member_chair", _pk("cycle_review"), _seat("panelist_assigned")),
    R + "member_remove": _r(R + "member_remove", _pk("cycle_review"), _seat("panelist_assigned")),
    R + "panel_nominations": _r(R + "panel_nominations", _pk("panel")),
    R + "conflict_declare": _r(R + "conflict_declare", _pk("in_review")),
    R + "conflict_list": _r(R + "conflict_list", _pk("cycle_review")),
    R + "conflict_decide": _r(R + "conflict_decide", _pk("conflict_suggested")),
    R + "assignment_overview": _r(R + "assignment_overview", _pk("cycle_review")),
    R + "assignment_add": _r(R + "assignment_add", _pk("cycle_review")),
    R + "assignment_remove": _r(R + "assignment_remove", _pk("assignment_panelist_assigned")),
    R + "assignment_decline": _r(R + "assignment_decline", _pk("in_review")),
    R + "review_nomination": _r(R + "review_nomination", _pk("in_review")),
    R + "panel_attachment": _r(R + "panel_attachment", _pk("in_review"), _pk("review_attachment")),
    R + "panel_letter": _r(R + "panel_letter", _pk("in_review"), _pk("review_letter")),
    R + "comment_add": _r(R + "comment_add", _pk("in_review")),
    R + "comment_edit": _r(R + "comment_edit", _pk("comment")),
    R + "results": _r(R + "results", _pk("cycle_review")),
    R + "results_csv": _r(R + "results_csv", _pk("cycle_review")),
    R + "calibration": _r(R + "calibration", _pk("cycle_review")),
    R + "progress": _r(R + "progress", _pk("cycle_review")),
    R + "member_remind": _r(R + "member_remind", _seat("panelist_assigned")),
}

RC = "records:"
RECORDS_PATHS = {
    RC + "packages": _r(RC + "packages", _pk("cycle_announced")),
    RC + "package_download": _r(
        RC + "package_download", _pk("cycle_announced"), _pk("records_package")
    ),
    RC + "your_records": _r(RC + "your_records"),
    RC + "your_records_download": _r(RC + "your_records_download"),
    RC + "requests": _r(RC + "requests"),
    RC + "request_answer": _r(RC + "request_answer", _pk("record_request")),
    RC + "retention": _r(RC + "retention"),
}

P = "people:"
PEOPLE_PATHS = {
    P + "people": _r(P + "people"),
    P + "invite": _r(P + "invite"),
    P + "invitation_revoke": _r(P + "invitation_revoke", _pk("role_invitation")),
    P + "invitation_accept": lambda w: reverse(
        P + "invitation_accept", args=[w.role_invitation_token]
    ),
    **{
        P + name: _r(P + name, _user)
        for name in (
            "person",
            "role_grant",
            "role_revoke",
            "sessions_end",
            "mfa_reset",
            "deactivate",
            "reactivate",
        )
    },
}

PATHS = ADMIN_PATHS | ALLAUTH_PATHS | NOMINATION_PATHS | REVIEW_PATHS | RECORDS_PATHS | PEOPLE_PATHS


def past_cycle_key(key: str, past: str) -> str:
    """The matrix's key for the pattern `key` requested on the `past` cycle's panel."""
    return f"{key} [{past}]"


# The panel's nomination pages once the cycle is past the decision: the nomination the
# cycle's panel reviewed (authorization_world.PAST_CYCLES), its files, letter and comment.
PAST_CYCLE_PATHS = {
    past_cycle_key(key, past): path
    for past in ("announced", "archived")
    for key, path in {
        R + "panel_nominations": _r(R + "panel_nominations", _pk(f"panel_{past}")),
        R + "review_nomination": _r(R + "review_nomination", _pk(f"{past}_reviewed")),
        R + "panel_attachment": _r(
            R + "panel_attachment", _pk(f"{past}_reviewed"), _pk(f"{past}_attachment")
        ),
        R + "panel_letter": _r(R + "panel_letter", _pk(f"{past}_reviewed"), _pk(f"{past}_letter")),
        R + "comment_add": _r(R + "comment_add", _pk(f"{past}_reviewed")),
        R + "comment_edit": _r(R + "comment_edit", _pk(f"{past}_comment")),
        R + "conflict_declare": _r(R + "conflict_declare", _pk(f"{past}_reviewed")),
        R + "assignment_decline": _r(R + "assignment_decline", _pk(f"{past}_reviewed")),
    }.items()
}


def path_for(world, key: str, actor: str) -> str:
    """The path `actor` requests for the pattern `key`; endorsers bring their own token."""
    if key == N + "endorse" and actor.startswith("endorser_"):
        token = world.tokens[actor.removeprefix("endorser_").removesuffix("_token")]
        return reverse(N + "endorse", args=[token])
    return (PATHS | PAST_CYCLE_PATHS)[key](world)
