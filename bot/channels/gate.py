"""The on/off switch every channel's URLs share: a channel that is off (its secret unset)
answers 404 on each of them, and GET / says whether it is up."""

import functools
from collections.abc import Awaitable, Callable

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

Handler = Callable[[Request], Awaitable[HTTPResponse]]


def gated(enabled: Callable[[], bool]) -> Callable[[Handler], Handler]:
    """A decorator: the handler runs only while `enabled()`, else 404 "channel off"."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def answer(request: Request) -> HTTPResponse:
            if not enabled():
                return response.json({"error": "channel off"}, status=404)
            return await handler(request)

        return answer

    return decorate


def blueprint_with_health(name: str, enabled: Callable[[], bool]) -> Blueprint:
    """A channel's blueprint with its GET / (200 while on, 404 while off)."""
    webhook = Blueprint(name, __name__)

    @webhook.route("/", methods=["GET"])
    @gated(enabled)
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return webhook
