"""Talking to a running stack the way a website or app does: over Rasa's REST channel."""

import email
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


def latest_code_in_outbox(outbox: Path, to: str) -> str:
    """The one-time code of the newest code mail to `to` in the outbox."""
    mails = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    for path in reversed(mails):
        message = email.message_from_bytes(path.read_bytes())
        subject = message["Subject"]
        if message["To"] == to and ("controlecode" in subject or "verification code" in subject):
            return subject.rsplit(" ", 1)[-1]
    raise AssertionError(f"no mail to {to} in {outbox}")
