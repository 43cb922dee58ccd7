"""The token request (accounts/oidc/client.py): private_key_jwt with the agency's key, else
the client secret and PKCE's verifier. The provider's answer comes from a `requests`
adapter here, so nothing leaves the process."""

import time
from urllib.parse import parse_qs

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import RequestFactory

from accounts.oidc.client import (
    ASSERTION_LIFETIME_SECONDS,
    CLIENT_ASSERTION_TYPE,
    PrivateKeyJWTClient,
    client_assertion,
)

TOKEN_ENDPOINT = "https://idp.example.gov/api/openid_connect/token"
CLIENT_ID = "urn:gov:gsa:openidconnect.profiles:sp:sso:agency:awards"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEY_PEM = KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)


class RecordingAdapter(requests.adapters.BaseAdapter):
    """Answers every request with a token response and keeps what was sent."""

    def __init__(self):
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response.headers["content-type"] = "application/json"
        response._content = b'{"access_token": "at", "id_token": "it"}'
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.fixture
def token_endpoint(monkeypatch):
    adapter = RecordingAdapter()

    def session():
        http = requests.Session()
        http.mount("https://", adapter)
        return http

    monkeypatch.setattr(
        "allauth.socialaccount.adapter.DefaultSocialAccountAdapter.get_requests_session",
        lambda self: session(),
    )
    return adapter


def token_client(*, secret: str, key: bytes | None) -> PrivateKeyJWTClient:
    client = PrivateKeyJWTClient(
        RequestFactory().get("/"),
        CLIENT_ID,
        secret,
        "POST",
        TOKEN_ENDPOINT,
        "https://awards.example.gov/accounts/oidc/login-gov/login/callback/",
    )
    client.private_key_pem = key
    return client


def test_client_assertion_names_the_client_and_the_token_endpoint():
    before = int(time.time())

    assertion = client_assertion(
        client_id=CLIENT_ID, token_endpoint=TOKEN_ENDPOINT, private_key_pem=KEY_PEM
    )

    header = jwt.get_unverified_header(assertion)
    claims = jwt.decode(assertion, KEY.public_key(), algorithms=["RS256"], audience=TOKEN_ENDPOINT)
    assert header["alg"] == "RS256"
    assert (claims["iss"], claims["sub"], claims["aud"]) == (CLIENT_ID, CLIENT_ID, TOKEN_ENDPOINT)
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] == claims["iat"] + ASSERTION_LIFETIME_SECONDS
    assert len(claims["jti"]) >= 32


def test_each_assertion_is_new():
    one, two = (
        client_assertion(
            client_id=CLIENT_ID, token_endpoint=TOKEN_ENDPOINT, private_key_pem=KEY_PEM
        )
        for _ in range(2)
    )

    assert (
        jwt.decode(one, options={"verify_signature": False})["jti"]
        != jwt.decode(two, options={"verify_signature": False})["jti"]
    )


def test_with_a_key_the_token_request_carries_an_assertion_and_no_secret(token_endpoint):
    token_client(secret="", key=KEY_PEM).get_access_token("the-code")

    sent = parse_qs(token_endpoint.sent[0].body)
    assert sent["client_assertion_type"] == [CLIENT_ASSERTION_TYPE]
    assert "client_secret" not in sent
    assert "Authorization" not in token_endpoint.sent[0].headers
    assert sent["code"] == ["the-code"]
    claims = jwt.decode(
        sent["client_assertion"][0], KEY.public_key(), algorithms=["RS256"], audience=TOKEN_ENDPOINT
    )
    assert claims["iss"] == CLIENT_ID


def test_without_a_key_the_token_request_carries_the_secret_and_the_verifier(token_endpoint):
    token_client(secret="s3cret", key=None).get_access_token(
        "the-code", pkce_code_verifier="v" * 43
    )

    sent = parse_qs(token_endpoint.sent[0].body)
    assert sent["client_secret"] == ["s3cret"]
    assert sent["code_verifier"] == ["v" * 43]
    assert "client_assertion" not in sent
