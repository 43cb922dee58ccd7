"""The token request, authenticated with `private_key_jwt` when the agency's key is set.

Login.gov (and most agency providers) accept a client assertion instead of a shared
secret (RFC 7523 §2.2, OpenID Connect Core §9): a short-lived JWT naming this client as
issuer and subject and the token endpoint as audience, signed with the agency's private
key, whose certificate the provider holds. No secret then travels or sits in the
environment; without a key the request carries the client secret (if any) and PKCE's
code verifier.
"""

import secrets
import time
from pathlib import Path

import jwt
from allauth.socialaccount.providers.oauth2.client import OAuth2Client

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# Long enough for one request, short enough to be useless once captured.
ASSERTION_LIFETIME_SECONDS = 300


def client_assertion(*, client_id: str, token_endpoint: str, private_key_pem: bytes) -> str:
    """A signed client assertion for one request to `token_endpoint` (RS256)."""
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": token_endpoint,
        "jti": secrets.token_urlsafe(32),
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECONDS,
    }
    return jwt.encode(claims, private_key_pem, algorithm="RS256")


def read_private_key(path: str) -> bytes:
    """The PEM private key at `path`."""
    return Path(path).read_bytes()


class PrivateKeyJWTClient(OAuth2Client):
    """allauth's OAuth 2.0 client, proving who it is by a client assertion signed with
    `private_key_pem` instead of a secret when one is given."""

    private_key_pem: bytes | None = None

    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None):
        if self.private_key_pem is None:
            return super().get_access_token(
                code, pkce_code_verifier=pkce_code_verifier, extra_data=extra_data
            )
        assertion = client_assertion(
            client_id=self.consumer_key,
            token_endpoint=self.access_token_url,
            private_key_pem=self.private_key_pem,
        )
        self.consumer_secret = ""  # empty values are left out of the request
        self.basic_auth = False
        return super().get_access_token(
            code,
            pkce_code_verifier=pkce_code_verifier,
            extra_data={
                **(extra_data or {}),
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "client_assertion": assertion,
            },
        )
