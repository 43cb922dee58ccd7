"""Single-use link tokens: what is stored, what is looked up, how a dead link answers."""

import hashlib
import logging

import pytest

from core.links import (
    LinkError,
    RedactLinkTokens,
    looks_like_token,
    new_token,
    token_hash,
)


def test_new_token_is_43_url_safe_characters_and_fresh_each_time():
    first, second = new_token(), new_token()

    assert len(first) == 43
    assert looks_like_token(first)
    assert first != second


def test_token_hash_is_the_sha256_of_the_token():
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()


@pytest.mark.parametrize("token", ["", None, "short", "x" * 101, "has space" * 5, "ü" * 43])
def test_looks_like_token_refuses_what_no_link_carries(token):
    assert looks_like_token(token) is False


@pytest.mark.parametrize(("reason", "status"), [("unknown", 404), ("expired", 410)])
def test_link_error_status_is_404_for_unknown_and_410_for_spent(reason, status):
    assert LinkError("This link cannot be used.", reason=reason).status == status


@pytest.mark.parametrize(
    "path",
    [
        "/endorse/{token}/",
        "/review/invitations/{token}/",
        "/join/{token}/",
        "/accounts/password/reset/key/1-{token}/",
        "/accounts/confirm-email/MQ:1vQ2xZ:{token}/",
    ],
)
def test_log_lines_never_keep_a_links_token(path):
    token = new_token()
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Forbidden: %s",
        (path.format(token=token),),
        None,
    )

    RedactLinkTokens().filter(record)

    assert token not in record.getMessage()
    assert "[token]" in record.getMessage()


def test_the_console_log_handler_redacts_link_tokens(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["link_tokens", "request_id"]
    assert settings.LOGGING["filters"]["link_tokens"]["()"] == "core.links.RedactLinkTokens"
