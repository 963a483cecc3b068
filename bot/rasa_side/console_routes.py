"""Rasa's conversation routes as the staff console needs them: addressed exactly, and never
creating a conversation. Runs inside the Rasa server; `bot/rasa_side/server.py` registers them.

Rasa's own routes take the conversation id from the URL path, and Sanic 21.12 hands path
parameters to Rasa without percent-decoding them (measured on the running server, see
README "Staff console"): `/conversations/website%3Aab12/tracker` is the conversation
`website%3Aab12`, not `website:ab12`. An id with a space, `?`, `#`, `%` or a non-ASCII
character cannot be written in a path without encoding, so Rasa's routes cannot reach it
at all. And reading or appending to a conversation Rasa does not have creates it.

So the console uses these routes instead. They take the id as the query parameter
`conversation_id` (query strings are percent-decoded by Sanic as by every HTTP stack), and
answer 404 `ConversationNotFound` unless the tracker store already holds the conversation,
asked through the store's `exists` (a read, on every tracker store type). Otherwise the
request goes to Rasa's own handler: the same token check, lock, events and side effects.

    GET  /console/tracker?conversation_id=…         Rasa's GET  /conversations/{id}/tracker
    POST /console/tracker/events?conversation_id=…  Rasa's POST /conversations/{id}/tracker/events
    POST /console/execute?conversation_id=…         Rasa's POST /conversations/{id}/execute

and two of its own, which no Rasa route answers: whether a message sent now reaches the
parent in the chat (a website tab still there, a WhatsApp parent inside the 24-hour window
or a template to send; bot/channels/presence.py), so that the console sends a reply by
e-mail too when it does not, and whether a website parent is typing; and showing the
parent that staff are typing, on the channel a staff reply would take
(bot/channels/typing.py):

    GET  /console/reachable?conversation_id=…  {"sender_id": …, "reachable": true, "typing": false}
    POST /console/typing?conversation_id=…     {"sender_id": …, "shown": true}
"""

from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.server import ErrorResponse, ensure_loaded_agent, requires_auth
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.presence import reachable_in_chat
from bot.channels.store import TtlStore, ttl_store
from bot.channels.typing import ParentTyping, show_staff_typing
from bot.shared.config import Channels, Storage, read

PREFIX = "/console"
ID_PARAMETER = "conversation_id"
# our path: (method, the name of Rasa's handler it passes the request to)
ROUTES = {
    "tracker": ("GET", "retrieve_tracker"),
    "tracker/events": ("POST", "append_events"),
    "execute": ("POST", "execute_action"),
}

Handler = Callable[..., Awaitable[HTTPResponse]]


def conversation_id(request: Request) -> str:
    """The one non-empty `conversation_id` of the query; 400 otherwise."""
    values = request.args.getlist(ID_PARAMETER) or []
    if len(values) != 1 or not values[0]:
        raise ErrorResponse(
            HTTPStatus.BAD_REQUEST,
            "BadRequest",
            f"Give the conversation id once, as the query parameter '{ID_PARAMETER}'.",
            {"parameter": ID_PARAMETER, "in": "query"},
        )
    return values[0]


def existing_only(app: Sanic, rasa_handler: Handler) -> Handler:
    """`rasa_handler` for the id in the query, if the tracker store has that conversation."""

    async def handler(request: Request) -> HTTPResponse:
        sender_id = conversation_id(request)
        if not await app.ctx.agent.tracker_store.exists(sender_id):
            raise ErrorResponse(
                HTTPStatus.NOT_FOUND, "ConversationNotFound", "Conversation ID not found."
            )
        return await rasa_handler(request, conversation_id=sender_id)

    return handler


def register(app: Sanic, auth_token: str | None) -> None:
    """Add the console's routes to Rasa's app (made by `rasa.server.create_app`)."""
    for path, (method, rasa_name) in ROUTES.items():
        route = app.router.find_route_by_view_name(f"{app.name}.{rasa_name}")
        if route is None:
            raise RuntimeError(f"Rasa has no route named {rasa_name}; check the Rasa version")
        guarded: Any = existing_only(app, route.handler)
        # the token is checked first, so nobody without it learns whether an id exists
        guarded = requires_auth(app, auth_token)(ensure_loaded_agent(app)(guarded))
        app.add_route(guarded, f"{PREFIX}/{path}", methods=[method], name=f"console_{rasa_name}")
    stores: list[TtlStore] = []  # opened on the first question, in the server's loop

    async def reachable(request: Request) -> HTTPResponse:
        sender_id = conversation_id(request)
        if not stores:
            stores.append(ttl_store(read(Storage)))
        there = await reachable_in_chat(stores[0], sender_id, read(Channels))
        typing = await ParentTyping(stores[0]).now(sender_id)
        return response.json({"sender_id": sender_id, "reachable": there, "typing": typing})

    async def staff_typing(request: Request) -> HTTPResponse:
        sender_id = conversation_id(request)
        tracker = await app.ctx.agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            raise ErrorResponse(
                HTTPStatus.NOT_FOUND, "ConversationNotFound", "Conversation ID not found."
            )
        channels = getattr(app.ctx, "input_channels", None) or []
        shown = await show_staff_typing(channels, tracker)
        return response.json({"sender_id": sender_id, "shown": shown})

    app.add_route(
        requires_auth(app, auth_token)(reachable),
        f"{PREFIX}/reachable",
        methods=["GET"],
        name="console_reachable",
    )
    app.add_route(
        requires_auth(app, auth_token)(ensure_loaded_agent(app)(staff_typing)),
        f"{PREFIX}/typing",
        methods=["POST"],
        name="console_typing",
    )
