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
  answered (loopback, not relayed by a proxy other than one of FORWARDED_ALLOW_IPS).
  Anyone else gets 401; a web page in a browser on this machine (a foreign `Origin` or
  `Host`) gets 403 (bot.channels.trust).
"""

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel
from rasa.core.channels.rest import RestInput
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.client_named import ClientNamedInput
from bot.channels.trust import bearer_matches, browser_refusal, is_same_machine
from bot.shared.config import Channels, Servers, read
from bot.shared.forwarded import Network, trusted_proxies


def admitted(request: Request, token: str, proxies: tuple[Network, ...] = ()) -> bool:
    """With a token: the caller shows it. Without one: the caller is on this machine."""
    if token:
        return bearer_matches(request.headers.get("authorization"), token)
    return is_same_machine(request.ip, request.headers, proxies)


def forbidden(request: Request, token: str) -> str | None:
    """Without a token, a web page in a browser on this machine is refused (403)."""
    return None if token else browser_refusal(request.headers)


class SafeRestInput(ClientNamedInput, RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, token: str | None = None) -> None:
        self.token = read(Channels).rest.token if token is None else token
        self.proxies = trusted_proxies(read(Servers).forwarded_allow_ips)

    def admits(self, request: Request) -> bool:
        return admitted(request, self.token, self.proxies)

    def forbidden(self, request: Request) -> str | None:
        return forbidden(request, self.token)

    def turn_output(self) -> OutputChannel:
        return CollectingOutputChannel()

    def answer(self, output: OutputChannel) -> HTTPResponse:
        assert isinstance(output, CollectingOutputChannel)
        return response.json(output.messages)
