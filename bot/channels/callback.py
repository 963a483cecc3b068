"""Rasa's callback channel for a trusted front end: on only with CALLBACK_TOKEN.

The stock channel accepts any sender id from anyone, so anyone could post into
`whatsapp:+31…` (where the sender's number is what the identity check trusts), answer a
pending "are you sure?" with "ja", or put words in a parent's mouth during a handoff.
Here every post must carry `Authorization: Bearer <CALLBACK_TOKEN>` (401 otherwise), the
other channels' conversation ids are refused (403), and no metadata is taken. Without
CALLBACK_TOKEN the channel is off: its URLs answer 404. The bot's messages are posted to
the configured url (CALLBACK_URL), as before.
"""

import os
from typing import Any

from rasa.core.channels.callback import CallbackInput
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.utils.endpoints import EndpointConfig
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import handle_guarded, tracker_pause_check
from bot.channels.trust import bearer_matches, is_reserved

MAX_MESSAGE_LENGTH = 4000


class SafeCallbackInput(CallbackInput):
    @classmethod
    def name(cls) -> str:
        return "callback"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(
            EndpointConfig.from_dict(credentials or {}), os.environ.get("CALLBACK_TOKEN", "")
        )

    def __init__(self, endpoint: EndpointConfig, token: str = "") -> None:
        super().__init__(endpoint)
        self.token = token

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = Blueprint("safe_callback_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.token:
                return response.json({"error": "channel off"}, status=404)
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.token:
                return response.json({"error": "channel off"}, status=404)
            if not bearer_matches(request.headers.get("authorization"), self.token):
                return response.json({"error": "not authorised"}, status=401)
            body = request.json if isinstance(request.json, dict) else None
            sender = body.get("sender") if body else None
            text = body.get("message") if body else None
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json(
                    {"error": 'expected JSON {"sender": "...", "message": "..."}'}, status=400
                )
            if is_reserved(sender):
                reserved = {"error": "sender id reserved for another channel"}
                return response.json(reserved, status=403)
            output = self.get_output_channel()
            message = UserMessage(
                text[:MAX_MESSAGE_LENGTH], output, sender, input_channel=self.name()
            )
            await handle_guarded(
                on_new_message, message, tracker_pause_check(request.app.ctx.agent)
            )
            return response.text("success")

        return webhook
