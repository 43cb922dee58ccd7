"""The smoke run's mail server: an aiosmtpd SMTP sink that keeps every message it is
given as one .eml file in a folder, and a way to wait for the message a step expects."""

import email
import email.policy
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


class FolderHandler:
    """Accepts every message and writes it to `folder` as <arrival>-<id>.eml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server, session, envelope) -> str:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.seen: set[str] = set()
        folder.mkdir(parents=True, exist_ok=True)
        self.controller = Controller(FolderHandler(folder), hostname="127.0.0.1", port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, *, to: str, contains: str, timeout: float) -> EmailMessage | None:
        """The first message to `to` whose text has `contains`, not returned before,
        waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for path in sorted(self.folder.glob("*.eml")):
                if path.name in self.seen:
                    continue
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                if to.lower() in str(message.get("To", "")).lower() and contains in body_text(
                    message
                ):
                    self.seen.add(path.name)
                    return message
            if time.monotonic() > deadline:
                return None
            time.sleep(0.2)


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""
