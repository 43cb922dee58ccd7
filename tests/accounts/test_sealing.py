"""Secrets that wait in the database are sealed under a key derived from SECRET_KEY."""

import pytest

from accounts.sealing import SealBroken, seal, unseal


def test_a_sealed_secret_opens_under_its_purpose_and_reads_as_nothing_else():
    sealed = seal("the link", purpose="outbox.link")

    assert "the link" not in sealed
    assert unseal(sealed, purpose="outbox.link") == "the link"
    with pytest.raises(SealBroken):
        unseal(sealed, purpose="session.password_reset_key")


def test_without_the_site_key_nothing_opens_and_a_rotated_key_still_does(settings):
    sealed = seal("the link", purpose="outbox.link")
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "a copy of the database on another machine, with another key"
    with pytest.raises(SealBroken):
        unseal(sealed, purpose="outbox.link")

    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert unseal(sealed, purpose="outbox.link") == "the link"


def test_a_tampered_value_does_not_open():
    sealed = seal("the link", purpose="outbox.link")

    with pytest.raises(SealBroken):
        unseal(sealed[:-4] + "AAAA", purpose="outbox.link")
    with pytest.raises(SealBroken):
        unseal("not sealed at all", purpose="outbox.link")
