"""The tests' control address: register the client, add people, set a misbehaviour.

POST /control/ with the header `X-Control-Token` and a JSON body of any of:
{"client": {"id", "secret", "redirect_uris", "post_logout_redirect_uris", "public_key"}},
{"user": {"email", "password", "email_verified"}}, {"misbehave": "expired"}.
"""

import json
import secrets

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def control(request):
    token = request.headers.get("X-Control-Token", "")
    if not secrets.compare_digest(token, settings.CONTROL_TOKEN):
        return HttpResponseForbidden()
    body = json.loads(request.body)
    if "client" in body:
        register_client(**body["client"])
    if "user" in body:
        add_user(**body["user"])
    if "misbehave" in body:
        settings.MISBEHAVIOUR_FILE.write_text(body["misbehave"])
    return HttpResponse("ok")


def register_client(*, id, secret, redirect_uris, post_logout_redirect_uris=(), public_key=""):
    client = Client.objects.filter(id=id).first() or Client(id=id)
    client.name = "Awards (test)"
    client.scopes = "openid\nemail\nprofile"
    client.type = Client.Type.CONFIDENTIAL
    client.grant_types = Client.GrantType.AUTHORIZATION_CODE
    client.response_types = "code"
    client.skip_consent = True
    client.set_redirect_uris(list(redirect_uris))
    client.set_secret(secret)
    # The secret in the clear too: a client assertion stands in for it
    # (misbehaviour.accept_client_assertion).
    client.data = {"public_key": public_key, "secret": secret}
    client.set_post_logout_redirect_uris(list(post_logout_redirect_uris))
    client.save()


def add_user(*, email, password, email_verified=True):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0] + secrets.token_hex(4), email=email, password=password
    )
    EmailAddress.objects.create(user=user, email=email, verified=email_verified, primary=True)
