"""The test identity provider as the tests use it: started once per test session in its
own process, and driven through its control address.

    with running_identity_provider(tmp_dir) as idp:
        idp.register_client(...); idp.add_user(...); idp.misbehave("expired")
"""

import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RunningIdentityProvider:
    url: str
    control_token: str
    work_dir: Path
    client_keys: dict[str, Path] = field(default_factory=dict)

    def control(self, **body) -> None:
        response = requests.post(
            f"{self.url}/control/",
            data=json.dumps(body),
            headers={"X-Control-Token": self.control_token},
            timeout=10,
        )
        response.raise_for_status()

    def register_client(
        self,
        client_id: str,
        secret: str,
        *,
        redirect_uris: list[str],
        post_logout_redirect_uris: list[str] = (),
        with_key: bool = False,
    ) -> Path | None:
        """Register a client; with `with_key`, an RSA key pair for private_key_jwt whose
        private half's file this returns."""
        public_pem = ""
        key_file = None
        if with_key:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            key_file = self.work_dir / f"{client_id}-private-key.pem"
            key_file.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            public_pem = (
                key.public_key()
                .public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
                .decode()
            )
        self.control(
            client={
                "id": client_id,
                "secret": secret,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": list(post_logout_redirect_uris),
                "public_key": public_pem,
            }
        )
        return key_file

    def add_user(self, email: str, password: str, *, email_verified: bool = True) -> None:
        self.control(user={"email": email, "password": password, "email_verified": email_verified})

    def misbehave(self, mode: str) -> None:
        """One of misbehaviour.py's modes; "" to behave."""
        self.control(misbehave=mode)


@contextlib.contextmanager
def running_identity_provider(work_dir: Path) -> Iterator[RunningIdentityProvider]:
    """Start the provider in a subprocess (its database, key and files in `work_dir`),
    yield it once it listens, and stop it afterwards."""
    token = secrets.token_urlsafe(24)
    environment = {
        **os.environ,
        "IDP_WORK_DIR": str(work_dir),
        "IDP_CONTROL_TOKEN": token,
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DATABASE_URL", None)
    errors = work_dir / "stderr.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.identity_provider.serve"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=errors.open("w"),
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", line)
        if match is None:
            process.kill()
            raise RuntimeError(f"the test identity provider did not start: {errors.read_text()}")
        yield RunningIdentityProvider(url=match.group(1), control_token=token, work_dir=work_dir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
