"""Start the test identity provider: `python -m tests.identity_provider.serve`.

Run from the repository's root with IDP_WORK_DIR (an empty temporary folder) and
IDP_CONTROL_TOKEN set. It writes a fresh RSA signing key, migrates its own SQLite
database, binds a free port on 127.0.0.1 and prints one line, `listening on <url>`, then
serves (several requests at once: the browser and the site under test both call it)
until it is stopped.
"""

import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


def write_signing_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def main() -> None:
    write_signing_key(Path(os.environ["IDP_WORK_DIR"]) / "signing-key.pem")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.identity_provider.settings"
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
