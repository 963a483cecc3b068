"""WhatsApp Business Cloud API channel: /webhooks/whatsapp/webhook.

In: text messages, reply-button and list answers (their id, our payload, becomes the
message); a photo, voice message or other kind gets "please type your question". Status
callbacks (sent, delivered, read) are accepted and ignored. Every POST must carry a valid
`X-Hub-Signature-256`; it is answered at once and the turn runs in the background; a
message id seen before is not handled again (Meta re-delivers).

The sender's number reaches the actions as metadata `{"phone": "+31…"}`: only this
verified webhook sets it, and the conversation id is `whatsapp:<number>`, a prefix the
REST channel refuses, so nobody else can speak in that conversation.

Out: text, reply buttons (up to 3) or a list (more). Outside the 24-hour service window
(no message from the parent in the last 24 hours, e.g. a late staff reply) WhatsApp only
allows a template: we then send the configured WHATSAPP_TEMPLATE_NAME instead.

Off unless WHATSAPP_APP_SECRET is set (its URLs then answer 404).
"""

import logging
import os
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import background
from bot.channels.graph import GraphClient
from bot.channels.store import TtlStore, ttl_store_from_env
from bot.channels.webhooks import Rejected, verification_answer, verified_json
from bot.conversation import texts

log = logging.getLogger(__name__)

SENDER_PREFIX = "whatsapp:"
SERVICE_WINDOW_SECONDS = 24 * 3600
SEEN_SECONDS = 3 * 24 * 3600
MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10
MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
ADDRESS_FORM = os.environ.get("ADDRESS_FORM", "u")


@dataclass(frozen=True)
class WhatsAppConfig:
    app_secret: str
    verify_token: str
    access_token: str
    phone_number_id: str
    api_url: str
    template_name: str
    template_language: str

    @classmethod
    def from_env(cls) -> "WhatsAppConfig":
        env = os.environ.get
        return cls(
            app_secret=env("WHATSAPP_APP_SECRET", ""),
            verify_token=env("WHATSAPP_VERIFY_TOKEN", ""),
            access_token=env("WHATSAPP_ACCESS_TOKEN", ""),
            phone_number_id=env("WHATSAPP_PHONE_NUMBER_ID", ""),
            api_url=env("WHATSAPP_API_URL", "https://graph.facebook.com/v19.0").rstrip("/"),
            template_name=env("WHATSAPP_TEMPLATE_NAME", ""),
            template_language=env("WHATSAPP_TEMPLATE_LANGUAGE", "nl"),
        )

    @property
    def enabled(self) -> bool:
        return bool(self.app_secret)


def window_key(number: str) -> str:
    return f"whatsapp:inbound:{number}"


class WhatsAppOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(self, config: WhatsAppConfig, window: TtlStore) -> None:
        self.config = config
        self.window = window
        url = f"{config.api_url}/{config.phone_number_id}/messages"
        self.client = GraphClient("whatsapp", url, config.access_token)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        number = recipient_id.removeprefix(SENDER_PREFIX)
        if await self.window.contains(window_key(number)):
            await super().send_response(recipient_id, message)
        elif self.config.template_name:
            template = {
                "name": self.config.template_name,
                "language": {"code": self.config.template_language},
            }
            await self._send(recipient_id, "template", {"template": template})
        else:
            log.warning("whatsapp: outside the service window and no template set; not sent")

    async def _send(self, recipient_id: str, kind: str, content: dict[str, Any]) -> None:
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": recipient_id.removeprefix(SENDER_PREFIX),
            "type": kind,
            **content,
        }
        await self.client.send(payload, kind)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for start in range(0, len(text), MAX_TEXT):
            part = text[start : start + MAX_TEXT]
            await self._send(recipient_id, "text", {"text": {"body": part}})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        if len(text) > MAX_INTERACTIVE_BODY:
            await self.send_text_message(recipient_id, text)
            text = texts.button("choose")
        if len(buttons) <= MAX_REPLY_BUTTONS:
            action: dict[str, Any] = {
                "buttons": [
                    {"type": "reply", "reply": {"id": b["payload"][:256], "title": b["title"][:20]}}
                    for b in buttons
                ]
            }
            interactive = {"type": "button", "body": {"text": text}, "action": action}
        else:
            rows = [{"id": b["payload"][:200], "title": b["title"][:24]} for b in buttons]
            action = {
                "button": texts.button("choose")[:20],
                "sections": [{"title": texts.button("choose")[:24], "rows": rows[:MAX_LIST_ROWS]}],
            }
            interactive = {"type": "list", "body": {"text": text}, "action": action}
        await self._send(recipient_id, "interactive", {"interactive": interactive})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(recipient_id, "image", {"image": {"link": image}})


def _text_of(message: dict[str, Any]) -> str | None:
    """What the parent said or chose: the text, or the id (payload) of the chosen button."""
    kind = message.get("type")
    if kind == "text":
        return message["text"]["body"]
    if kind == "interactive":
        interactive = message["interactive"]
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        return reply.get("id")
    if kind == "button":
        return message["button"].get("payload") or message["button"].get("text")
    return None


def inbound_messages(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The parents' messages in a webhook body (statuses and other changes left out)."""
    if payload.get("object") != "whatsapp_business_account":
        raise Rejected(400, "expected object 'whatsapp_business_account'")
    try:
        return [
            message
            for entry in payload["entry"]
            for change in entry.get("changes") or []
            for message in (change.get("value") or {}).get("messages") or []
            if isinstance(message, dict)
        ]
    except (AttributeError, TypeError):
        raise Rejected(400, "malformed webhook body") from None


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(WhatsAppConfig.from_env())

    def __init__(self, config: WhatsAppConfig) -> None:
        self.config = config
        self.store = ttl_store_from_env()

    def get_output_channel(self) -> OutputChannel | None:
        return WhatsAppOutput(self.config, self.store) if self.config.enabled else None

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = Blueprint("whatsapp_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.config.enabled:
                return response.json({"error": "channel off"}, status=404)
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.config.enabled:
                return response.json({"error": "channel off"}, status=404)
            return verification_answer(request, self.config.verify_token)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.config.enabled:
                return response.json({"error": "channel off"}, status=404)
            try:
                messages = inbound_messages(verified_json(request, self.config.app_secret))
                by_sender = await self._new_turns(messages)
            except Rejected as rejected:
                return rejected.answer
            for turns in by_sender.values():
                background.process_later(on_new_message, request.app.ctx.agent, turns)
            return response.json({"status": "received"})

        return webhook

    async def _new_turns(self, messages: list[dict[str, Any]]) -> dict[str, list[UserMessage]]:
        """The messages not seen before, as turns grouped by sender, in order."""
        parsed = [_parsed(message) for message in messages]
        by_sender: dict[str, list[UserMessage]] = {}
        for number, message_id, text in parsed:
            if not await self.store.add_if_new(f"whatsapp:seen:{message_id}", SEEN_SECONDS):
                continue
            await self.store.touch(window_key(number), SERVICE_WINDOW_SECONDS)
            if text is None:  # a photo, voice message, location, …
                unsupported = {"text": texts.say("unsupported_message", ADDRESS_FORM)}
                output = WhatsAppOutput(self.config, self.store)
                background.reply_later(output, SENDER_PREFIX + number, unsupported)
                continue
            by_sender.setdefault(number, []).append(
                UserMessage(
                    text[:4000],
                    WhatsAppOutput(self.config, self.store),
                    SENDER_PREFIX + number,
                    input_channel=self.name(),
                    message_id=message_id,
                    metadata={"phone": "+" + number},
                )
            )
        return by_sender


def _parsed(message: dict[str, Any]) -> tuple[str, str, str | None]:
    """(sender number, message id, text or None); Rejected when the message is malformed."""
    try:
        number, message_id, text = message["from"], message["id"], _text_of(message)
    except (KeyError, TypeError, AttributeError):
        raise Rejected(400, "malformed message") from None
    if not (isinstance(number, str) and number.isdigit() and isinstance(message_id, str)):
        raise Rejected(400, "malformed message")
    if not isinstance(text, str) or not text.strip():
        text = None
    return number, message_id, text
