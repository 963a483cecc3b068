"""WhatsApp Business Cloud API channel: /webhooks/whatsapp/webhook.

In: text messages, reply-button and list answers (their id, our payload, becomes the
message); a photo, voice message or other kind gets "please type your question". Status
callbacks (sent, delivered, read) are accepted and ignored. Every POST must carry a valid
`X-Hub-Signature-256`; it is answered at once and the turn runs in the background; a
message id seen before is not handled again (Meta re-delivers), nor a message more than a
day old (a replay).

The sender's number reaches the actions as metadata `{"phone": "+31…"}`: only this
verified webhook sets it, and the conversation id is `whatsapp:<number>`, a prefix the
REST channel refuses, so nobody else can speak in that conversation.

Out: text, reply buttons (up to 3) or a list (more), behind a button labelled with the
message's `list_label` (the satisfaction score's "Geef een cijfer"), else "Kies een
onderwerp" in the language of the text. Outside the 24-hour service window
(no message from the parent in the last 24 hours, e.g. a late staff reply) WhatsApp only
allows a template: we then send the configured WHATSAPP_TEMPLATE_NAME instead. While
staff type a reply, the parent's last message is marked read with a typing indicator
(bot/channels/typing.py).

Off unless WHATSAPP_APP_SECRET is set (its URLs then answer 404). The on/off gate,
deduplication, service window and background turns are every webhook channel's
(bot.channels.webhook_channel); this module reads and writes WhatsApp's format.
"""

from typing import Any

from bot.channels.language import variant_of
from bot.channels.meta import MetaWebhookInput, sent_at
from bot.channels.receipts import record_reads
from bot.channels.sender import RetryingSender
from bot.channels.webhook_channel import Inbound, WebhookOutput, window_key
from bot.channels.webhooks import Rejected
from bot.conversation import texts
from bot.conversation.buttons import DESCRIPTION, LIST_LABEL
from bot.shared.config import WhatsApp

MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10
MAX_INTERACTIVE_BODY = 1024


class WhatsAppOutput(WebhookOutput[WhatsApp]):
    channel = "whatsapp"
    max_text = 4096
    service_window = True

    def sender(self) -> RetryingSender:
        url = f"{self.settings.api_url.rstrip('/')}/{self.settings.phone_number_id}/messages"
        return RetryingSender("whatsapp", url, self.settings.access_token)

    def payload(self, recipient: str, content: dict[str, Any], kind: str) -> dict[str, Any]:
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": recipient,
            "type": kind,
            **content,
        }

    def text_content(self, text: str) -> dict[str, Any]:
        return {"text": {"body": text}}

    def image_content(self, url: str) -> dict[str, Any]:
        return {"image": {"link": url}}

    async def show_typing(self, recipient_id: str, *, replying_to: str | None, form: str) -> bool:
        """The parent's last message marked read, with WhatsApp's typing indicator: only
        inside the service window (outside it a reply goes as a template)."""
        window = window_key(self.channel, self._recipient(recipient_id))
        if replying_to is None or (
            self.window is not None and not await self.window.contains(window)
        ):
            return False
        indicator = {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": replying_to,
            "typing_indicator": {"type": "text"},
        }
        return await self.client.send(indicator, "typing", attempts=1)

    def template(self) -> dict[str, Any] | None:
        if not self.settings.template_name:
            return None
        language = {"code": self.settings.template_language}
        return {"template": {"name": self.settings.template_name, "language": language}}

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        # the list's label: the question's own ("Geef een cijfer"), else a topic's
        choose = kwargs.get(LIST_LABEL) or texts.button("choose", variant_of(text))
        if len(text) > MAX_INTERACTIVE_BODY:
            await self.send_text_message(recipient_id, text)
            text = choose
        if len(buttons) <= MAX_REPLY_BUTTONS:
            action: dict[str, Any] = {
                "buttons": [
                    {"type": "reply", "reply": {"id": b["payload"][:256], "title": b["title"][:20]}}
                    for b in buttons
                ]
            }
            interactive = {"type": "button", "body": {"text": text}, "action": action}
        else:
            rows = [
                {"id": b["payload"][:200], "title": b["title"][:24]}
                | ({"description": b[DESCRIPTION][:72]} if b.get(DESCRIPTION) else {})
                for b in buttons
            ]
            action = {
                "button": choose[:20],
                "sections": [{"title": choose[:24], "rows": rows[:MAX_LIST_ROWS]}],
            }
            interactive = {"type": "list", "body": {"text": text}, "action": action}
        await self.send(recipient_id, {"interactive": interactive}, "interactive")


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


def _parsed(message: dict[str, Any]) -> Inbound:
    """The message with its sender's number; Rejected when the message is malformed."""
    try:
        number, message_id, text = message["from"], message["id"], _text_of(message)
    except (KeyError, TypeError, AttributeError):
        raise Rejected(400, "malformed message") from None
    if not (isinstance(number, str) and number.isdigit() and isinstance(message_id, str)):
        raise Rejected(400, "malformed message")
    if not isinstance(text, str) or not text.strip():
        text = None
    metadata = {"phone": "+" + number}
    return Inbound(number, message_id, text, metadata, sent_at(message.get("timestamp")))


class WhatsAppInput(MetaWebhookInput):
    output_class = WhatsAppOutput

    def parse(self, payload: dict[str, Any]) -> list[Inbound]:
        messages = [_parsed(message) for message in inbound_messages(payload)]
        record_reads(payload)  # an update the parent read counts as opened
        return messages
