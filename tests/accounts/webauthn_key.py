"""A software security key: just enough of a WebAuthn authenticator to register one
credential with allauth the way a browser would post it."""

import hashlib
import os

from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)


def registration_response(creation_options: dict, origin: str = "http://testserver") -> dict:
    """The JSON a browser posts after `navigator.credentials.create()`, "none" attestation."""
    public_key = creation_options["publicKey"]
    credential_id = os.urandom(32)
    key = ec.generate_private_key(ec.SECP256R1())
    credential = AttestedCredentialData.create(
        Aaguid.NONE, credential_id, ES256.from_cryptography_key(key.public_key())
    )
    auth_data = AuthenticatorData.create(
        hashlib.sha256(public_key["rp"]["id"].encode()).digest(),
        AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
        0,
        credential,
    )
    client_data = CollectedClientData.create(
        type="webauthn.create", challenge=public_key["challenge"], origin=origin
    )
    return {
        "type": "public-key",
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(AttestationObject.create("none", auth_data, {})),
        },
        "clientExtensionResults": {},
    }
