"""Facebook Messenger channel: /webhooks/messenger/webhook (replaces Rasa's facebook channel).

Rasa 3.6's channel checks the old SHA-1 `X-Hub-Signature` with `==`, answers 200 to a
forged request and handles only the first event of a batch. This one checks
`X-Hub-Signature-256` in constant time (403 otherwise), answers at once and runs the turns
in the background, and handles every messaging event of every entry. Buttons go out as
quick replies; a quick reply or postback comes back as its payload; a photo or voice
message gets "please type your question".

Replies to a parent's message are sent as RESPONSE; messages Rasa sends on its own
(a staff reply during a handoff, through the conversations API) carry the HUMAN_AGENT tag,
which Messenger allows for 7 days after the parent's last message.

Off unless MESSENGER_APP_SECRET is set (its URLs then answer 404).
"""

import os
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import background
from bot.channels.graph import GraphClient
from bot.channels.store import ttl_store_from_env
from bot.channels.webhooks import Rejected, verification_answer, verified_json
from bot.conversation import texts

SENDER_PREFIX = "messenger:"
SEEN_SECONDS = 3 * 24 * 3600
MAX_QUICK_REPLIES = 13
MAX_TEXT = 2000
ADDRESS_FORM = os.environ.get("ADDRESS_FORM", "u")


@dataclass(frozen=True)
class MessengerConfig:
    app_secret: str
    verify_token: str
    page_access_token: str
    api_url: str

    @classmethod
    def from_env(cls) -> "MessengerConfig":
        env = os.environ.get
        return cls(
            app_secret=env("MESSENGER_APP_SECRET", ""),
            verify_token=env("MESSENGER_VERIFY_TOKEN", ""),
            page_access_token=env("MESSENGER_PAGE_ACCESS_TOKEN", ""),
            api_url=env("MESSENGER_API_URL", "https://graph.facebook.com/v19.0").rstrip("/"),
        )

    @property
    def enabled(self) -> bool:
        return bool(self.app_secret)


class MessengerOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(self, config: MessengerConfig, *, proactive: bool = False) -> None:
        url = f"{config.api_url}/me/messages"
        self.client = GraphClient("messenger", url, config.page_access_token)
        self.messaging = (
            {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
            if proactive
            else {"messaging_type": "RESPONSE"}
        )

    async def _send(self, recipient_id: str, message: dict[str, Any], kind: str) -> None:
        psid = recipient_id.removeprefix(SENDER_PREFIX)
        payload = {"recipient": {"id": psid}, **self.messaging, "message": message}
        await self.client.send(payload, kind)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for start in range(0, len(text), MAX_TEXT):
            await self._send(recipient_id, {"text": text[start : start + MAX_TEXT]}, "text")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        quick_replies = [
            {"content_type": "text", "title": b["title"][:20], "payload": b["payload"][:1000]}
            for b in buttons[:MAX_QUICK_REPLIES]
        ]
        message = {"text": text[:MAX_TEXT], "quick_replies": quick_replies}
        await self._send(recipient_id, message, "quick replies")

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        attachment = {"type": "image", "payload": {"url": image, "is_reusable": True}}
        await self._send(recipient_id, {"attachment": attachment}, "image")


def _parsed(event: dict[str, Any]) -> tuple[str, str | None, str | None] | None:
    """(sender id, message id, text or None for a photo and the like) of a parent's message
    or postback; None for delivery and read receipts and echoes of our own messages."""
    psid = event["sender"]["id"]
    if not isinstance(psid, str) or not psid.isdigit():
        raise TypeError("sender id")
    message = event.get("message")
    if isinstance(message, dict) and not message.get("is_echo"):
        text = (message.get("quick_reply") or {}).get("payload") or message.get("text")
        return psid, message.get("mid"), text if isinstance(text, str) and text.strip() else None
    postback = event.get("postback")
    if isinstance(postback, dict) and isinstance(postback.get("payload"), str):
        return psid, postback.get("mid"), postback["payload"]
    return None


def inbound_events(payload: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    if payload.get("object") != "page":
        raise Rejected(400, "expected object 'page'")
    try:
        events = [_parsed(event) for entry in payload["entry"] for event in entry["messaging"]]
    except (KeyError, TypeError, AttributeError):
        raise Rejected(400, "malformed webhook body") from None
    return [event for event in events if event]


class MessengerInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "messenger"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(MessengerConfig.from_env())

    def __init__(self, config: MessengerConfig) -> None:
        self.config = config
        self.store = ttl_store_from_env()

    def get_output_channel(self) -> OutputChannel | None:
        return MessengerOutput(self.config, proactive=True) if self.config.enabled else None

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = Blueprint("messenger_webhook", __name__)

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
                events = inbound_events(verified_json(request, self.config.app_secret))
            except Rejected as rejected:
                return rejected.answer
            by_sender: dict[str, list[UserMessage]] = {}
            for psid, mid, text in events:
                if mid and not await self.store.add_if_new(f"messenger:seen:{mid}", SEEN_SECONDS):
                    continue
                if text is None:  # a photo, voice message, location, …
                    unsupported = {"text": texts.say("unsupported_message", ADDRESS_FORM)}
                    output = MessengerOutput(self.config)
                    background.reply_later(output, SENDER_PREFIX + psid, unsupported)
                    continue
                by_sender.setdefault(psid, []).append(
                    UserMessage(
                        text[:4000],
                        MessengerOutput(self.config),
                        SENDER_PREFIX + psid,
                        input_channel=self.name(),
                        message_id=mid,
                    )
                )
            for turns in by_sender.values():
                background.process_later(on_new_message, request.app.ctx.agent, turns)
            return response.json({"status": "received"})

        return webhook
