"""The checks an ID token must pass before anyone is signed in with it.

OpenID Connect Core 1.0 §3.1.3.7, with no shortcut: the signature is checked even though
the token came straight from the token endpoint over TLS (allauth's stock provider skips
it then), because a token endpoint reached through a misconfigured proxy or a poisoned
discovery document is exactly when the signature matters. Each refusal names its reason
(`IdentityTokenRefused.reason`), which the audit log records; nothing of the token itself
is recorded.
"""

import hmac
from typing import Any

import jwt
from allauth.socialaccount.providers.base import ProviderException

# Asymmetric algorithms only: "none" and the HMAC family (whose key would be the client
# secret, which the client itself holds) are never accepted.
ACCEPTED_ALGORITHMS = ("RS256", "ES256")
# Clock difference tolerated between the provider and this server, in seconds.
LEEWAY_SECONDS = 60
REQUIRED_CLAIMS = ("iss", "sub", "aud", "exp", "iat")


class Reason:
    """Why a sign-in through an identity provider was refused, as the audit log names it."""

    STATE = "state"
    PROVIDER_ERROR = "provider_error"
    CANCELLED = "cancelled"
    TOKEN_REQUEST = "token_request"
    UNREACHABLE = "unreachable"
    MALFORMED = "malformed"
    SIGNATURE = "signature"
    ISSUER = "issuer"
    AUDIENCE = "audience"
    EXPIRED = "expired"
    ISSUED_AT = "issued_at"
    NONCE = "nonce"
    ASSURANCE = "assurance"
    SUBJECT = "subject"
    # A first sign-in whose verified address belongs to an account not connected yet.
    NOT_CONNECTED = "not_connected"


class IdentityTokenRefused(ProviderException):
    """The ID token (or the user info that goes with it) failed a check. A
    `ProviderException`, so that allauth's callback turns it into its error page."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def verify_id_token(
    token: str,
    *,
    jwks: dict[str, Any],
    issuer: str,
    client_id: str,
    nonce: str | None,
    accepted_acr: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The claims of `token` once it is proved to be the provider's answer to this very
    request: signed with one of the provider's keys (`jwks`, its published key set) by an
    accepted algorithm, issued by `issuer` for `client_id` (and, with several audiences,
    authorized for it), current, carrying the `nonce` this request sent, and, when
    `accepted_acr` names any, at one of those assurance levels. Raises
    `IdentityTokenRefused` otherwise."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as error:
        raise IdentityTokenRefused(Reason.MALFORMED, str(error)) from error
    algorithm = header.get("alg")
    if algorithm not in ACCEPTED_ALGORITHMS:
        raise IdentityTokenRefused(Reason.SIGNATURE, f"algorithm {algorithm!r} not accepted")
    key = signing_key(jwks, header.get("kid"), algorithm)
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": list(REQUIRED_CLAIMS)},
        )
    except jwt.InvalidSignatureError as error:
        raise IdentityTokenRefused(Reason.SIGNATURE, str(error)) from error
    except jwt.ExpiredSignatureError as error:
        raise IdentityTokenRefused(Reason.EXPIRED, str(error)) from error
    except jwt.InvalidAudienceError as error:
        raise IdentityTokenRefused(Reason.AUDIENCE, str(error)) from error
    except jwt.InvalidIssuerError as error:
        raise IdentityTokenRefused(Reason.ISSUER, str(error)) from error
    except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError) as error:
        raise IdentityTokenRefused(Reason.ISSUED_AT, str(error)) from error
    except jwt.PyJWTError as error:
        raise IdentityTokenRefused(Reason.MALFORMED, str(error)) from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise IdentityTokenRefused(Reason.AUDIENCE, "several audiences and no azp for us")
    if "azp" in claims and claims["azp"] != client_id:
        raise IdentityTokenRefused(Reason.AUDIENCE, "authorized party is another client")
    sent = nonce or ""
    received = claims.get("nonce")
    if not sent or not isinstance(received, str) or not hmac.compare_digest(received, sent):
        raise IdentityTokenRefused(Reason.NONCE)
    if accepted_acr and claims.get("acr") not in accepted_acr:
        raise IdentityTokenRefused(Reason.ASSURANCE, f"acr {claims.get('acr')!r}")
    return claims


def signing_key(jwks: dict[str, Any], kid: str | None, algorithm: str):
    """The public key of the provider's key set that the token's header names (its only
    key of the right type when the header names none), for `algorithm`."""
    if not isinstance(jwks, dict):
        raise IdentityTokenRefused(Reason.SIGNATURE, "the key set is not a JSON object")
    try:
        key_set = jwt.PyJWKSet.from_dict(jwks)
    except jwt.PyJWTError as error:
        raise IdentityTokenRefused(Reason.SIGNATURE, f"unusable key set: {error}") from error
    key_type = "RSA" if algorithm.startswith("RS") else "EC"
    candidates = [
        key
        for key in key_set.keys
        if key.key_type == key_type and key.public_key_use in (None, "sig")
    ]
    if kid is not None:
        candidates = [key for key in candidates if key.key_id == kid]
    if len(candidates) != 1:
        raise IdentityTokenRefused(Reason.SIGNATURE, f"no single published key for kid {kid!r}")
    return candidates[0].key


def check_same_subject(claims: dict[str, Any], userinfo: Any) -> None:
    """The user info answer is about the person the ID token names (Core §5.3.2)."""
    if not isinstance(userinfo, dict) or userinfo.get("sub") != claims.get("sub"):
        raise IdentityTokenRefused(Reason.SUBJECT, "user info names another subject")
