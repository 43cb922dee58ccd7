"""The ID token checks (accounts/oidc/tokens.py), one refusal reason at a time, without a
provider: tokens signed here with keys made here, checked against their key set."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from accounts.oidc.tokens import (
    IdentityTokenRefused,
    Reason,
    check_same_subject,
    verify_id_token,
)

ISSUER = "https://idp.example.gov/"
CLIENT = "urn:gov:gsa:openidconnect.profiles:sp:sso:agency:awards"
NONCE = "n" * 43
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(key, kid: str, algorithm: str) -> dict:
    public = json.loads(jwt.get_algorithm_by_name(algorithm).to_jwk(key.public_key()))
    return {**public, "kid": kid, "use": "sig", "alg": algorithm}


JWKS = {"keys": [jwk(RSA_KEY, "rsa-1", "RS256"), jwk(EC_KEY, "ec-1", "ES256")]}


def claims(**changes) -> dict:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "sub": "person-1",
        "aud": CLIENT,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "acr": "urn:acr.login.gov:auth-only",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def token(payload=None, *, key=RSA_KEY, algorithm="RS256", kid="rsa-1") -> str:
    return jwt.encode(payload or claims(), key, algorithm=algorithm, headers={"kid": kid})


def verify(value: str, **kwargs) -> dict:
    arguments = {"jwks": JWKS, "issuer": ISSUER, "client_id": CLIENT, "nonce": NONCE}
    return verify_id_token(value, **(arguments | kwargs))


def refusal(value: str, **kwargs) -> str:
    with pytest.raises(IdentityTokenRefused) as refused:
        verify(value, **kwargs)
    return refused.value.reason


def test_a_good_rs256_token_gives_its_claims():
    assert verify(token())["sub"] == "person-1"


def test_a_good_es256_token_gives_its_claims():
    assert verify(token(key=EC_KEY, algorithm="ES256", kid="ec-1"))["sub"] == "person-1"


def test_a_token_without_kid_uses_the_only_key_of_its_type():
    unnamed = jwt.encode(claims(), RSA_KEY, algorithm="RS256")

    assert verify(unnamed)["sub"] == "person-1"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: token(key=OTHER_RSA_KEY), Reason.SIGNATURE),
        (lambda: token(kid="no-such-key"), Reason.SIGNATURE),
        (
            lambda: jwt.encode(claims(), "a shared secret of some length 0123456789", "HS256"),
            Reason.SIGNATURE,
        ),
        (lambda: jwt.encode(claims(), None, algorithm="none"), Reason.SIGNATURE),
        (lambda: token(claims(iss="https://other.example.gov/")), Reason.ISSUER),
        (lambda: token(claims(aud="another-client")), Reason.AUDIENCE),
        (lambda: token(claims(aud=[CLIENT, "another-client"])), Reason.AUDIENCE),
        (
            lambda: token(claims(aud=[CLIENT, "another-client"], azp="another-client")),
            Reason.AUDIENCE,
        ),
        (lambda: token(claims(azp="another-client")), Reason.AUDIENCE),
        (lambda: token(claims(exp=int(time.time()) - 120)), Reason.EXPIRED),
        (lambda: token(claims(iat=int(time.time()) + 600)), Reason.ISSUED_AT),
        (lambda: token(claims(nonce="a-nonce-never-sent")), Reason.NONCE),
        (lambda: token(claims(nonce=None)), Reason.NONCE),
        (lambda: token(claims(sub=None)), Reason.MALFORMED),
        (lambda: token(claims(exp=None)), Reason.MALFORMED),
        (lambda: "not.a.token", Reason.MALFORMED),
    ],
    ids=[
        "signed-by-another-key",
        "unknown-kid",
        "hmac",
        "alg-none",
        "issuer",
        "audience",
        "two-audiences-no-azp",
        "two-audiences-other-azp",
        "azp-other",
        "expired",
        "issued-in-the-future",
        "wrong-nonce",
        "no-nonce",
        "no-subject",
        "no-expiry",
        "garbage",
    ],
)
def test_a_bad_token_is_refused_with_its_reason(make, reason):
    # Made when the test runs, not when it is collected: their times are relative to now.
    assert refusal(make()) == reason


def test_a_changed_payload_breaks_the_signature():
    header, _, signature = token().split(".")
    forged = jwt.encode(claims(sub="someone-else"), OTHER_RSA_KEY, algorithm="RS256")
    tampered = ".".join([header, forged.split(".")[1], signature])

    assert refusal(tampered) == Reason.SIGNATURE


def test_a_request_that_sent_no_nonce_accepts_no_token():
    assert refusal(token(), nonce=None) == Reason.NONCE


def test_two_audiences_with_our_azp_are_accepted():
    assert verify(token(claims(aud=[CLIENT, "another-client"], azp=CLIENT)))["sub"] == "person-1"


def test_a_clock_a_little_behind_is_tolerated():
    assert verify(token(claims(exp=int(time.time()) - 30)))["sub"] == "person-1"


def test_an_assurance_level_not_accepted_is_refused():
    verified = ("urn:acr.login.gov:verified-facial-match-required",)

    assert refusal(token(), accepted_acr=verified) == Reason.ASSURANCE
    assert verify(token(), accepted_acr=("urn:acr.login.gov:auth-only",))["sub"] == "person-1"


def test_user_info_about_another_subject_is_refused():
    with pytest.raises(IdentityTokenRefused) as refused:
        check_same_subject({"sub": "person-1"}, {"sub": "person-2"})

    assert refused.value.reason == Reason.SUBJECT
    check_same_subject({"sub": "person-1"}, {"sub": "person-1", "email": "a@b.example"})


def test_a_key_set_that_is_no_json_object_is_refused():
    assert refusal(token(), jwks=["not", "a", "key", "set"]) == Reason.SIGNATURE


def test_user_info_that_is_no_json_object_is_refused():
    with pytest.raises(IdentityTokenRefused) as refused:
        check_same_subject({"sub": "person-1"}, ["person-1"])

    assert refused.value.reason == Reason.SUBJECT
