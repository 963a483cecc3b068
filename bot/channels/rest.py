"""Rasa's REST channel, made safe to expose.

- The client cannot choose `input_channel` or `metadata`: the stock channel takes both from
  the request body, so anyone could claim to be on WhatsApp with a phone number on file and
  skip the identity check.
- Conversation ids of the other channels (`whatsapp:…`, `twilio:…`, `messenger:…`,
  `website:…`) are
  refused, so a REST client cannot post into, or read the answers of, such a conversation.
- Every turn is guarded (bot.channels.guard): an apology and a person instead of silence.
- The client names the conversation, so knowing an id must not be enough to speak in it:
  the channel is for trusted back ends (an app's server, which knows its users) and for
  this machine. With REST_TOKEN set every call must carry `Authorization: Bearer
  <REST_TOKEN>`; without it (the embedded default) only callers on this machine are
  answered (loopback, not relayed by a proxy). Anyone else gets 401 (bot.channels.trust).
"""

import os
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import handle_guarded, tracker_pause_check
from bot.channels.trust import bearer_matches, is_reserved, is_same_machine


def admitted(request: Request, token: str) -> bool:
    """With a token: the caller shows it. Without one: the caller is on this machine."""
    if token:
        return bearer_matches(request.headers.get("authorization"), token)
    return is_same_machine(request.ip, request.headers)


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, token: str | None = None) -> None:
        self.token = os.environ.get("REST_TOKEN", "") if token is None else token

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = Blueprint("safe_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not admitted(request, self.token):
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
            collector = CollectingOutputChannel()
            message = UserMessage(text[:4000], collector, sender, input_channel=self.name())
            await handle_guarded(
                on_new_message, message, tracker_pause_check(request.app.ctx.agent)
            )
            return response.json(collector.messages)

        return webhook
