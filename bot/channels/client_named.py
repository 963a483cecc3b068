"""The skeleton of the channels whose client names the conversation (REST, callback).

POST /webhook takes `{"sender": …, "message": …}` from an admitted caller (401 otherwise;
403 with the reason for one the channel forbids all the same), refuses the other
channels' conversation ids (403, bot.channels.trust), takes no `input_channel` or
metadata from the client, and runs the turn guarded against silence (bot.channels.guard).
A channel says whether it is on, whom it admits, where the bot's messages go and what the
caller gets back.
"""

import abc
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.gate import blueprint_with_health, gated
from bot.channels.guard import handle_guarded, tracker_pause_check
from bot.channels.language import with_language
from bot.channels.trust import is_reserved
from bot.channels.webhook_channel import MAX_MESSAGE_LENGTH


class ClientNamedInput(abc.ABC):
    """Mixed in before Rasa's own channel class, whose blueprint it replaces."""

    @classmethod
    @abc.abstractmethod
    def name(cls) -> str: ...

    def enabled(self) -> bool:
        return True

    @abc.abstractmethod
    def admits(self, request: Request) -> bool:
        """Whether the caller may post (a token, or where it calls from)."""

    def forbidden(self, request: Request) -> str | None:
        """Why an admitted caller is refused all the same (403), if it is."""
        return None

    @abc.abstractmethod
    def turn_output(self) -> OutputChannel:
        """Where the bot's messages of one turn go."""

    @abc.abstractmethod
    def answer(self, output: OutputChannel) -> HTTPResponse:
        """The caller's answer once the turn is done."""

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = blueprint_with_health(f"safe_{self.name()}_webhook", self.enabled)

        @webhook.route("/webhook", methods=["POST"])
        @gated(self.enabled)
        async def receive(request: Request) -> HTTPResponse:
            if not self.admits(request):
                return response.json({"error": "not authorised"}, status=401)
            reason = self.forbidden(request)
            if reason:
                return response.json({"error": reason}, status=403)
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
            output = self.turn_output()
            message = UserMessage(
                text[:MAX_MESSAGE_LENGTH],
                output,
                sender,
                input_channel=self.name(),
                metadata=with_language(text),
            )
            await handle_guarded(
                on_new_message, message, tracker_pause_check(request.app.ctx.agent)
            )
            return self.answer(output)

        return webhook
