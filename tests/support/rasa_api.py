"""A loopback server speaking the part of Rasa's HTTP API the console uses: the routes
`bot/rasa_side/console_routes.py` adds (tracker, append events, execute an action, the
parent's presence and typing, staff typing; the id in the query; 404 for a conversation
Rasa does not have), for fast console tests. The story tests
(tests/console/test_story.py, tests/console/test_takeover.py) use the real Rasa."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.support.http_recorder import QUICK_SHUTDOWN


@dataclass
class Conversation:
    events: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    paused: bool = False
    sent: list[dict[str, Any]] = field(default_factory=list)  # bot events sent to the channel
    executed: list[str] = field(default_factory=list)
    # whether a message sent now reaches the parent in the chat (GET /console/reachable)
    reachable: bool = True
    typing: bool = False  # the parent is typing (GET /console/reachable)
    typing_shown: int = 0  # times the parent was shown that staff type (POST /console/typing)

    def apply(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        if event["event"] == "pause":
            self.paused = True
        elif event["event"] == "resume":
            self.paused = False
        elif event["event"] == "slot":
            self.slots[event["name"]] = event.get("value")


@dataclass
class FakeRasa:
    port: int
    token: str
    conversations: dict[str, Conversation] = field(default_factory=dict)

    def conversation(self, sender_id: str) -> Conversation:
        """The conversation `sender_id`, made now if new (as a parent's first message does)."""
        return self.conversations.setdefault(sender_id, Conversation())


@contextmanager
def fake_rasa(token: str = "rasa-token") -> Iterator[FakeRasa]:  # noqa: S107
    state = FakeRasa(port=0, token=token)

    class Handler(BaseHTTPRequestHandler):
        def _route(self) -> tuple[str, Conversation, dict[str, list[str]]] | None:
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if query.get("token") != [state.token]:
                self._reply(401, {"reason": "NotAuthenticated"})
                return None
            if not url.path.startswith("/console/"):
                self._reply(404, {})
                return None
            (sender,) = query["conversation_id"]
            if sender not in state.conversations:
                self._reply(404, {"reason": "ConversationNotFound"})
                return None
            return url.path.removeprefix("/console/"), state.conversations[sender], query

        def _reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            route = self._route()
            if route is None:
                return
            path, c, query = route
            if path == "tracker":
                self._reply(200, self._state(query, c))
            elif path == "reachable":
                sender = query["conversation_id"][0]
                self._reply(
                    200, {"sender_id": sender, "reachable": c.reachable, "typing": c.typing}
                )
            else:
                self._reply(404, {})

        def _state(self, query: dict[str, list[str]], c: Conversation) -> dict[str, Any]:
            sender = query["conversation_id"][0]
            times = [e["timestamp"] for e in c.events if "timestamp" in e]
            return {
                "sender_id": sender,
                "events": c.events,
                "slots": c.slots,
                "paused": c.paused,
                "latest_event_time": max(times, default=None),
            }

        def do_POST(self) -> None:
            route = self._route()
            if route is None:
                return
            path, c, query = route
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.loads(raw) if raw else None
            if path == "typing":
                c.typing_shown += 1
                self._reply(200, {"sender_id": query["conversation_id"][0], "shown": True})
            elif path == "tracker/events":
                events = body if isinstance(body, list) else [body]
                for event in events:
                    c.apply(event)
                    if event["event"] == "bot" and query.get("execute_side_effects") == ["true"]:
                        c.sent.append(event)
                self._reply(200, self._state(query, c))
            elif path == "execute":
                c.executed.append(body["name"])
                self._reply(200, {"tracker": self._state(query, c), "messages": []})
            else:
                self._reply(404, {})

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, kwargs=QUICK_SHUTDOWN, daemon=True).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
