"""A software security key: just enough of a WebAuthn authenticator to register one
credential with allauth, and to sign in with it, the way a browser would post them."""

import hashlib
import os

from cryptography.hazmat.primitives import hashes
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

ORIGIN = "http://testserver"


class SoftKey:
    """One P-256 credential, kept so that it can answer sign-in challenges later."""

    def __init__(self) -> None:
        self.credential_id = os.urandom(32)
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.counter = 0

    def registration_response(self, creation_options: dict, origin: str = ORIGIN) -> dict:
        """The JSON a browser posts after `navigator.credentials.create()`, "none"
        attestation."""
        public_key = creation_options["publicKey"]
        credential = AttestedCredentialData.create(
            Aaguid.NONE,
            self.credential_id,
            ES256.from_cryptography_key(self.private_key.public_key()),
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256(public_key["rp"]["id"].encode()).digest(),
            AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
            self.counter,
            credential,
        )
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=public_key["challenge"], origin=origin
        )
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(
                    AttestationObject.create("none", auth_data, {})
                ),
            },
            "clientExtensionResults": {},
        }

    def assertion_response(self, request_options: dict, origin: str = ORIGIN) -> dict:
        """The JSON a browser posts after `navigator.credentials.get()`: the challenge
        signed with the credential's private key, user presence only."""
        public_key = request_options["publicKey"]
        self.counter += 1
        auth_data = AuthenticatorData.create(
            hashlib.sha256(public_key["rpId"].encode()).digest(),
            AuthenticatorData.FLAG.UP,
            self.counter,
        )
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=public_key["challenge"], origin=origin
        )
        signature = self.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(auth_data),
                "signature": websafe_encode(signature),
            },
            "clientExtensionResults": {},
        }


def registration_response(creation_options: dict, origin: str = ORIGIN) -> dict:
    """A new key's registration, for tests that never sign in with it."""
    return SoftKey().registration_response(creation_options, origin)
