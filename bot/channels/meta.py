"""The base of the two Meta channels (WhatsApp Cloud API, Messenger): GET /webhook is
Meta's verification handshake, and POST bodies are JSON signed with the app secret
(bot.channels.webhooks) and carry each message's time, so an old one is refused however
validly signed (REPLAY_WINDOW_SECONDS); the rest is every webhook channel's
(bot.channels.webhook_channel)."""

import abc
from typing import Any

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.gate import gated
from bot.channels.webhook_channel import REPLAY_WINDOW_SECONDS, Inbound, WebhookInput
from bot.channels.webhooks import verification_answer, verified_json
from bot.shared.config import MetaApp


def sent_at(value: Any, per_second: int = 1) -> float | None:
    """Meta's time of a message (WhatsApp: seconds as text, Messenger: milliseconds) in
    epoch seconds; None when it is missing or not a whole number."""
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value / per_second
    return None


class MetaWebhookInput(WebhookInput):
    """`settings` is a bot.shared.config.MetaApp."""

    settings: MetaApp
    replay_window = REPLAY_WINDOW_SECONDS

    def add_routes(self, webhook: Blueprint) -> None:
        @webhook.route("/webhook", methods=["GET"])
        @gated(self.enabled)
        async def verify(request: Request) -> HTTPResponse:
            return verification_answer(request, self.settings.verify_token)

    def inbound(self, request: Request) -> list[Inbound]:
        return self.parse(verified_json(request, self.settings.app_secret))

    @abc.abstractmethod
    def parse(self, payload: dict[str, Any]) -> list[Inbound]:
        """The parents' messages in a verified body; Rejected when it is malformed."""
