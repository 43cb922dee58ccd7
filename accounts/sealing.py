"""Sealing a secret that must wait in the database: encrypted with a key derived from
SECRET_KEY, so a copy of the database without SECRET_KEY reads nothing of it.

`seal` and `unseal` use Fernet (AES-128-CBC with HMAC-SHA256) under a key that HKDF
derives from SECRET_KEY and a purpose, so one purpose's sealed values never open under
another. Values sealed under a key in SECRET_KEY_FALLBACKS still open after a rotation.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.encoding import force_bytes


class SealBroken(ValueError):
    """A sealed value that does not open: tampered with, or sealed under another key."""


def seal(secret: str, *, purpose: str) -> str:
    return _fernet(purpose).encrypt(secret.encode()).decode("ascii")


def unseal(sealed: str, *, purpose: str) -> str:
    try:
        return _fernet(purpose).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise SealBroken("The sealed value does not open with this site's keys.") from error


def _fernet(purpose: str) -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_derived_key(key, purpose)) for key in keys])


def _derived_key(secret_key: str, purpose: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"awards_site.sealing",
        info=purpose.encode(),
    )
    return base64.urlsafe_b64encode(hkdf.derive(force_bytes(secret_key)))
