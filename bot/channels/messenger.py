"""Facebook Messenger channel: /webhooks/messenger/webhook (replaces Rasa's facebook channel).

Rasa 3.6's channel checks the old SHA-1 `X-Hub-Signature` with `==`, answers 200 to a
forged request and handles only the first event of a batch. This one checks
`X-Hub-Signature-256` in constant time (403 otherwise), answers at once and runs the turns
in the background, and handles every messaging event of every entry. Buttons go out as
quick replies; a quick reply or postback comes back as its payload; a photo or voice
message gets "please type your question". A postback without a `mid` (older Graph
versions) is deduplicated by its sender, time and payload.

Replies to a parent's message are sent as RESPONSE; messages Rasa sends on its own
(a staff reply during a handoff, through the conversations API) carry the HUMAN_AGENT tag,
which Messenger allows for 7 days after the parent's last message. While staff type a
reply, the parent sees Messenger's typing indicator (bot/channels/typing.py).

Off unless MESSENGER_APP_SECRET is set (its URLs then answer 404). The on/off gate,
deduplication and background turns are every webhook channel's
(bot.channels.webhook_channel); this module reads and writes Messenger's format.
"""

from typing import Any

from bot.channels.meta import MetaWebhookInput, sent_at
from bot.channels.sender import RetryingSender
from bot.channels.webhook_channel import Inbound, WebhookOutput
from bot.channels.webhooks import Rejected
from bot.shared.config import Messenger

MAX_QUICK_REPLIES = 13


class MessengerOutput(WebhookOutput[Messenger]):
    channel = "messenger"
    max_text = 2000

    def sender(self) -> RetryingSender:
        url = f"{self.settings.api_url.rstrip('/')}/me/messages"
        return RetryingSender("messenger", url, self.settings.page_access_token)

    def payload(self, recipient: str, content: dict[str, Any], kind: str) -> dict[str, Any]:
        messaging = (
            {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
            if self.proactive
            else {"messaging_type": "RESPONSE"}
        )
        return {"recipient": {"id": recipient}, **messaging, "message": content}

    def text_content(self, text: str) -> dict[str, Any]:
        return {"text": text}

    async def show_typing(self, recipient_id: str, *, replying_to: str | None, form: str) -> bool:
        """Messenger's typing indicator (the sender action `typing_on`)."""
        indicator = {
            "recipient": {"id": self._recipient(recipient_id)},
            "sender_action": "typing_on",
        }
        return await self.client.send(indicator, "typing", attempts=1)

    def image_content(self, url: str) -> dict[str, Any]:
        return {"attachment": {"type": "image", "payload": {"url": url, "is_reusable": True}}}

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        quick_replies = [
            {"content_type": "text", "title": b["title"][:20], "payload": b["payload"][:1000]}
            for b in buttons[:MAX_QUICK_REPLIES]
        ]
        message = {"text": text[: self.max_text], "quick_replies": quick_replies}
        await self.send(recipient_id, message, "quick replies")


def _parsed(event: dict[str, Any]) -> Inbound | None:
    """A parent's message or postback (its text None for a photo and the like); None for
    delivery and read receipts and echoes of our own messages."""
    psid = event["sender"]["id"]
    if not isinstance(psid, str) or not psid.isdigit():
        raise TypeError("sender id")
    when = sent_at(event.get("timestamp"), per_second=1000)
    message = event.get("message")
    if isinstance(message, dict) and not message.get("is_echo"):
        text = (message.get("quick_reply") or {}).get("payload") or message.get("text")
        text = text if isinstance(text, str) and text.strip() else None
        return Inbound(psid, message.get("mid") or None, text, sent_at=when)
    postback = event.get("postback")
    if isinstance(postback, dict) and isinstance(postback.get("payload"), str):
        return Inbound(psid, postback.get("mid") or None, postback["payload"], sent_at=when)
    return None


def inbound_events(payload: dict[str, Any]) -> list[Inbound]:
    if payload.get("object") != "page":
        raise Rejected(400, "expected object 'page'")
    try:
        events = [_parsed(event) for entry in payload["entry"] for event in entry["messaging"]]
    except (KeyError, TypeError, AttributeError):
        raise Rejected(400, "malformed webhook body") from None
    return [event for event in events if event]


class MessengerInput(MetaWebhookInput):
    output_class = MessengerOutput

    def parse(self, payload: dict[str, Any]) -> list[Inbound]:
        return inbound_events(payload)
