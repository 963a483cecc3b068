"""The website chat: a socket.io channel speaking the protocol of the common Rasa web chat
widgets, our own widget (static/), and a demo page.

- socket.io at /socket.io: `session_request` → `session_confirm` with a session id only the
  server issues (bot.channels.sessions); a page reload that presents it continues the same
  conversation. `user_uttered` {"message"} → the turn; answers come as `bot_uttered`
  {"text", "quick_replies"}. The conversation is taken from the socket's own session, never
  from the message, and client metadata is ignored, except `update`: the reference in a
  proactive update's chat link (a random token; the actions look it up and reveal nothing
  of the registration before the identity check). The server adds `client`: the
  connection's address (through a proxy of FORWARDED_ALLOW_IPS, the client it names), by
  which the identity check counts failures per client, as sessions cost nothing.
- GET /webhooks/website/demo: a demo page of a childcare organisation with the widget;
  /webhooks/website/static/: the widget and the socket.io client, served locally.
- Proactive messages (a staff reply through the conversations API with
  output_channel=latest) reach every open tab of the session: it is a socket.io room.
  With one Rasa process the rooms live in it; with several (LOCK_STORE_TYPE=redis) every
  message for a room goes through Redis (python-socketio's AsyncRedisManager), so a staff
  reply or an update posted to any process reaches a socket held by another. A socket
  itself stays with the process it connected to (docs/deploy.md: sticky polling).

- Typing (bot/channels/typing.py): `staff_typing` {"text"} tells the tabs that the staff
  member is typing a reply (in the conversation's language); the widget's `user_typing`
  (throttled) tells the console that the parent is.
- Presence (bot/channels/presence.py): each tab's session is kept in the channels' TTL
  store while it is connected, so the staff console knows when a parent has left and a
  staff reply also goes by e-mail.
- GET /webhooks/website/resume?t=<token>: the link in such a mail (bot/shared/conversation_links.py)
  opens the demo site with the widget open on the same conversation and its history; a
  changed link is refused (403), an expired one too (410), each with a page that says so.

Off when WEBSITE_ENABLED=false (the URLs answer 404 and sockets are refused).
"""

import html
import json
import logging
import re
import secrets
import time
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.guard import handle_guarded, tracker_pause_check
from bot.channels.language import with_language
from bot.channels.presence import Presence
from bot.channels.sessions import SessionIssuer
from bot.channels.store import ttl_store
from bot.channels.typing import ParentTyping
from bot.conversation import texts
from bot.conversation.language import DUTCH, ENGLISH
from bot.shared import clock
from bot.shared.config import Channels, Organisation, Servers, Storage, read
from bot.shared.conversation_links import LinkRefused, link_sender
from bot.shared.forwarded import Network, client_address, client_key, trusted_proxies

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
BOT_EVENT = "bot_uttered"
STAFF_TYPING_EVENT = "staff_typing"
TYPING_EVERY_SECONDS = 1.0  # a tab's `user_typing` events taken at most this often


class WebsiteOutput(SocketIOOutput):
    """Rasa's socket.io output, which can also say that staff are typing."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """A staff member's message says so (`staff`: their name, "" unknown), so the
        widget shows it apart from the assistant's; the assistant's go as Rasa sends them."""
        if kwargs.get("source") != "staff":
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        name = str(kwargs.get("staff_name") or "")
        for part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": part, "staff": name})

    async def show_typing(self, recipient_id: str, *, replying_to: str | None, form: str) -> bool:
        words = texts.say("staff_typing", form)
        await self.sio.emit(STAFF_TYPING_EVENT, {"text": words}, room=recipient_id)
        return True


class _Blueprint(SocketBlueprint):
    """Remembers the app, whose agent the socket handlers need."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


def _allowed_origins(origins: str) -> str | list[str] | None:
    """WEBSITE_ALLOWED_ORIGINS: "*", a comma-separated list, or empty (the default): only
    pages from the Rasa server itself, such as the demo site (None to python-socketio)."""
    origins = origins.strip()
    if not origins:
        return None
    return "*" if origins == "*" else [o.strip() for o in origins.split(",") if o.strip()]


def shared_rooms(storage: Storage) -> AsyncRedisManager | None:
    """The client manager that shares socket.io rooms between Rasa processes through Redis
    (when the lock store is in Redis: several processes), or None: rooms in this process."""
    if storage.lock_store_type != "redis":
        return None
    url = f"redis://{storage.redis_host}:{storage.redis_port}/{storage.redis_db}"
    # Redis pub/sub channels are not per database: the name keeps stacks on other
    # databases of the same server apart
    return AsyncRedisManager(url, channel=f"placement:socketio:{storage.redis_db}")


UPDATE_REFERENCE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")


def update_reference(data: dict[str, Any]) -> dict[str, str] | None:
    """The one piece of client metadata taken: an update's reference, if it looks like one."""
    reference = data.get("update")
    if isinstance(reference, str) and UPDATE_REFERENCE.match(reference):
        return {"update_reference": reference}
    return None


def client_metadata(data: dict[str, Any], client: str | None) -> dict[str, str]:
    """What a message carries for the actions: the page's language and an update's
    reference from the client, and the connection's client key, which the client's own
    fields never replace."""
    own = {"client": client} if client else {}
    return {**page_language(data), **(update_reference(data) or {}), **own}


def page_language(data: dict[str, Any]) -> dict[str, str]:
    """The widget's language ("en" or "nl": the page's, or the browser's), as the message's
    language when its words say none (with_language lets the words win)."""
    language = data.get("language")
    return {"language": language} if language in (DUTCH, ENGLISH) else {}


def connection_client(environ: dict[str, Any], proxies: tuple[Network, ...]) -> str | None:
    """The client key of a socket's connection (bot.shared.forwarded.client_key), from the request
    that opened it: the peer, or the client a trusted proxy names. engineio's own
    REMOTE_ADDR is always 127.0.0.1 under Sanic, so the request itself is asked."""
    request = environ.get("sanic.request")
    if request is None:
        return None
    forwarded_for = request.headers.get("x-forwarded-for")
    return client_key(client_address(request.ip, forwarded_for, proxies))


def demo_page(form: str, lang: str | None = None) -> str:
    """The demo site, its widget speaking with the organisation's form of address, in
    `lang` ("en" or "nl"; by default the browser's language decides)."""
    page = (STATIC_DIR / "demo.html").read_text("utf-8")
    chosen = f' data-lang="{lang}"' if lang in (DUTCH, ENGLISH) else ""
    return page.replace(
        ' data-title="', f' data-form="{"je" if form == "je" else "u"}"{chosen} data-title="'
    )


WIDGET_SCRIPT = '<script src="/webhooks/website/static/vendor/socket.io.min.js"></script>'
# what the widget keeps in sessionStorage (static/widget.js)
SESSION_KEY, HISTORY_KEY, OPEN_KEY = (
    "placement-chat-session",
    "placement-chat-history",
    "placement-chat-open",
)
HISTORY_SHOWN = 100  # messages of a reopened conversation the widget shows
# why a link back to a conversation opens nothing: the status and the text's key
REFUSED = {"altered": (403, "resume_link_altered"), "expired": (410, "resume_link_expired")}


def history_of(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The conversation as the widget shows it: the parent's messages (not button
    payloads) and the bot's and staff's (with the staff member's name), in order."""
    shown = []
    for event in events:
        text = event.get("text")
        if not text or event.get("event") not in ("user", "bot"):
            continue
        if event["event"] == "user" and str(text).startswith("/"):
            continue
        metadata = event.get("metadata") or {}
        if event["event"] == "bot" and metadata.get("source") == "staff":
            name = str(metadata.get("staff_name") or "")
            shown.append({"from": "staff", "name": name, "text": str(text)})
            continue
        shown.append({"from": "user" if event["event"] == "user" else "bot", "text": str(text)})
    return shown


def resume_page(
    form: str, session_id: str, history: list[dict[str, str]], lang: str | None = None
) -> str:
    """The demo site with the widget open on the conversation `session_id`, its history
    shown, in the conversation's language `lang`: the page puts them where the widget keeps
    them before the widget starts."""
    values = {SESSION_KEY: session_id, HISTORY_KEY: json.dumps(history), OPEN_KEY: "1"}
    # in a <script>, "</" would end it: JSON's \u003c keeps the text as it is
    stored = "".join(
        f"sessionStorage.setItem({json.dumps(k)}, {json.dumps(v)});" for k, v in values.items()
    ).replace("<", "\\u003c")
    # the address bar loses the token, so the page is no link to share
    primer = (
        f'<script>{stored}history.replaceState(null, "", "/webhooks/website/demo");</script>\n  '
    )
    return demo_page(form, lang).replace(WIDGET_SCRIPT, primer + WIDGET_SCRIPT, 1)


def refused_page(reason: str) -> HTTPResponse:
    status, key = REFUSED[reason]
    dutch, english = texts.say(key, texts.variant(DUTCH)), texts.say(key, ENGLISH)
    page = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Link</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        f'<p>{html.escape(dutch)}</p><p lang="en">{html.escape(english)}</p>'
        '<p><a href="/webhooks/website/demo">Chat / Chat</a></p></body></html>'
    )
    return response.html(page, status=status)


class WebsiteInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "website"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        settings = read(Channels).website
        store = ttl_store(read(Storage))
        secret = settings.session_secret
        if not secret:
            log.warning("website: no WEBSITE_SESSION_SECRET; sessions end when Rasa restarts")
            secret = secrets.token_hex(32)
        return cls(
            settings.enabled,
            SessionIssuer(secret),
            settings.allowed_origins,
            shared_rooms(read(Storage)),
            trusted_proxies(read(Servers).forwarded_allow_ips),
            Presence(store, settings.away_seconds),
            secret,
            ParentTyping(store),
        )

    def __init__(
        self,
        enabled: bool,
        issuer: SessionIssuer,
        allowed_origins: str = "",
        client_manager: AsyncRedisManager | None = None,
        proxies: tuple[Network, ...] = (),
        presence: Presence | None = None,
        link_secret: str = "",
        parent_typing: ParentTyping | None = None,
    ) -> None:
        self.enabled = enabled
        self.presence = presence
        self.parent_typing = parent_typing
        self.link_secret = link_secret
        self.allowed_origins = allowed_origins
        self.issuer = issuer
        self.client_manager = client_manager
        self.proxies = proxies
        self.sio: AsyncServer | None = None

    def get_output_channel(self) -> OutputChannel | None:
        if not self.enabled or self.sio is None:
            return None
        return WebsiteOutput(self.sio, BOT_EVENT)

    def blueprint(self, on_new_message: Any) -> _Blueprint:
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=_allowed_origins(self.allowed_origins),
            client_manager=self.client_manager,
        )
        self.sio = sio
        webhook = _Blueprint(sio, "/socket.io", "website_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return self._off() or response.json({"status": "ok"})

        @webhook.route("/demo", methods=["GET"])
        async def demo(request: Request) -> HTTPResponse:
            lang = request.args.get("lang")
            return self._off() or response.html(demo_page(read(Organisation).address_form, lang))

        @webhook.route("/static/<name:path>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            path = (STATIC_DIR / name).resolve()
            if self._off() or not path.is_file() or STATIC_DIR.resolve() not in path.parents:
                return response.json({"error": "not found"}, status=404)
            return await response.file(path, headers={"Cache-Control": "max-age=300"})

        @webhook.route("/resume", methods=["GET"])
        async def resume(request: Request) -> HTTPResponse:
            if off := self._off():
                return off
            try:
                sender = link_sender(self.link_secret, request.args.get("t"), now=clock.now())
            except LinkRefused as refused:
                log.info("website: a link back to a conversation refused (%s)", refused.reason)
                return refused_page(refused.reason)
            store = webhook.ctx.app.ctx.agent.tracker_store
            tracker = await store.retrieve_full_tracker(sender)
            if tracker is None:  # removed after the retention period
                return refused_page("expired")
            history = history_of([event.as_dict() for event in tracker.events])[-HISTORY_SHOWN:]
            session_id = self.issuer.session_of(sender)
            form, lang = read(Organisation).address_form, tracker.get_slot("language")
            page = resume_page(form, session_id, history, lang)
            return response.html(page, headers={"Cache-Control": "no-store"})

        @sio.on("connect")
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            if self.enabled:
                await sio.save_session(sid, {"client": connection_client(environ, self.proxies)})
            return self.enabled

        @sio.on("session_request")
        async def session_request(sid: str, data: Any = None) -> None:
            given = data.get("session_id") if isinstance(data, dict) else None
            sender = self.issuer.sender_of(given)
            session_id = given if sender else self.issuer.issue()
            sender = sender or self.issuer.sender_of(session_id)
            state = await sio.get_session(sid)
            previous = state.get("sender")
            if previous and previous != sender:
                await sio.leave_room(sid, previous)
            await sio.save_session(sid, {**state, "sender": sender})
            await sio.enter_room(sid, sender)
            await sio.emit("session_confirm", session_id, room=sid)
            if self.presence is not None:
                await self.presence.connected(sid, sender)

        @sio.on("disconnect")
        async def disconnect(sid: str) -> None:
            if self.presence is not None:
                await self.presence.disconnected(sid)

        @sio.on("user_typing")
        async def user_typing(sid: str, data: Any = None) -> None:
            state = await sio.get_session(sid)
            sender, last = state.get("sender"), state.get("typed_at", 0.0)
            if (
                not sender
                or self.parent_typing is None
                or time.monotonic() - last < TYPING_EVERY_SECONDS
            ):
                return
            await sio.save_session(sid, {**state, "typed_at": time.monotonic()})
            await self.parent_typing.typing(sender)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: Any = None) -> None:
            state = await sio.get_session(sid)
            sender = state.get("sender")
            text = data.get("message") if isinstance(data, dict) else None
            if not sender:
                await sio.emit("error_message", {"error": "send session_request first"}, room=sid)
                return
            if not isinstance(text, str) or not text.strip():
                return
            message = UserMessage(
                text[:4000],
                SocketIOOutput(sio, BOT_EVENT),
                sender,
                input_channel=self.name(),
                metadata=with_language(text, client_metadata(data, state.get("client"))),
            )
            if self.parent_typing is not None:
                await self.parent_typing.sent(sender)
            agent = webhook.ctx.app.ctx.agent
            await handle_guarded(on_new_message, message, tracker_pause_check(agent))

        return webhook

    def _off(self) -> HTTPResponse | None:
        return None if self.enabled else response.json({"error": "channel off"}, status=404)
