"""The skeleton of the webhook channels (WhatsApp Cloud API, Messenger, WhatsApp through
Twilio). A channel parses and verifies its provider's webhook body into `Inbound`
messages and formats the bot's messages for its provider's send API; this base owns the
rest, the same for each:

- **On or off.** Off unless its secret is set: every URL answers 404.
- **Answered at once.** The provider wants a 200 within seconds and retries otherwise, so
  the turns run in the background (bot.channels.background), one sender's in order.
- **Once.** A message id seen before (providers re-deliver) is not handled again; a
  message without an id (older Messenger postbacks) is known by its sender, time and text.
- **Recent.** A channel with a `replay_window` (Meta's) drops a message whose own
  timestamp is older, or missing: a signed body stays valid forever, so an old one posted
  again would otherwise be a new turn once its id was forgotten. Logged without content.
- **The 24-hour service window** (WhatsApp, Twilio): every message from the parent opens
  it; outside it the provider allows only an approved template, which is sent instead.
- **Not text.** A photo, voice message or location gets "please type your question", in
  the conversation's language (its tracker's `language` slot: bot/channels/language.py).

Seen ids and windows live in the channels' TTL store (bot.channels.store): in a SQLite
file under var/ that outlives a restart, or in Redis when several Rasa processes share the
work.
"""

import abc
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import background
from bot.channels.gate import blueprint_with_health, gated
from bot.channels.language import with_language
from bot.channels.sender import RetryingSender
from bot.channels.store import TtlStore, ttl_store
from bot.channels.webhooks import Rejected
from bot.shared import clock
from bot.shared.config import Channels, Storage, read

log = logging.getLogger(__name__)

SEEN_SECONDS = 3 * 24 * 3600
REPLAY_WINDOW_SECONDS = 24 * 3600  # well inside SEEN_SECONDS: a message in it is known
SERVICE_WINDOW_SECONDS = 24 * 3600
MAX_MESSAGE_LENGTH = 4000


@dataclass(frozen=True)
class Inbound:
    """One message from a parent, as the provider sent it."""

    sender: str  # the provider's id of the parent (a number, a page-scoped id)
    message_id: str | None  # None: the provider gave none (nothing to deduplicate by)
    text: str | None  # what the parent wrote or chose; None: not text (a photo, …)
    metadata: dict[str, Any] | None = None  # for the actions: only what the channel verified
    sent_at: float | None = None  # the provider's time of the message, epoch seconds

    def seen_key(self) -> str:
        """What identifies a delivery: the provider's id, else sender, time and text."""
        if self.message_id is not None:
            return self.message_id
        content = f"{self.sender}\n{self.sent_at}\n{self.text}"
        return "derived:" + hashlib.sha256(content.encode()).hexdigest()


Section = TypeVar("Section")  # the channel's section of bot.shared.config.Channels


def window_key(channel: str, sender: str) -> str:
    return f"{channel}:inbound:{sender}"


class WebhookOutput(OutputChannel, abc.ABC, Generic[Section]):
    """Sends through `client` (bot.channels.sender); with a `service_window`, only the
    `template()` outside the parent's 24-hour service window. `settings` is the channel's
    section of bot.shared.config.Channels; `proactive`: for messages Rasa sends on its own (a
    staff reply), not in answer to the parent."""

    channel: ClassVar[str]
    max_text: ClassVar[int]
    service_window: ClassVar[bool] = False

    def __init__(self, settings: Section, store: TtlStore, *, proactive: bool = False) -> None:
        self.settings = settings
        self.window = store if self.service_window else None
        self.proactive = proactive
        self.client = self.sender()

    @abc.abstractmethod
    def sender(self) -> RetryingSender:
        """The client of the provider's send API."""

    @classmethod
    def name(cls) -> str:
        return cls.channel

    def _recipient(self, recipient_id: str) -> str:
        return recipient_id.removeprefix(f"{self.channel}:")

    @abc.abstractmethod
    def payload(self, recipient: str, content: dict[str, Any], kind: str) -> dict[str, Any]:
        """The provider's request body sending `content` (a `kind` of message) to
        `recipient` (the provider's id, without our prefix)."""

    @abc.abstractmethod
    def text_content(self, text: str) -> dict[str, Any]:
        """The content of a text message (at most `max_text` characters)."""

    @abc.abstractmethod
    def image_content(self, url: str) -> dict[str, Any]: ...

    def template(self) -> dict[str, Any] | None:
        """The content of the approved template sent outside the service window."""
        return None

    async def send(self, recipient_id: str, content: dict[str, Any], kind: str) -> None:
        await self.client.send(self.payload(self._recipient(recipient_id), content, kind), kind)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        key = window_key(self.channel, self._recipient(recipient_id))
        if self.window is None or await self.window.contains(key):
            await super().send_response(recipient_id, message)
        elif (template := self.template()) is not None:
            await self.send(recipient_id, template, "template")
        else:
            log.warning(
                "%s: outside the service window and no template set; not sent", self.channel
            )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for start in range(0, len(text), self.max_text):
            part = text[start : start + self.max_text]
            await self.send(recipient_id, self.text_content(part), "text")

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send(recipient_id, self.image_content(image), "image")


class WebhookInput(InputChannel, abc.ABC):
    """POST /webhook takes the provider's deliveries; `settings` is the channel's section of
    bot.shared.config.Channels (named like the channel), with `enabled`."""

    output_class: ClassVar[type[WebhookOutput[Any]]]
    replay_window: ClassVar[float | None] = None  # seconds; None: the provider sends no time

    def __init__(self, settings: Any, store: TtlStore) -> None:
        self.settings = settings
        self.store = store

    @classmethod
    def name(cls) -> str:
        return cls.output_class.channel

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(getattr(read(Channels), cls.name()), ttl_store(read(Storage)))

    def output(self, *, proactive: bool = False) -> WebhookOutput[Any]:
        """The output channel: for replies to the parent's messages, or (`proactive`) for
        messages Rasa sends on its own, such as a staff reply."""
        return self.output_class(self.settings, self.store, proactive=proactive)

    @abc.abstractmethod
    def inbound(self, request: Request) -> list[Inbound]:
        """The parents' messages in a verified delivery, in order; Rejected when the request
        is not from the provider or not understood."""

    def received(self) -> HTTPResponse:
        """The answer to a delivery the provider wants."""
        return response.json({"status": "received"})

    def add_routes(self, webhook: Blueprint) -> None:
        """Routes besides GET / and POST /webhook (e.g. a verification handshake)."""

    def enabled(self) -> bool:
        return bool(self.settings.enabled)

    def get_output_channel(self) -> OutputChannel | None:
        return self.output(proactive=True) if self.enabled() else None

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = blueprint_with_health(f"{self.name()}_webhook", self.enabled)
        self.add_routes(webhook)

        @webhook.route("/webhook", methods=["POST"])
        @gated(self.enabled)
        async def receive(request: Request) -> HTTPResponse:
            try:
                agent = request.app.ctx.agent
                by_sender = await self._new_turns(self.inbound(request), agent)
            except Rejected as rejected:
                return rejected.answer
            for turns in by_sender.values():
                background.process_later(on_new_message, agent, turns)
            return self.received()

        return webhook

    async def _new_turns(self, messages: list[Inbound], agent: Any) -> dict[str, list[UserMessage]]:
        """The messages not seen before, as turns grouped by sender, in order; a message that
        is not text is answered at once (`agent`: Rasa's, for the conversation's language)."""
        by_sender: dict[str, list[UserMessage]] = {}
        for message in messages:
            if not self._recent(message) or not await self._first_delivery(message):
                continue
            if self.output_class.service_window:
                window = window_key(self.name(), message.sender)
                await self.store.touch(window, SERVICE_WINDOW_SECONDS)
            conversation = f"{self.name()}:{message.sender}"
            if message.text is None:  # a photo, voice message, location, …
                background.reply_later(self.output(), conversation, agent, "unsupported_message")
                continue
            by_sender.setdefault(message.sender, []).append(
                UserMessage(
                    message.text[:MAX_MESSAGE_LENGTH],
                    self.output(),
                    conversation,
                    input_channel=self.name(),
                    message_id=message.message_id,
                    metadata=with_language(message.text, message.metadata),
                )
            )
        return by_sender

    def _recent(self, message: Inbound) -> bool:
        """False for a message older than the replay window, or without a time."""
        if self.replay_window is None:
            return True
        if message.sent_at is not None:
            age = clock.timestamp() - message.sent_at
            if age <= self.replay_window:
                return True
            log.warning("%s: a message %.0f hours old dropped (replay)", self.name(), age / 3600)
        else:
            log.warning("%s: a message without a timestamp dropped", self.name())
        return False

    async def _first_delivery(self, message: Inbound) -> bool:
        """False for a delivery seen before (providers re-deliver)."""
        seen = f"{self.name()}:seen:{message.seen_key()}"
        return await self.store.add_if_new(seen, SEEN_SECONDS)
