"""Talking to a running stack the way a website or app does: over Rasa's REST channel."""

import email
import email.message
import re
import uuid
from pathlib import Path

import requests

from tests.support.stack import RunningStack


class Chat:
    def __init__(self, stack: RunningStack, sender: str | None = None) -> None:
        self.stack = stack
        self.sender = sender or f"test-{uuid.uuid4().hex}"

    def say(self, text: str) -> list[dict]:
        token = self.stack.env.get("REST_TOKEN")
        reply = requests.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            headers={"Authorization": f"Bearer {token}"} if token else {},
            timeout=30,
        )
        reply.raise_for_status()
        return reply.json()

    def say_text(self, text: str) -> str:
        return " ".join(message.get("text", "") for message in self.say(text))


def code_in(message: email.message.Message) -> str | None:
    """The six-digit one-time code in a code mail's body (never in its subject, which lock
    screens show), else None."""
    subject = str(message["Subject"])
    if "controlecode" not in subject and "verification code" not in subject:
        return None
    body = message.get_payload(decode=True) if not message.is_multipart() else b""
    found = re.search(r"\b\d{6}\b", (body or b"").decode("utf-8", "replace"))
    return found.group(0) if found else None


def latest_code_in_outbox(outbox: Path, to: str) -> str:
    """The one-time code of the newest code mail to `to` in the outbox."""
    mails = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    for path in reversed(mails):
        message = email.message_from_bytes(path.read_bytes())
        code = code_in(message) if message["To"] == to else None
        if code:
            return code
    raise AssertionError(f"no mail to {to} in {outbox}")
