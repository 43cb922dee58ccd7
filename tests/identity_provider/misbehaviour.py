"""The test identity provider's misbehaviours, switched on by writing one word to the
misbehaviour file (`control.py` does it for the tests):

- "wrong_nonce": the ID token carries a nonce other than the one the request sent;
- "wrong_audience": the ID token is issued for another client;
- "expired": the ID token expired half an hour ago;
- "bad_signature": the ID token's signature is not the provider's (one byte changed);
- "wrong_state": the authorization answer goes back with another `state`.

Anything else, or no file, and it behaves. It also accepts `private_key_jwt` at its
token endpoint, which allauth's provider does not: a client assertion signed with the
client's registered public key stands in for the client secret.
"""

import base64
import json
import secrets
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jwt
from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from allauth.idp.oidc.models import Client
from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def misbehaviour() -> str:
    try:
        return settings.MISBEHAVIOUR_FILE.read_text().strip()
    except FileNotFoundError:
        return ""


class MisbehavingAdapter(DefaultOIDCAdapter):
    def populate_id_token(self, id_token, client, scopes, **kwargs) -> None:
        mode = misbehaviour()
        if mode == "wrong_nonce":
            id_token["nonce"] = "a-nonce-this-client-never-sent"
        elif mode == "wrong_audience":
            id_token["aud"] = "another-client"
        elif mode == "expired":
            now = int(time.time())
            id_token["iat"] = now - 3600
            id_token["exp"] = now - 1800


class MisbehavingTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token_endpoint = request.path == reverse("idp:oidc:token")
        if token_endpoint and request.POST.get("client_assertion_type") == CLIENT_ASSERTION_TYPE:
            refusal = accept_client_assertion(request)
            if refusal is not None:
                return refusal
        response = self.get_response(request)
        mode = misbehaviour()
        if token_endpoint and mode == "bad_signature" and response.status_code == 200:
            body = json.loads(response.content)
            body["id_token"] = with_changed_signature(body["id_token"])
            return JsonResponse(body)
        if mode == "wrong_state" and response.status_code == 302:
            response["Location"] = with_other_state(response["Location"])
        return response


def accept_client_assertion(request):
    """Turn a valid `private_key_jwt` token request into a `client_secret_post` one."""
    data = request.POST.copy()
    assertion = data.pop("client_assertion")[0]
    del data["client_assertion_type"]
    client_id = jwt.decode(assertion, options={"verify_signature": False}).get("iss")
    client = Client.objects.filter(id=client_id).first()
    public_key = (client.data or {}).get("public_key") if client else None
    if not public_key:
        return JsonResponse({"error": "invalid_client"}, status=401)
    try:
        claims = jwt.decode(
            assertion,
            public_key,
            algorithms=["RS256"],
            audience=request.build_absolute_uri(request.path),
            options={"require": ["iss", "sub", "aud", "exp", "jti"]},
        )
    except jwt.PyJWTError:
        return JsonResponse({"error": "invalid_client"}, status=401)
    if claims["sub"] != client.id:
        return JsonResponse({"error": "invalid_client"}, status=401)
    data["client_id"] = client.id
    data["client_secret"] = client.data["secret"]
    request.POST = data
    return None


def with_changed_signature(token: str) -> str:
    header, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[0] ^= 0xFF
    return f"{header}.{payload}.{base64.urlsafe_b64encode(bytes(raw)).decode().rstrip('=')}"


def with_other_state(location: str) -> str:
    parts = urlsplit(location)
    query = dict(parse_qsl(parts.query))
    if "state" not in query or "code" not in query:
        return location
    query["state"] = secrets.token_urlsafe(32)
    return urlunsplit(parts._replace(query=urlencode(query)))
