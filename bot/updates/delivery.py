"""How an update reaches a parent: e-mail (SMTP, or the outbox offline) with a plain-text
body, an unsubscribe link and the List-Unsubscribe headers; or a WhatsApp template message
through the WhatsApp Cloud API (Meta allows nothing else outside the 24-hour window)."""

from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from bot.conversation.formats import ENGLISH
from bot.mail.sending import send_mail
from bot.settings import Settings


@dataclass(frozen=True)
class Message:
    key: str
    subject: str
    body: str
    unsubscribe_url: str
    reference: str = ""  # in the chat link (UpdateMessage.reference)
    template: str | None = None
    parameters: list[str] = field(default_factory=list)
    form: str = "u"  # the texts' variant it is written in: u, je or en
    footer: str = ""  # under the e-mail: who sends it, why, how to stop (updates file)


class TransientFailure(Exception):
    """Worth another try: a refused connection, a timeout, a 429 or 5xx."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class Senders:
    """Each sends one message; WhatsApp answers with the channel's id of the message (its
    read receipt later counts as opened), e-mail with None."""

    email: Callable[[str, Message], str | None]
    whatsapp: Callable[[str, Message], str | None]


def senders(settings: Settings) -> Senders:
    return Senders(
        email=lambda to, message: send_email(settings, to, message),
        whatsapp=lambda to, message: send_whatsapp_template(settings, to, message),
    )


def send_email(settings: Settings, to: str, message: Message) -> None:
    """Sent through SMTP or written to the outbox; e-mail tells nothing of being read."""
    body = f"{message.body.rstrip()}\n\n-- \n{message.footer}\n"
    try:
        send_mail(
            to=to,
            subject=message.subject,
            body=body,
            settings=settings,
            headers={
                "List-Unsubscribe": f"<{message.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    except OSError as error:  # SMTP down, refused, timed out
        raise TransientFailure(type(error).__name__) from error


def send_whatsapp_template(settings: Settings, to: str, message: Message) -> str | None:
    if not message.template:
        raise ValueError(f"no WhatsApp template for {message.key.split(':')[1]}")
    payload = {
        "messaging_product": "whatsapp",
        "to": to.lstrip("+"),
        "type": "template",
        "template": {
            "name": message.template,
            "language": {"code": template_language(settings, message.form)},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": p} for p in message.parameters],
                }
            ],
        },
    }
    url = f"{settings.whatsapp_api_url}/{settings.whatsapp_phone_number_id}/messages"
    try:
        answer = requests.post(
            url,
            json=payload,
            headers={"Authorization": f"Bearer {settings.whatsapp_access_token}"},
            timeout=10,
        )
    except requests.RequestException as error:
        raise TransientFailure(type(error).__name__) from error
    if answer.status_code == 429 or answer.status_code >= 500:
        raise TransientFailure(f"HTTP {answer.status_code}")
    answer.raise_for_status()
    sent = (answer.json().get("messages") or [{}])[0]
    return str(sent["id"])[:128] if sent.get("id") else None


def template_language(settings: Settings, form: str) -> str:
    """The approved template's language: the configured one, or English for "en" (Meta
    keeps one version per language under the same template name)."""
    return ENGLISH if form == ENGLISH else settings.whatsapp_template_language
