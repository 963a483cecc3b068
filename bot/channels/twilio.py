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

Off unless TWILIO_AUTH_TOKEN is set (its URLs then answer 404). The on/off gate,
deduplication, service window and background turns are every webhook channel's
(bot.channels.webhook_channel); this module checks Twilio's signature and reads and
writes Twilio's format.
"""

import base64
import hashlib
import hmac
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.sender import RetryingFormSender, RetryingSender
from bot.channels.webhook_channel import Inbound, WebhookInput, WebhookOutput
from bot.channels.webhooks import MAX_BODY_BYTES, Rejected
from bot.shared.config import Twilio


def twilio_signature(auth_token: str, url: str, params: dict[str, list[str]]) -> str:
    signed = url + "".join(
        name + value for name in sorted(params) for value in sorted(set(params[name]))
    )
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class TwilioOutput(WebhookOutput[Twilio]):
    channel = "twilio"
    max_text = 1600
    service_window = True

    def sender(self) -> RetryingSender:
        sid = self.settings.account_sid
        url = f"{self.settings.api_url.rstrip('/')}/Accounts/{sid}/Messages.json"
        return RetryingFormSender("twilio", url, sid, self.settings.auth_token)

    def payload(self, recipient: str, content: dict[str, Any], kind: str) -> dict[str, Any]:
        return {"From": self.settings.whatsapp_number, "To": "whatsapp:+" + recipient, **content}

    def text_content(self, text: str) -> dict[str, Any]:
        return {"Body": text}

    def image_content(self, url: str) -> dict[str, Any]:
        return {"MediaUrl": url}

    def template(self) -> dict[str, Any] | None:
        sid = self.settings.template_content_sid
        return {"ContentSid": sid} if sid else None

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        choices = "\n".join(f"- {button['title']}" for button in buttons)
        await self.send_text_message(recipient_id, f"{text}\n\n{choices}")


class TwilioInput(WebhookInput):
    output_class = TwilioOutput

    def received(self) -> HTTPResponse:
        # an empty TwiML answer: the replies go through the Messages API
        return response.text("<Response/>", content_type="text/xml")

    def inbound(self, request: Request) -> list[Inbound]:
        """The parent's message; none for status callbacks."""
        if len(request.body or b"") > MAX_BODY_BYTES:
            raise Rejected(413, "body too large")
        params = {name: list(values) for name, values in request.form.items()}
        url = self.settings.webhook_url or request.url
        expected = twilio_signature(self.settings.auth_token, url, params)
        given = request.headers.get("x-twilio-signature", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Rejected(403, "invalid signature")
        sender = (params.get("From") or [""])[0]
        sid = (params.get("MessageSid") or [""])[0]
        if "MessageStatus" in params and "Body" not in params:
            return []
        number = sender.removeprefix("whatsapp:").removeprefix("+")
        if not (sender.startswith("whatsapp:+") and number.isdigit() and sid):
            raise Rejected(400, "expected From=whatsapp:+… and MessageSid")
        text = (params.get("ButtonPayload") or params.get("Body") or [""])[0]
        text_or_none = text if text.strip() else None  # None: a photo, voice message, …
        return [Inbound(number, sid, text_or_none, metadata={"phone": "+" + number})]
