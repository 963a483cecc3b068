"""Rasa's callback channel for a trusted front end: on only with CALLBACK_TOKEN.

The stock channel accepts any sender id from anyone, so anyone could post into
`whatsapp:+31…` (where the sender's number is what the identity check trusts), answer a
pending "are you sure?" with "ja", or put words in a parent's mouth during a handoff.
Here every post must carry `Authorization: Bearer <CALLBACK_TOKEN>` (401 otherwise), the
other channels' conversation ids are refused (403), and no metadata is taken. Without
CALLBACK_TOKEN the channel is off: its URLs answer 404. The bot's messages are posted to
the configured url (CALLBACK_URL), as before.
"""

from typing import Any

from rasa.core.channels.callback import CallbackInput
from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.utils.endpoints import EndpointConfig
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.client_named import ClientNamedInput
from bot.channels.trust import bearer_matches
from bot.shared.config import Channels, read


class SafeCallbackInput(ClientNamedInput, CallbackInput):
    @classmethod
    def name(cls) -> str:
        return "callback"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(EndpointConfig.from_dict(credentials or {}), read(Channels).callback.token)

    def __init__(self, endpoint: EndpointConfig, token: str = "") -> None:
        super().__init__(endpoint)
        self.token = token

    def enabled(self) -> bool:
        return bool(self.token)

    def admits(self, request: Request) -> bool:
        return bearer_matches(request.headers.get("authorization"), self.token)

    def turn_output(self) -> OutputChannel:
        return self.get_output_channel()

    def answer(self, output: OutputChannel) -> HTTPResponse:
        return response.text("success")
