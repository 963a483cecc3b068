"""WhatsApp through Twilio: /webhooks/twilio/webhook (replaces Rasa's twilio channel).

Rasa 3.6's channel accepts any POST, so anyone could write in a parent's name. This one
checks `X-Twilio-Signature` (base64 HMAC-SHA1, with the auth token, of the webhook URL
followed by the sorted POST parameters, compared in constant time; 403 otherwise).
Set TWILIO_WEBHOOK_URL to the public URL configured at Twilio when the server sits behind
a proxy, since the signature covers the URL Twilio called.

Like the Cloud API channel: answered at once with the turn in the background, a message
sid seen before not handled again, the sender's number as metadata `{"phone": "+31…"}`,
and outside the 24-hour service window only the approved template
(TWILIO_TEMPLATE_CONTENT_SID). Twilio has no free-form buttons: their titles are listed
under the text, and parents type their choice. Status callbacks are accepted and ignored.

Off unless TWILIO_AUTH_TOKEN is set (its URLs then answer 404).
"""

import base64
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from typing import Any

import requests
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import background
from bot.channels.graph import TIMEOUT_SECONDS, GraphClient
from bot.channels.store import TtlStore, ttl_store_from_env
from bot.channels.webhooks import MAX_BODY_BYTES, Rejected
from bot.conversation import texts

log = logging.getLogger(__name__)

SENDER_PREFIX = "twilio:"
SERVICE_WINDOW_SECONDS = 24 * 3600
SEEN_SECONDS = 3 * 24 * 3600
MAX_TEXT = 1600
ADDRESS_FORM = os.environ.get("ADDRESS_FORM", "u")


@dataclass(frozen=True)
class TwilioConfig:
    account_sid: str
    auth_token: str
    whatsapp_number: str
    webhook_url: str
    api_url: str
    template_content_sid: str

    @classmethod
    def from_env(cls) -> "TwilioConfig":
        env = os.environ.get
        return cls(
            account_sid=env("TWILIO_ACCOUNT_SID", ""),
            auth_token=env("TWILIO_AUTH_TOKEN", ""),
            whatsapp_number=env("TWILIO_WHATSAPP_NUMBER", ""),
            webhook_url=env("TWILIO_WEBHOOK_URL", ""),
            api_url=env("TWILIO_API_URL", "https://api.twilio.com/2010-04-01").rstrip("/"),
            template_content_sid=env("TWILIO_TEMPLATE_CONTENT_SID", ""),
        )

    @property
    def enabled(self) -> bool:
        return bool(self.auth_token)


def twilio_signature(auth_token: str, url: str, params: dict[str, list[str]]) -> str:
    signed = url + "".join(
        name + value for name in sorted(params) for value in sorted(set(params[name]))
    )
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def window_key(number: str) -> str:
    return f"twilio:inbound:{number}"


class TwilioClient(GraphClient):
    """The retrying sender, posting a form with basic auth as Twilio's REST API wants."""

    def __init__(self, config: TwilioConfig) -> None:
        url = f"{config.api_url}/Accounts/{config.account_sid}/Messages.json"
        super().__init__("twilio", url, config.auth_token)
        self.account_sid = config.account_sid

    def _post(self, payload: dict[str, Any]) -> requests.Response:
        auth = (self.account_sid, self.access_token)
        return requests.post(self.url, data=payload, auth=auth, timeout=TIMEOUT_SECONDS)


class TwilioOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(self, config: TwilioConfig, window: TtlStore) -> None:
        self.config = config
        self.window = window
        self.client = TwilioClient(config)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        number = recipient_id.removeprefix(SENDER_PREFIX)
        if await self.window.contains(window_key(number)):
            await super().send_response(recipient_id, message)
        elif self.config.template_content_sid:
            content = {"ContentSid": self.config.template_content_sid}
            await self._send(recipient_id, content, "template")
        else:
            log.warning("twilio: outside the service window and no template set; not sent")

    async def _send(self, recipient_id: str, content: dict[str, str], kind: str) -> None:
        to = "whatsapp:+" + recipient_id.removeprefix(SENDER_PREFIX)
        payload = {"From": self.config.whatsapp_number, "To": to, **content}
        await self.client.send(payload, kind)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for start in range(0, len(text), MAX_TEXT):
            await self._send(recipient_id, {"Body": text[start : start + MAX_TEXT]}, "text")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        choices = "\n".join(f"- {button['title']}" for button in buttons)
        await self.send_text_message(recipient_id, f"{text}\n\n{choices}")

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(recipient_id, {"MediaUrl": image}, "image")


class TwilioInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(TwilioConfig.from_env())

    def __init__(self, config: TwilioConfig) -> None:
        self.config = config
        self.store = ttl_store_from_env()

    def get_output_channel(self) -> OutputChannel | None:
        return TwilioOutput(self.config, self.store) if self.config.enabled else None

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = Blueprint("twilio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.config.enabled:
                return response.json({"error": "channel off"}, status=404)
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.config.enabled:
                return response.json({"error": "channel off"}, status=404)
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json({"error": "body too large"}, status=413)
            params = {name: list(values) for name, values in request.form.items()}
            url = self.config.webhook_url or request.url
            expected = twilio_signature(self.config.auth_token, url, params)
            given = request.headers.get("x-twilio-signature", "")
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return response.json({"error": "invalid signature"}, status=403)
            try:
                message = await self._new_turn(params)
            except Rejected as rejected:
                return rejected.answer
            if message:
                background.process_later(on_new_message, request.app.ctx.agent, [message])
            # an empty TwiML answer: the replies go through the Messages API
            return response.text("<Response/>", content_type="text/xml")

        return webhook

    async def _new_turn(self, params: dict[str, list[str]]) -> UserMessage | None:
        """The parent's message as a turn; None for status callbacks, repeats and media."""
        sender = (params.get("From") or [""])[0]
        sid = (params.get("MessageSid") or [""])[0]
        if "MessageStatus" in params and "Body" not in params:
            return None
        number = sender.removeprefix("whatsapp:").removeprefix("+")
        if not (sender.startswith("whatsapp:+") and number.isdigit() and sid):
            raise Rejected(400, "expected From=whatsapp:+… and MessageSid")
        if not await self.store.add_if_new(f"twilio:seen:{sid}", SEEN_SECONDS):
            return None
        await self.store.touch(window_key(number), SERVICE_WINDOW_SECONDS)
        text = (params.get("ButtonPayload") or params.get("Body") or [""])[0]
        if not text.strip():  # a photo, voice message, location, …
            unsupported = {"text": texts.say("unsupported_message", ADDRESS_FORM)}
            output = TwilioOutput(self.config, self.store)
            background.reply_later(output, SENDER_PREFIX + number, unsupported)
            return None
        return UserMessage(
            text[:4000],
            TwilioOutput(self.config, self.store),
            SENDER_PREFIX + number,
            input_channel=self.name(),
            message_id=sid,
            metadata={"phone": "+" + number},
        )
